// Harbor's toasts: an alert bar under the header, green success or red danger, closable, gone
// after 10 s. toast() may be called from anywhere; <berth-toasts> shows them.
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LightElement } from './light-element';

export type ToastKind = 'success' | 'danger' | 'info' | 'warning';
interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

const TOAST = 'berth-toast';
let nextId = 1;

export function toast(kind: ToastKind, text: string): void {
  window.dispatchEvent(new CustomEvent<Toast>(TOAST, { detail: { id: nextId++, kind, text } }));
}

@customElement('berth-toasts')
export class BerthToasts extends LightElement {
  @state() private toasts: Toast[] = [];
  private readonly onToast = (e: Event) => {
    const t = (e as CustomEvent<Toast>).detail;
    this.toasts = [...this.toasts, t];
    setTimeout(() => this.dismiss(t.id), 10_000);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(TOAST, this.onToast);
  }
  override disconnectedCallback(): void {
    window.removeEventListener(TOAST, this.onToast);
    super.disconnectedCallback();
  }

  private dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  override render() {
    return html`<div class="berth-toasts" role="status" aria-live="polite">
      ${this.toasts.map(
        (t) => html`<div class="alert alert-${t.kind} alert-sm berth-toast" data-kind=${t.kind}>
          <div class="alert-items">
            <div class="alert-item static">
              <div class="alert-icon-wrapper">
                <cds-icon class="alert-icon" shape=${t.kind === 'success' ? 'check-circle' : 'exclamation-circle'}></cds-icon>
              </div>
              <span class="alert-text">${t.text}</span>
            </div>
          </div>
          <button type="button" class="close" aria-label="Close" @click=${() => this.dismiss(t.id)}>
            <cds-icon shape="times"></cds-icon>
          </button>
        </div>`,
      )}
    </div>`;
  }
}
