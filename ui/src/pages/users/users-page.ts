// Administration › Users (/harbor/users, harbor-portal.md §2g): the user list (Name,
// Administrator, Email, Registration time), NEW USER, SET AS ADMIN / REVOKE ADMIN, and Actions ▾
// Reset Password / Delete (after a confirmation).
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, query, request } from '../../api';
import '../../components/action-menu';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { filterBox, selectCell } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import { currentUser } from '../../session';
import type { User } from '../../users';
import './new-user-dialog';
import './reset-password-dialog';

@customElement('berth-users-page')
export class BerthUsersPage extends LightElement {
  private list = new PagedList<User>(this, {
    url: (page, pageSize, filter) =>
      `${API}/users` + query({ page, page_size: pageSize, q: filter ? `username=~${filter}` : undefined }),
    key: (u) => u.user_id,
  });
  @state() private me = 0;
  @state() private dialog: 'new' | 'reset' | 'delete' | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void currentUser().then((u) => (this.me = u?.user_id ?? 0)).catch(() => undefined);
  }

  // SET AS ADMIN when any selected user is not an administrator, REVOKE ADMIN when all are;
  // Harbor enables it only for a selection whose users all have the same role.
  private adminButton() {
    const rows = this.list.selectedRows();
    const allAdmin = rows.length > 0 && rows.every((u) => u.sysadmin_flag);
    const sameRole = rows.length > 0 && rows.every((u) => u.sysadmin_flag === rows[0].sysadmin_flag);
    return html`<button type="button" class="btn btn-secondary btn-sm" id="set-admin" ?disabled=${!sameRole}
      @click=${() => this.setAdmin(!allAdmin)}>${allAdmin ? 'Revoke Admin' : 'Set as Admin'}</button>`;
  }

  private async setAdmin(flag: boolean): Promise<void> {
    const failures: string[] = [];
    for (const u of this.list.selectedRows()) {
      try {
        await request('PUT', `${API}/users/${u.user_id}/sysadmin`, { json: { sysadmin_flag: flag } });
      } catch (e) {
        failures.push(`${u.username}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not change the administrator role of ' + failures.join('; '));
    else toast('success', flag ? 'Set as administrator successfully.' : 'Revoked administrator successfully.');
    void this.list.load();
  }

  private async deleteSelected(): Promise<void> {
    this.dialog = null;
    const failures: string[] = [];
    for (const u of this.list.selectedRows()) {
      try {
        await request('DELETE', `${API}/users/${u.user_id}`);
      } catch (e) {
        failures.push(`${u.username}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not delete ' + failures.join('; '));
    else toast('success', 'Users deleted successfully.');
    this.list.clearSelection();
    void this.list.load();
  }

  private renderDialog() {
    const rows = this.list.selectedRows();
    const closed = () => (this.dialog = null);
    switch (this.dialog) {
      case 'new':
        return html`<berth-new-user-dialog @closed=${closed}
          @created=${() => ((this.dialog = null), this.list.reloadFromFirstPage())}></berth-new-user-dialog>`;
      case 'reset':
        return rows.length === 1
          ? html`<berth-reset-password-dialog .user=${rows[0]} @closed=${closed}></berth-reset-password-dialog>`
          : nothing;
      case 'delete':
        return confirmDialog({
          id: 'delete-user-confirm',
          title: 'Confirm user deletion',
          message: `Do you want to delete user ${rows.map((u) => u.username).join(', ')}?`,
          action: 'Delete',
          onCancel: closed,
          onConfirm: () => void this.deleteSelected(),
        });
      default:
        return nothing;
    }
  }

  private renderRow(u: User) {
    return html`<tr data-name=${u.username}>
      ${selectCell(u.username, this.list.selected.has(u.user_id), (on) => this.list.toggle(u.user_id, on))}
      <td class="left">${u.username}</td>
      <td class="left">${u.sysadmin_flag || u.admin_role_in_auth ? 'Yes' : 'No'}</td>
      <td class="left">${u.email ?? ''}</td>
      <td class="left">${shortDate(u.creation_time)}</td>
    </tr>`;
  }

  override render() {
    const rows = this.list.selectedRows();
    const onlySelf = rows.length > 0 && rows.every((u) => u.user_id === this.me);
    return html`<div class="berth-page-head">
        <h2>Users</h2>
        <div class="berth-toolbar">
          ${filterBox('Filter users', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${alertStrip('danger', this.list.error)}
      <div class="btn-group berth-actions">
        <button type="button" class="btn btn-secondary btn-sm" id="add-new-user" @click=${() => (this.dialog = 'new')}>
          <cds-icon shape="plus" aria-hidden="true"></cds-icon> New User
        </button>
        ${this.adminButton()}
        <berth-action-menu label="Actions" .triggerId=${'member-action'} .items=${[
          { id: 'changePwd', label: 'Reset Password', disabled: rows.length !== 1, run: () => (this.dialog = 'reset') },
          { id: 'deleteUser', label: 'Delete', divider: true, disabled: !rows.length || onlySelf, run: () => (this.dialog = 'delete') },
        ]}></berth-action-menu>
      </div>
      <table class="table berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th class="left">Administrator</th><th class="left">Email</th>
            <th class="left">Registration time</th>
          </tr>
        </thead>
        <tbody>${this.list.body(5, (u) => this.renderRow(u), "We couldn't find any users!")}</tbody>
      </table>
      ${this.list.pager()}
      ${this.renderDialog()}`;
  }
}
