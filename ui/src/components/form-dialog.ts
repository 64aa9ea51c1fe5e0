// What every form dialog of the portal does alike (New Project, New Endpoint, Add Scanner, New
// User, Change Password, …), so each dialog file holds only its fields and its request:
// - FormDialog: the busy state while the request runs (one at a time), the refusal shown in the
//   dialog in plain words, which fields were typed in (their errors show from then on, or on OK),
//   focus on the first field once drawn, and the events the dialog's owner listens for.
// - dialogForm: the horizontal Clarity form; Enter in a field submits it.
// - cancelButton / busyButton: Harbor's footer buttons, the action one with its spinner.
import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { errorText } from '../format';
import { LightElement } from './light-element';
import { focusFirstField } from './modal';

export abstract class FormDialog extends LightElement {
  @state() protected saving = false;
  @state() protected error = '';
  @state() protected touched = new Set<string>();

  override firstUpdated(): void {
    focusFirstField(this);
  }

  // Runs the dialog's request: nothing while one is running; its error, if any, in the dialog, in
  // Berth's words or in the dialog's own (`explain`, where Harbor words a refusal its way).
  protected async submit(action: () => Promise<void>, explain: (e: unknown) => string = errorText): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    this.error = '';
    try {
      await action();
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.saving = false;
    }
  }

  // Tells the dialog's owner what happened: 'closed', 'created', 'saved', …
  protected emit(name: string, detail: unknown = null): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  protected close(): void {
    this.emit('closed');
  }

  // Errors show once a field was typed in, or on OK (not on blur: a message appearing between a
  // mousedown and its mouseup moves the next control away from the pointer).
  protected touch(...fields: string[]): void {
    if (fields.some((f) => !this.touched.has(f))) this.touched = new Set([...this.touched, ...fields]);
  }

  // A field's error, once the field was touched.
  protected shown(field: string, error: string): string {
    return this.touched.has(field) ? error : '';
  }
}

export function dialogForm(onSubmit: () => void, rows: unknown): TemplateResult {
  return html`<form class="clr-form clr-form-horizontal" novalidate @submit=${(e: Event) => (e.preventDefault(), onSubmit())}>
    ${rows}
    <button type="submit" hidden aria-hidden="true" tabindex="-1"></button>
  </form>`;
}

export function cancelButton(id: string, onClick: () => void): TemplateResult {
  return html`<button type="button" class="btn btn-outline" id=${id} @click=${onClick}>Cancel</button>`;
}

export interface BusyButton {
  disabled?: boolean;
  busy?: boolean;
  kind?: 'primary' | 'outline' | 'danger';
  onClick: () => void;
}

// A footer button that shows a spinner while its request runs and cannot be pressed again then.
export function busyButton(id: string, label: string, b: BusyButton): TemplateResult {
  return html`<button type="button" class="btn btn-${b.kind ?? 'primary'}" id=${id} ?disabled=${!!b.disabled || !!b.busy}
    @click=${b.onClick}>${b.busy ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} ${label}</button>`;
}
