// The header menu's Change Password (Harbor's dialog): Current Password, New Password, Confirm
// Password with Harbor's rule and messages; OK → PUT /users/{id}/password. Berth refuses a wrong
// current password (and counts it as a failed login) and a new one equal to the old.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, passwordInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { forgetDefaultPassword } from '../../session';
import { PASSWORD_TIPS, confirmError, passwordError } from '../../users';

type Field = 'old' | 'password' | 'confirm';

@customElement('berth-change-password-dialog')
export class BerthChangePasswordDialog extends FormDialog {
  @property({ type: Number }) userId = 0;
  @state() private v: Record<Field, string> = { old: '', password: '', confirm: '' };

  private errors(): Record<Field, string> {
    return {
      old: this.v.old ? '' : 'Current password is required.',
      password: passwordError(this.v.password),
      confirm: confirmError(this.v.password, this.v.confirm),
    };
  }

  private save(): void {
    this.touch('old', 'password', 'confirm');
    if (Object.values(this.errors()).some(Boolean)) return;
    void this.submit(async () => {
      await request('PUT', `${API}/users/${this.userId}/password`, {
        json: { old_password: this.v.old, new_password: this.v.password },
      });
      forgetDefaultPassword();
      toast('success', 'User password changed successfully.');
      this.close();
    });
  }

  private row(id: string, label: string, field: Field, errs: Record<Field, string>, helper = '', autocomplete = 'new-password') {
    const error = this.shown(field, errs[field]);
    const set = (value: string) => ((this.v = { ...this.v, [field]: value }), this.touch(field));
    return formRow(id, label, passwordInput(id, this.v[field], set, { error, autocomplete }), { error, required: true, helper });
  }

  override render() {
    const errs = this.errors();
    const body = html`${alertStrip('danger', this.error, 'change-password-error')}
      ${dialogForm(() => this.save(), html`
        ${this.row('oldPassword', 'Current Password', 'old', errs, '', 'current-password')}
        ${this.row('newPassword', 'New Password', 'password', errs, PASSWORD_TIPS)}
        ${this.row('reNewPassword', 'Confirm Password', 'confirm', errs)}`)}`;
    const footer = html`${cancelButton('cancel-btn', () => this.close())}
      ${busyButton('ok-btn', 'OK', { disabled: Object.values(errs).some(Boolean), busy: this.saving, onClick: () => this.save() })}`;
    return modal({ id: 'change-password-dialog', title: 'Change Password', body, footer, onEscape: () => this.close() });
  }
}
