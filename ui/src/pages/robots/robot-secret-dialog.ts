// The robot's secret, shown once (after NEW ROBOT ACCOUNT, or an automatic REFRESH SECRET):
// "This is the only time to copy this secret.", Name, Secret with a copy button, and EXPORT TO
// FILE, which downloads <name>.json (what Berth answered: name, secret, id, times) and closes.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import type { RobotCreated } from '../../robots';

// The clipboard API exists only in secure contexts (https, localhost); a Berth reached over
// plain http on another host falls back to the selection.
async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    /* fall back below */
  }
  input.select();
  return document.execCommand('copy');
}

@customElement('berth-robot-secret-dialog')
export class BerthRobotSecretDialog extends LightElement {
  @property({ attribute: false }) robot!: RobotCreated;
  @property() heading = '';

  override firstUpdated(): void {
    this.querySelector<HTMLElement>('#copy-secret')?.focus();
  }

  private async copy(): Promise<void> {
    const input = this.querySelector<HTMLInputElement>('#robot-secret');
    if (input && (await copyText(input))) toast('success', `Copy secret successfully of '${this.robot.name}'`);
    else toast('danger', 'Could not copy the secret: select it and copy it by hand.');
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  override render() {
    const r = this.robot;
    const href = 'data:text/json;charset=utf-8,' + encodeURIComponent(JSON.stringify(r));
    const body = html`${alertStrip('info', "This is the only time to copy this secret.You won't have another opportunity")}
      <div class="clr-form clr-form-horizontal berth-secret">
        <div class="clr-form-control clr-row">
          <span class="clr-control-label clr-col-md-2" id="robot-name-label">Name</span>
          <span class="clr-col-md-10" id="robot-created-name" aria-labelledby="robot-name-label">${r.name}</span>
        </div>
        <div class="clr-form-control clr-row">
          <label class="clr-control-label clr-col-md-2" for="robot-secret">Secret</label>
          <div class="clr-col-md-10 berth-inline">
            <input class="clr-input berth-secret-input" id="robot-secret" type="text" readonly .value=${r.secret}
              @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
            <button type="button" class="btn btn-link btn-icon" id="copy-secret" aria-label="Copy secret" title="Copy"
              @click=${this.copy}><cds-icon shape="copy"></cds-icon></button>
          </div>
        </div>
      </div>`;
    const footer = html`<button type="button" class="btn btn-outline" id="robot-secret-close" @click=${this.close}>Close</button>
      <a class="btn btn-primary" id="export-to-file" href=${href} download="${r.name}.json"
        @click=${() => setTimeout(() => this.close())}>Export to file</a>`;
    // Escape does not close it (Harbor's is not closable either): a stray key would lose a secret
    // that cannot be shown again.
    return modal({ id: 'robot-secret-dialog', title: this.heading, body, footer, onEscape: () => undefined, size: 'lg' });
  }
}
