// Users › Actions › Reset Password (Harbor's "Reset Password" dialog): an administrator sets a
// user's new password; no current password is asked, and Berth ends that user's portal sessions.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, passwordInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { PASSWORD_TIPS, confirmError, passwordError, type User } from '../../users';

@customElement('berth-reset-password-dialog')
export class BerthResetPasswordDialog extends FormDialog {
  @property({ attribute: false }) user!: User;
  @state() private password = '';
  @state() private confirm = '';

  private save(): void {
    this.touch('password', 'confirm');
    if (passwordError(this.password) || confirmError(this.password, this.confirm)) return;
    void this.submit(async () => {
      await request('PUT', `${API}/users/${this.user.user_id}/password`, { json: { new_password: this.password } });
      toast('success', 'Users password reset successfully');
      this.close();
    });
  }

  private field(id: string, label: string, value: string, error: string, set: (v: string) => void, helper = '') {
    return formRow(id, label, passwordInput(id, value, set, { error }), { error, required: true, helper });
  }

  override render() {
    const pwErr = passwordError(this.password);
    const cfErr = confirmError(this.password, this.confirm);
    const body = html`<p>Set a new password for <strong>${this.user.username}</strong>.</p>
      ${alertStrip('danger', this.error, 'reset-password-error')}
      ${dialogForm(() => this.save(), html`
        ${this.field('newPassword', 'New Password', this.password, this.shown('password', pwErr),
          (v) => ((this.password = v), this.touch('password')), PASSWORD_TIPS)}
        ${this.field('reNewPassword', 'Confirm Password', this.confirm, this.shown('confirm', cfErr),
          (v) => ((this.confirm = v), this.touch('confirm')))}`)}`;
    const footer = html`${cancelButton('reset-password-cancel', () => this.close())}
      ${busyButton('reset-password-ok', 'OK', { disabled: !!pwErr || !!cfErr, busy: this.saving, onClick: () => this.save() })}`;
    return modal({ id: 'reset-password-dialog', title: 'Reset Password', body, footer, onEscape: () => this.close() });
  }
}
