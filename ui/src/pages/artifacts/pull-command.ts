// The Pull Command icon of an artifact row: a click opens a small panel with the pull commands
// by tag (what Harbor users ask for, harbor-portal.md §4.3) and by digest, each with a copy
// button. The host is the registry's, from /systeminfo.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { pullByDigest, pullByTag } from '../../artifacts';
import { copyText } from '../../components/copy';
import { OutsideClick } from '../../components/outside-click';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';

// Tags beyond these are on the artifact page's Tags list, each with its own command.
const MAX_TAGS = 5;

export async function copyCommand(text: string): Promise<void> {
  if (await copyText(text)) toast('success', `${text} copied to Clipboard`);
  else toast('warning', 'Copy failed, please try to manually copy.');
}

@customElement('berth-pull-command')
export class BerthPullCommand extends LightElement {
  @property() host = '';
  @property() repository = ''; // project/repo
  @property() digest = '';
  @property({ attribute: false }) tags: string[] = [];
  @state() private open = false;

  // Closes when the user clicks elsewhere.
  protected readonly outside = new OutsideClick(this, (t) => {
    if (this.open && !this.contains(t)) this.open = false;
  });


  private line(label: string, text: string) {
    return html`<div class="berth-command">
      <div class="berth-command-title">${label}</div>
      <div class="berth-command-line">
        <code>${text}</code>
        <button type="button" class="btn btn-link btn-icon btn-sm" aria-label="Copy ${label}"
          @click=${() => void copyCommand(text)}><cds-icon shape="copy"></cds-icon></button>
      </div>
    </div>`;
  }

  private renderPanel() {
    const tags = this.tags.slice(0, MAX_TAGS);
    return html`<div class="berth-pull-panel" role="dialog" aria-label="Pull Command">
      ${tags.map((t) => this.line(`By tag ${t}`, pullByTag(this.host, this.repository, t)))}
      ${this.tags.length > MAX_TAGS
        ? html`<div class="berth-hint">${this.tags.length - MAX_TAGS} more tags: see the artifact's Tags.</div>`
        : nothing}
      ${this.line('By digest', pullByDigest(this.host, this.repository, this.digest))}
    </div>`;
  }

  override render() {
    return html`<span class="berth-pull" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.open = false)}>
      <button type="button" class="btn btn-link btn-icon btn-sm berth-pull-btn" aria-haspopup="dialog"
        aria-expanded=${String(this.open)} aria-label="Pull command for ${this.digest.slice(0, 15)}"
        title="Pull command" @click=${() => (this.open = !this.open)}>
        <cds-icon shape="copy"></cds-icon>
      </button>
      ${this.open ? this.renderPanel() : nothing}
    </span>`;
  }
}
