// Actions › Copy Digest: Harbor's "Copy Digest" dialog, the digest in a text area (selected, for
// copying by hand when the browser refuses) and COPY.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { copyText } from '../../components/copy';
import { LightElement } from '../../components/light-element';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';

@customElement('berth-copy-digest-dialog')
export class BerthCopyDigestDialog extends LightElement {
  @property() digest = '';
  @state() private failed = false;

  override firstUpdated(): void {
    this.querySelector<HTMLTextAreaElement>('#copy-digest-text')?.select();
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  private async copy(): Promise<void> {
    if (await copyText(this.digest)) {
      toast('success', `${this.digest} copied to Clipboard`);
      this.close();
    } else this.failed = true;
  }

  override render() {
    return modal({
      id: 'copy-digest-dialog',
      title: 'Copy Digest',
      onEscape: () => this.close(),
      body: html`<label class="clr-sr-only" for="copy-digest-text">Digest</label>
        <textarea class="clr-textarea berth-digest-text" id="copy-digest-text" rows="2" readonly .value=${this.digest}></textarea>`,
      footer: html`${this.failed ? html`<span class="berth-copy-failed" role="alert">Copy failed, please try to manually copy.</span>` : ''}
        <button type="button" class="btn btn-outline" @click=${() => this.close()}>Close</button>
        <button type="button" class="btn btn-primary" id="copy-digest-ok" @click=${() => void this.copy()}>Copy</button>`,
    });
  }
}
