// One row of a horizontal Clarity form (label left, control right, the error or a helper line
// under the control), as Harbor's dialogs lay out their fields. The error replaces the helper,
// and the control should point at `<id>-error` with aria-describedby while there is one.
import { html, nothing, type TemplateResult } from 'lit';
import './password-input';

export interface RowOptions {
  error?: string;
  required?: boolean;
  helper?: string | TemplateResult;
}

export function formRow(id: string, label: string, control: unknown, o: RowOptions = {}) {
  return html`<div class="clr-form-control clr-row">
    <label class="clr-control-label clr-col-12 clr-col-md-4 ${o.required ? 'required' : ''}" for=${id}>${label}</label>
    <div class="clr-control-container clr-col-12 clr-col-md-8 ${o.error ? 'clr-error' : ''}">
      ${control}
      ${o.error
        ? html`<span class="clr-subtext" id="${id}-error">${o.error}</span>`
        : o.helper
          ? html`<span class="clr-subtext" id="${id}-helper">${o.helper}</span>`
          : nothing}
    </div>
  </div>`;
}

// A text input for formRow: its value, its input handler, and the error wiring.
export function textInput(
  id: string,
  value: string,
  onInput: (v: string) => void,
  o: {
    error?: string; type?: string; placeholder?: string; maxlength?: number; disabled?: boolean; required?: boolean;
    autocomplete?: string;
  } = {},
) {
  return html`<div class="clr-input-wrapper">
    <input class="clr-input berth-wide" id=${id} type=${o.type ?? 'text'} .value=${value}
      placeholder=${o.placeholder ?? nothing} maxlength=${o.maxlength ?? nothing} ?disabled=${!!o.disabled} ?required=${!!o.required}
      autocomplete=${o.autocomplete ?? 'off'}
      aria-invalid=${o.error ? 'true' : 'false'} aria-describedby=${o.error ? `${id}-error` : nothing}
      @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)} />
  </div>`;
}

// A password input for formRow (berth-password-input, with its show/hide eye).
export function passwordInput(
  id: string,
  value: string,
  onInput: (v: string) => void,
  o: { error?: string; placeholder?: string; autocomplete?: string } = {},
) {
  return html`<berth-password-input .inputId=${id} .value=${value} .invalid=${!!o.error} .placeholder=${o.placeholder ?? ''}
    .autocomplete=${o.autocomplete ?? 'new-password'}
    @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}></berth-password-input>`;
}

// A two-line text area for formRow (the dialogs' Description).
export function textArea(id: string, value: string, onInput: (v: string) => void) {
  return html`<textarea class="clr-textarea berth-wide" id=${id} rows="2" .value=${value}
    @input=${(e: Event) => onInput((e.target as HTMLTextAreaElement).value)}></textarea>`;
}
