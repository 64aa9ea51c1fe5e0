// NEW USER (Harbor's "New User" dialog): Username, Email, First and last name, Password, Confirm
// Password, Comments, with Harbor's rules and messages under each field. A taken username or
// email is found as soon as the field is left (GET /users with q=username= / q=email=), and
// again by Berth on OK (409), shown at the top.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getPage, postJson, query } from '../../api';
import { alertStrip } from '../../components/alert';
import { formRow, textInput } from '../../components/form-row';
import { LightElement } from '../../components/light-element';
import { focusFirstField, modal } from '../../components/modal';
import '../../components/password-input';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import {
  PASSWORD_TIPS, commentError, confirmError, emailError, passwordError, realnameError, usernameError, type User,
} from '../../users';

type Field = 'username' | 'email' | 'realname' | 'password' | 'confirm' | 'comment';

@customElement('berth-new-user-dialog')
export class BerthNewUserDialog extends LightElement {
  @state() private v: Record<Field, string> = { username: '', email: '', realname: '', password: '', confirm: '', comment: '' };
  @state() private touched = new Set<Field>();
  @state() private taken: { username?: string; email?: string } = {};
  @state() private saving = false;
  @state() private error = '';

  override firstUpdated(): void {
    focusFirstField(this);
  }

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
    if (!this.touched.has(field)) this.touched = new Set([...this.touched, field]);
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

  private async save(): Promise<void> {
    this.touched = new Set(['username', 'email', 'realname', 'password', 'confirm', 'comment']);
    if (Object.values(this.errors()).some(Boolean) || this.saving) return;
    this.saving = true;
    this.error = '';
    const v = this.v;
    try {
      await postJson(`${API}/users`, {
        username: v.username.trim(), email: v.email.trim(), realname: v.realname.trim(), password: v.password, comment: v.comment,
      });
      toast('success', 'New user created successfully.');
      this.dispatchEvent(new CustomEvent('created', { bubbles: true }));
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  private shown(errs: Record<Field, string>, f: Field): string {
    return this.touched.has(f) ? errs[f] : '';
  }

  private passwordRow(id: string, label: string, field: 'password' | 'confirm', errs: Record<Field, string>, helper = '') {
    const err = this.shown(errs, field);
    return formRow(
      id,
      label,
      html`<berth-password-input .inputId=${id} .value=${this.v[field]} .invalid=${!!err}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}></berth-password-input>`,
      { error: err, required: true, helper },
    );
  }

  override render() {
    const errs = this.errors();
    const valid = !Object.values(errs).some(Boolean);
    const body = html`${alertStrip('danger', this.error, 'new-user-error')}
      <form class="clr-form clr-form-horizontal" novalidate @submit=${(e: Event) => (e.preventDefault(), this.save())}>
        ${formRow('username', 'Username',
          html`<div @focusout=${() => this.checkTaken('username')}>${textInput('username', this.v.username, (x) => this.set('username', x), { error: this.shown(errs, 'username'), maxlength: 255 })}</div>`,
          { error: this.shown(errs, 'username'), required: true })}
        ${formRow('email', 'Email',
          html`<div @focusout=${() => this.checkTaken('email')}>${textInput('email', this.v.email, (x) => this.set('email', x), { error: this.shown(errs, 'email'), type: 'email' })}</div>`,
          { error: this.shown(errs, 'email'), required: true, helper: 'Email is only used for resetting your password.' })}
        ${formRow('realname', 'First and last name',
          textInput('realname', this.v.realname, (x) => this.set('realname', x), { error: this.shown(errs, 'realname') }),
          { error: this.shown(errs, 'realname'), required: true })}
        ${this.passwordRow('newPassword', 'Password', 'password', errs, PASSWORD_TIPS)}
        ${this.passwordRow('confirmPassword', 'Confirm Password', 'confirm', errs)}
        ${formRow('comment', 'Comments',
          textInput('comment', this.v.comment, (x) => this.set('comment', x), { error: this.shown(errs, 'comment') }),
          { error: this.shown(errs, 'comment') })}
        <button type="submit" hidden aria-hidden="true" tabindex="-1"></button>
      </form>`;
    const footer = html`<button type="button" class="btn btn-outline" id="new-user-cancel" @click=${this.close}>Cancel</button>
      <button type="button" class="btn btn-primary" id="save-button" ?disabled=${!valid || this.saving} @click=${this.save}>
        ${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} OK
      </button>`;
    return modal({ id: 'new-user-dialog', title: 'New User', body, footer, onEscape: () => this.close() });
  }
}
