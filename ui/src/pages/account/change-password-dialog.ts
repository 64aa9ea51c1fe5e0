// The header menu's Change Password (Harbor's dialog): Current Password, New Password, Confirm
// Password with Harbor's rule and messages; OK → PUT /users/{id}/password. Berth refuses a wrong
// current password (and counts it as a failed login) and a new one equal to the old.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { formRow } from '../../components/form-row';
import { LightElement } from '../../components/light-element';
import { focusFirstField, modal } from '../../components/modal';
import '../../components/password-input';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { forgetDefaultPassword } from '../../session';
import { PASSWORD_TIPS, confirmError, passwordError } from '../../users';

type Field = 'old' | 'password' | 'confirm';

@customElement('berth-change-password-dialog')
export class BerthChangePasswordDialog extends LightElement {
  @property({ type: Number }) userId = 0;
  @state() private v: Record<Field, string> = { old: '', password: '', confirm: '' };
  @state() private touched = new Set<Field>();
  @state() private saving = false;
  @state() private error = '';

  override firstUpdated(): void {
    focusFirstField(this);
  }

  private errors(): Record<Field, string> {
    return {
      old: this.v.old ? '' : 'Current password is required.',
      password: passwordError(this.v.password),
      confirm: confirmError(this.v.password, this.v.confirm),
    };
  }

  private async save(): Promise<void> {
    this.touched = new Set(['old', 'password', 'confirm']);
    if (Object.values(this.errors()).some(Boolean) || this.saving) return;
    this.saving = true;
    this.error = '';
    try {
      await request('PUT', `${API}/users/${this.userId}/password`, {
        json: { old_password: this.v.old, new_password: this.v.password },
      });
      forgetDefaultPassword();
      toast('success', 'User password changed successfully.');
      this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  private row(id: string, label: string, field: Field, errs: Record<Field, string>, helper = '', autocomplete = 'new-password') {
    const err = this.touched.has(field) ? errs[field] : '';
    return formRow(id, label,
      html`<berth-password-input .inputId=${id} .value=${this.v[field]} .invalid=${!!err} .autocomplete=${autocomplete}
        @input=${(e: Event) => {
          this.v = { ...this.v, [field]: (e.target as HTMLInputElement).value };
          this.touched = new Set([...this.touched, field]);
        }}></berth-password-input>`,
      { error: err, required: true, helper });
  }

  override render() {
    const errs = this.errors();
    const body = html`${alertStrip('danger', this.error, 'change-password-error')}
      <form class="clr-form clr-form-horizontal" novalidate @submit=${(e: Event) => (e.preventDefault(), this.save())}>
        ${this.row('oldPassword', 'Current Password', 'old', errs, '', 'current-password')}
        ${this.row('newPassword', 'New Password', 'password', errs, PASSWORD_TIPS)}
        ${this.row('reNewPassword', 'Confirm Password', 'confirm', errs)}
        <button type="submit" hidden aria-hidden="true" tabindex="-1"></button>
      </form>`;
    const footer = html`<button type="button" class="btn btn-outline" id="cancel-btn" @click=${this.close}>Cancel</button>
      <button type="button" class="btn btn-primary" id="ok-btn" ?disabled=${Object.values(errs).some(Boolean) || this.saving}
        @click=${this.save}>${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} OK</button>`;
    return modal({ id: 'change-password-dialog', title: 'Change Password', body, footer, onEscape: () => this.close() });
  }
}
