// The header menu's User Profile (Harbor's "User Profile" dialog): Username (read-only), Email,
// First and last name, Comments; OK saves them with PUT /users/{id}.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getJson, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, textInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { commentError, emailError, realnameError, type User } from '../../users';

@customElement('berth-user-profile-dialog')
export class BerthUserProfileDialog extends FormDialog {
  @state() private user: User | null = null;
  @state() private email = '';
  @state() private realname = '';
  @state() private comment = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const u = await getJson<User>(`${API}/users/current`);
      this.user = u;
      this.email = u.email ?? '';
      this.realname = u.realname ?? '';
      this.comment = u.comment ?? '';
      // The form appears once the profile is loaded: the focus goes to Email then.
      await this.updateComplete;
      this.querySelector<HTMLInputElement>('#account_settings_email')?.focus();
    } catch (e) {
      this.error = 'Could not load your profile: ' + errorText(e);
    }
  }

  private errors() {
    return { email: emailError(this.email.trim()), realname: realnameError(this.realname.trim(), true), comment: commentError(this.comment) };
  }

  private save(): void {
    const errs = this.errors();
    const user = this.user;
    if (!user || errs.email || errs.realname || errs.comment) return;
    const fields = { email: this.email.trim(), realname: this.realname.trim(), comment: this.comment };
    void this.submit(async () => {
      await request('PUT', `${API}/users/${user.user_id}`, { json: fields });
      toast('success', 'User profile saved successfully.');
      this.close();
    });
  }

  private renderForm(u: User) {
    const errs = this.errors();
    return dialogForm(() => this.save(), html`
      ${formRow('account_settings_username', 'Username', textInput('account_settings_username', u.username, () => undefined, { disabled: true }))}
      ${formRow('account_settings_email', 'Email', textInput('account_settings_email', this.email, (v) => (this.email = v), { error: errs.email, type: 'email' }),
        { error: errs.email, required: true })}
      ${formRow('account_settings_full_name', 'First and last name',
        textInput('account_settings_full_name', this.realname, (v) => (this.realname = v), { error: errs.realname }),
        { error: errs.realname, required: true })}
      ${formRow('account_settings_comments', 'Comments',
        textInput('account_settings_comments', this.comment, (v) => (this.comment = v), { error: errs.comment, maxlength: 30 }),
        { error: errs.comment })}`);
  }

  override render() {
    const errs = this.errors();
    const u = this.user;
    const body = html`${alertStrip('danger', this.error, 'profile-error')}
      ${u ? this.renderForm(u) : this.error ? nothing : html`<p aria-busy="true">Loading…</p>`}`;
    const invalid = !u || !!errs.email || !!errs.realname || !!errs.comment;
    const footer = html`${cancelButton('cancel-btn', () => this.close())}
      ${busyButton('submit-btn', 'OK', { disabled: invalid, busy: this.saving, onClick: () => this.save() })}`;
    return modal({ id: 'user-profile-dialog', title: 'User Profile', body, footer, onEscape: () => this.close() });
  }
}
