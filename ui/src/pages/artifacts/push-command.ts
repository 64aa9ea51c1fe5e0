// PUSH COMMAND (the Repositories tab's toolbar): Harbor's dropdown with one tab per client
// (Docker, Podman, Helm, CNAB), each with the commands that push into this project, named with
// the registry host from /systeminfo, and a copy button per command.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { registryHostName } from '../../artifacts';
import { copyText } from '../../components/copy';
import { OutsideClick } from '../../components/outside-click';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';

interface Command {
  title: string;
  text: string;
}

function commands(client: string, host: string, project: string): Command[] {
  const target = `${host}/${project}/REPOSITORY[:TAG]`;
  switch (client) {
    case 'Podman':
      return [{ title: 'Push an image to this project:', text: `podman push SOURCE_IMAGE[:TAG] ${target}` }];
    case 'Helm':
      return [
        { title: 'Package a chart for this project:', text: 'helm package CHART_PATH' },
        { title: 'Push a chart to this project:', text: `helm push CHART_PACKAGE oci://${host}/${project}` },
      ];
    case 'CNAB':
      return [
        { title: 'Push a CNAB to this project:', text: `cnab-to-oci push CNAB_PATH --target ${target} --auto-update-bundle` },
      ];
    default:
      return [
        { title: 'Tag an image for this project:', text: `docker tag SOURCE_IMAGE[:TAG] ${target}` },
        { title: 'Push an image to this project:', text: `docker push ${target}` },
      ];
  }
}

const CLIENTS = ['Docker', 'Podman', 'Helm', 'CNAB'];

@customElement('berth-push-command')
export class BerthPushCommand extends LightElement {
  @property() project = '';
  @state() private open = false;
  @state() private client = 'Docker';
  @state() private host = '';

  // Closes when the user clicks elsewhere.
  protected readonly outside = new OutsideClick(this, (t) => {
    if (this.open && !this.contains(t)) this.open = false;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    void registryHostName().then((h) => (this.host = h));
  }

  private async copy(text: string): Promise<void> {
    if (await copyText(text)) toast('success', `${text} copied to Clipboard`);
    else toast('warning', 'Copy failed, please try to manually copy the command references.');
  }

  private renderPanel() {
    return html`<div class="dropdown-menu berth-push-panel" role="dialog" aria-label="Push Command">
      <p class="berth-hint">Command references for pushing an artifact to this project.</p>
      <ul class="nav" role="tablist" aria-label="Client">
        ${CLIENTS.map(
          (c) => html`<li class="nav-item" role="presentation">
            <button type="button" class="btn btn-link nav-link ${c === this.client ? 'active' : ''}" role="tab"
              aria-selected=${String(c === this.client)} @click=${() => (this.client = c)}>${c}</button>
          </li>`,
        )}
      </ul>
      <div role="tabpanel" class="berth-push-commands">
        ${commands(this.client, this.host, this.project).map(
          (cmd) => html`<div class="berth-command">
            <div class="berth-command-title">${cmd.title}</div>
            <div class="berth-command-line">
              <code>${cmd.text}</code>
              <button type="button" class="btn btn-link btn-icon btn-sm" aria-label="Copy: ${cmd.title}"
                @click=${() => this.copy(cmd.text)}><cds-icon shape="copy"></cds-icon></button>
            </div>
          </div>`,
        )}
      </div>
    </div>`;
  }

  override render() {
    return html`<div class="dropdown bottom-right ${this.open ? 'open' : ''}"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.open = false)}>
      <button type="button" class="btn btn-link btn-sm dropdown-toggle" id="push-command" aria-haspopup="dialog"
        aria-expanded=${String(this.open)} @click=${() => (this.open = !this.open)}>
        <cds-icon shape="terminal" aria-hidden="true"></cds-icon> Push Command
        <cds-icon shape="angle" direction="down" aria-hidden="true"></cds-icon>
      </button>
      ${this.open ? this.renderPanel() : nothing}
    </div>`;
  }
}
