// NEW USER (Harbor's "New User" dialog): Username, Email, First and last name, Password, Confirm
// Password, Comments, with Harbor's rules and messages under each field. A taken username or
// email is found as soon as the field is left (GET /users with q=username= / q=email=), and
// again by Berth on OK (409), shown at the top.
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getPage, postJson, query } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, passwordInput, textInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import {
  PASSWORD_TIPS, commentError, confirmError, emailError, passwordError, realnameError, usernameError, type User,
} from '../../users';

type Field = 'username' | 'email' | 'realname' | 'password' | 'confirm' | 'comment';
const FIELDS: Field[] = ['username', 'email', 'realname', 'password', 'confirm', 'comment'];

@customElement('berth-new-user-dialog')
export class BerthNewUserDialog extends FormDialog {
  @state() private v: Record<Field, string> = { username: '', email: '', realname: '', password: '', confirm: '', comment: '' };
  @state() private taken: { username?: string; email?: string } = {};

  private errors(): Record<Field, string> {
    const v = this.v;
    return {
      username: usernameError(v.username) || (this.taken.username === v.username ? 'Username is already in use.' : ''),
      email: emailError(v.email) || (this.taken.email === v.email ? 'Email address already exists.' : ''),
      realname: realnameError(v.realname, true),
      password: passwordError(v.password),
      confirm: confirmError(v.password, v.confirm),
      comment: commentError(v.comment),
    };
  }

  private set(field: Field, value: string): void {
    this.v = { ...this.v, [field]: value };
    this.touch(field);
  }

  // Harbor checks a name or email is free when the field is left.
  private async checkTaken(field: 'username' | 'email'): Promise<void> {
    const value = this.v[field].trim();
    if (!value || (field === 'username' ? usernameError(value) : emailError(value))) return;
    try {
      const page = await getPage<User>(`${API}/users` + query({ q: `${field}=${value}`, page_size: 1 }));
      if (page.total > 0 && this.v[field].trim() === value) this.taken = { ...this.taken, [field]: value };
    } catch {
      /* the check is a courtesy: Berth refuses a duplicate on OK anyway */
    }
  }

  private save(): void {
    this.touch(...FIELDS);
    if (Object.values(this.errors()).some(Boolean)) return;
    const v = this.v;
    void this.submit(async () => {
      await postJson(`${API}/users`, {
        username: v.username.trim(), email: v.email.trim(), realname: v.realname.trim(), password: v.password, comment: v.comment,
      });
      toast('success', 'New user created successfully.');
      this.emit('created');
    });
  }

  // A text row; `onLeave` runs when the focus leaves the field.
  private textRow(field: Field, label: string, errs: Record<Field, string>, required: boolean, helper = '', onLeave?: () => void) {
    const error = this.shown(field, errs[field]);
    const input = textInput(field, this.v[field], (x) => this.set(field, x),
      { error, type: field === 'email' ? 'email' : 'text', maxlength: field === 'username' ? 255 : undefined });
    return formRow(field, label, onLeave ? html`<div @focusout=${onLeave}>${input}</div>` : input, { error, required, helper });
  }

  private passwordRow(id: string, label: string, field: 'password' | 'confirm', errs: Record<Field, string>, helper = '') {
    const error = this.shown(field, errs[field]);
    return formRow(id, label, passwordInput(id, this.v[field], (x) => this.set(field, x), { error }), { error, required: true, helper });
  }

  override render() {
    const errs = this.errors();
    const valid = !Object.values(errs).some(Boolean);
    const body = html`${alertStrip('danger', this.error, 'new-user-error')}
      ${dialogForm(() => this.save(), html`
        ${this.textRow('username', 'Username', errs, true, '', () => this.checkTaken('username'))}
        ${this.textRow('email', 'Email', errs, true, 'Email is only used for resetting your password.', () => this.checkTaken('email'))}
        ${this.textRow('realname', 'First and last name', errs, true)}
        ${this.passwordRow('newPassword', 'Password', 'password', errs, PASSWORD_TIPS)}
        ${this.passwordRow('confirmPassword', 'Confirm Password', 'confirm', errs)}
        ${this.textRow('comment', 'Comments', errs, false)}`)}`;
    const footer = html`${cancelButton('new-user-cancel', () => this.close())}
      ${busyButton('save-button', 'OK', { disabled: !valid, busy: this.saving, onClick: () => this.save() })}`;
    return modal({ id: 'new-user-dialog', title: 'New User', body, footer, onEscape: () => this.close() });
  }
}
