// A password field with Harbor's eye icon that shows or hides what was typed. The inner input
// carries `inputId` (labels point at it) and its input events bubble to the caller.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LightElement } from './light-element';

@customElement('berth-password-input')
export class BerthPasswordInput extends LightElement {
  @property() inputId = '';
  @property() value = '';
  @property() placeholder = '';
  @property({ type: Boolean }) invalid = false;
  @property() autocomplete = 'new-password';
  @state() private shown = false;

  override render() {
    return html`<div class="clr-input-wrapper berth-password">
      <input class="clr-input berth-wide" id=${this.inputId} type=${this.shown ? 'text' : 'password'}
        .value=${this.value} placeholder=${this.placeholder || nothing} autocomplete=${this.autocomplete}
        aria-invalid=${this.invalid ? 'true' : 'false'}
        aria-describedby=${this.invalid ? `${this.inputId}-error` : nothing}
        @input=${(e: Event) => (this.value = (e.target as HTMLInputElement).value)} />
      <button type="button" class="btn btn-link btn-icon btn-sm berth-eye"
        aria-label=${this.shown ? 'Hide password' : 'Show password'} @click=${() => (this.shown = !this.shown)}>
        <cds-icon shape=${this.shown ? 'eye-hide' : 'eye'}></cds-icon>
      </button>
    </div>`;
  }
}
