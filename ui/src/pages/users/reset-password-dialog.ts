// Users › Actions › Reset Password (Harbor's "Reset Password" dialog): an administrator sets a
// user's new password; no current password is asked, and Berth ends that user's portal sessions.
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
import { PASSWORD_TIPS, confirmError, passwordError, type User } from '../../users';

@customElement('berth-reset-password-dialog')
export class BerthResetPasswordDialog extends LightElement {
  @property({ attribute: false }) user!: User;
  @state() private password = '';
  @state() private confirm = '';
  @state() private touched = new Set<string>();
  @state() private saving = false;
  @state() private error = '';

  override firstUpdated(): void {
    focusFirstField(this);
  }

  private async save(): Promise<void> {
    this.touched = new Set(['password', 'confirm']);
    if (passwordError(this.password) || confirmError(this.password, this.confirm) || this.saving) return;
    this.saving = true;
    this.error = '';
    try {
      await request('PUT', `${API}/users/${this.user.user_id}/password`, { json: { new_password: this.password } });
      toast('success', 'Users password reset successfully');
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

  private field(id: string, label: string, value: string, err: string, set: (v: string) => void, helper = '') {
    return formRow(
      id,
      label,
      html`<berth-password-input .inputId=${id} .value=${value} .invalid=${!!err}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}></berth-password-input>`,
      { error: err, required: true, helper },
    );
  }

  override render() {
    const pwErr = passwordError(this.password);
    const cfErr = confirmError(this.password, this.confirm);
    const body = html`<p>Set a new password for <strong>${this.user.username}</strong>.</p>
      ${alertStrip('danger', this.error, 'reset-password-error')}
      <form class="clr-form clr-form-horizontal" novalidate @submit=${(e: Event) => (e.preventDefault(), this.save())}>
        ${this.field('newPassword', 'New Password', this.password, this.touched.has('password') ? pwErr : '',
          (v) => ((this.password = v), (this.touched = new Set([...this.touched, 'password']))), PASSWORD_TIPS)}
        ${this.field('reNewPassword', 'Confirm Password', this.confirm, this.touched.has('confirm') ? cfErr : '',
          (v) => ((this.confirm = v), (this.touched = new Set([...this.touched, 'confirm']))))}
        <button type="submit" hidden aria-hidden="true" tabindex="-1"></button>
      </form>`;
    const footer = html`<button type="button" class="btn btn-outline" id="reset-password-cancel" @click=${this.close}>Cancel</button>
      <button type="button" class="btn btn-primary" id="reset-password-ok" ?disabled=${!!pwErr || !!cfErr || this.saving}
        @click=${this.save}>${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} OK</button>`;
    return modal({ id: 'reset-password-dialog', title: 'Reset Password', body, footer, onEscape: () => this.close() });
  }
}
