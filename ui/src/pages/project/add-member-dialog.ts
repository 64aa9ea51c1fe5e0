// + USER on the Members tab: Harbor's "New Member" dialog. Name (#member_name) suggests user
// names as one types (GET /users/search, which any signed-in user may call, where Harbor's
// /users is for administrators only) and says at once when the user is already a member; Role
// radios in Harbor's order, Project Admin first and chosen. OK posts the membership.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, ApiError, getPage, postJson, query } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { ROLES, ROLE_ORDER, type Member } from '../../projects';

// Harbor's radio ids, by role id.
const RADIO_IDS: Record<number, string> = {
  1: 'checkrads_project_admin',
  4: 'checkrads_project_maintainer',
  2: 'checkrads_developer',
  3: 'checkrads_guest',
  5: 'checkrads_limited_guest',
};

@customElement('berth-add-member-dialog')
export class BerthAddMemberDialog extends FormDialog {
  @property({ type: Number }) projectId = 0;
  @state() private name = '';
  @state() private already = false;
  @state() private suggestions: string[] = [];
  @state() private active = -1;
  @state() private roleId = 1;
  private searchTimer = 0;
  private generation = 0;

  override disconnectedCallback(): void {
    clearTimeout(this.searchTimer);
    super.disconnectedCallback();
  }

  private get nameError(): string {
    if (!this.name.trim()) return this.shown('name', 'Username is required');
    return this.already ? 'Username already exists.' : '';
  }

  private onInput(e: Event): void {
    this.name = (e.target as HTMLInputElement).value;
    this.touch('name');
    this.already = false;
    clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(() => void this.lookUp(this.name.trim()), 300);
  }

  // The suggestions and the "already a member" check for what was typed; a newer keystroke wins.
  private async lookUp(name: string): Promise<void> {
    const gen = ++this.generation;
    if (!name) {
      this.suggestions = [];
      return;
    }
    try {
      const [users, members] = await Promise.all([
        getPage<{ username: string }>(`${API}/users/search` + query({ username: name, page: 1, page_size: 10 })),
        getPage<Member>(`${API}/projects/${this.projectId}/members` + query({ entityname: name, page: 1, page_size: 10 })),
      ]);
      if (gen !== this.generation) return;
      this.suggestions = users.items.map((u) => u.username).filter((u) => u !== name);
      this.active = -1;
      this.already = members.items.some((m) => m.entity_name === name);
    } catch {
      /* no suggestions; OK still answers with the reason */
    }
  }

  private pick(name: string): void {
    this.name = name;
    this.suggestions = [];
    this.active = -1;
    this.already = false;
    clearTimeout(this.searchTimer);
    void this.lookUp(name);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.suggestions.length;
    if (!n) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
    } else if (e.key === 'Enter' && this.active >= 0) {
      e.preventDefault();
      this.pick(this.suggestions[this.active]);
    } else if (e.key === 'Escape') {
      // The list closes; the dialog stays.
      e.stopPropagation();
      this.suggestions = [];
    }
  }

  private save(): void {
    this.touch('name');
    if (!this.name.trim() || this.already) return;
    void this.submit(async () => {
      await postJson(`${API}/projects/${this.projectId}/members`, {
        role_id: this.roleId,
        member_user: { username: this.name.trim() },
      });
      toast('success', 'Added member successfully.');
      this.emit('added');
    }, (err) => {
      const status = err instanceof ApiError ? err.status : 0;
      if (status === 409) this.already = true;
      return status === 404 ? 'Username does not exist.' : status === 409 ? 'Username already exists.' : errorText(err);
    });
  }

  private renderName() {
    const err = this.nameError;
    const open = this.suggestions.length > 0;
    return html`<div class="clr-form-control clr-row">
      <label class="clr-control-label clr-col-12 clr-col-md-3 required" for="member_name">Name</label>
      <div class="clr-control-container clr-col-12 clr-col-md-9 ${err ? 'clr-error' : ''}">
        <div class="clr-input-wrapper berth-combobox">
          <input class="clr-input berth-wide" id="member_name" type="text" autocomplete="off" required
            role="combobox" aria-autocomplete="list" aria-expanded=${String(open)} aria-controls="member_name-list"
            aria-activedescendant=${this.active >= 0 ? `member_name-option-${this.active}` : nothing}
            aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? 'member_name-error' : nothing}
            .value=${this.name} @input=${this.onInput} @keydown=${this.onKey}
            @blur=${() => setTimeout(() => (this.suggestions = []), 150)} />
          <ul class="berth-suggestions" id="member_name-list" role="listbox" aria-label="User names" ?hidden=${!open}>
            ${this.suggestions.map(
              (u, i) => html`<li role="option" id="member_name-option-${i}" aria-selected=${String(i === this.active)}
                class=${i === this.active ? 'active' : ''}
                @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.pick(u)}>${u}</li>`,
            )}
          </ul>
        </div>
        ${err ? html`<span class="clr-subtext" id="member_name-error">${err}</span>` : nothing}
      </div>
    </div>`;
  }

  private renderRoles() {
    return html`<fieldset class="clr-form-control clr-row berth-fieldset">
      <legend class="clr-control-label clr-col-12 clr-col-md-3">Role</legend>
      <div class="clr-control-container clr-col-12 clr-col-md-9">
        ${ROLE_ORDER.map(
          (id) => html`<div class="clr-radio-wrapper">
            <input type="radio" class="clr-radio" name="member_role" id=${RADIO_IDS[id]} .checked=${this.roleId === id}
              @change=${() => (this.roleId = id)} />
            <label for=${RADIO_IDS[id]} class="clr-control-label">${ROLES[id]}</label>
          </div>`,
        )}
      </div>
    </fieldset>`;
  }

  override render() {
    const body = html`${alertStrip('danger', this.error, 'member-error')}
      <p>Add a user to be a member of this project with specified role</p>
      ${dialogForm(() => this.save(), html`${this.renderName()} ${this.renderRoles()}`)}`;
    const footer = html`${cancelButton('member-cancel', () => this.close())}
      ${busyButton('member-ok', 'OK', { disabled: !this.name.trim() || this.already, busy: this.saving, onClick: () => this.save() })}`;
    return modal({ id: 'add-member-dialog', title: 'New Member', body, footer, onEscape: () => this.close() });
  }
}
