// The project's Members tab (/harbor/projects/:id/members), as Harbor's (§2c): filter "Filter
// Members", + USER, + GROUP (only with LDAP or OIDC sign-in, which Berth does not have: shown
// disabled, as Harbor shows it with database sign-in), ACTION ▾ with Set Role and Remove;
// columns Name | Member Type | Role. Changing members needs project admin (or system admin);
// nobody changes their own membership here.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { filterBox, selectCell } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { type ActionItem } from '../../components/action-menu';
import '../../components/action-menu';
import { errorText } from '../../format';
import { ROLES, ROLE_ORDER, type Member } from '../../projects';
import { type TabContext } from './tabs';
import './add-member-dialog';

@customElement('berth-project-members')
export class BerthProjectMembers extends LightElement {
  @property({ attribute: false }) ctx!: TabContext;
  @state() private adding = false;
  @state() private confirmRemove = false;
  @state() private busy = false;
  @state() private error = '';
  private list = new PagedList<Member>(this, {
    url: (page, pageSize, name) =>
      `${API}/projects/${this.ctx.project.project_id}/members` + query({ page, page_size: pageSize, entityname: name }),
    key: (m) => m.id,
  });

  private shownFor = 0;

  // The same element may show another project's members (a link from project to project).
  override willUpdate(): void {
    const id = this.ctx.project.project_id;
    if (this.shownFor && this.shownFor !== id) {
      this.list.clearSelection();
      this.list.reloadFromFirstPage();
    }
    this.shownFor = id;
  }

  // Harbor's "onlySelf": your own membership is not yours to change.
  private get onlySelf(): boolean {
    const rows = this.list.selectedRows();
    return rows.length > 0 && rows.every((m) => m.entity_type === 'u' && m.entity_id === this.ctx.user?.user_id);
  }

  private others(): Member[] {
    return this.list.selectedRows().filter((m) => !(m.entity_type === 'u' && m.entity_id === this.ctx.user?.user_id));
  }

  private async setRole(roleId: number): Promise<void> {
    this.error = '';
    const failures: string[] = [];
    for (const m of this.others()) {
      try {
        await request('PUT', `${API}/projects/${this.ctx.project.project_id}/members/${m.id}`, { json: { role_id: roleId } });
      } catch (e) {
        failures.push(`${m.entity_name}: ${errorText(e)}`);
      }
    }
    if (failures.length) this.error = 'Could not change the role of ' + failures.join('; ');
    else toast('success', 'Switched member role successfully.');
    void this.list.load();
  }

  private async removeSelected(): Promise<void> {
    this.busy = true;
    const failures: string[] = [];
    for (const m of this.others()) {
      try {
        await request('DELETE', `${API}/projects/${this.ctx.project.project_id}/members/${m.id}`);
      } catch (e) {
        failures.push(`${m.entity_name}: ${errorText(e)}`);
      }
    }
    this.busy = false;
    this.confirmRemove = false;
    if (failures.length) this.error = 'Could not remove ' + failures.join('; ');
    else toast('success', 'Deleted member successfully.');
    this.list.clearSelection();
    void this.list.load();
  }

  private menu(): ActionItem[] {
    const can = this.ctx.canManage && this.list.selected.size > 0 && !this.onlySelf;
    const reason = !this.ctx.canManage
      ? 'Only project admins can change members.'
      : this.onlySelf
        ? 'You cannot change your own membership.'
        : 'Select members first.';
    return [
      ...ROLE_ORDER.map((id, i) => ({
        id: `set-role-${id}`,
        label: ROLES[id],
        header: i === 0 ? 'Set Role' : undefined,
        ariaLabel: `Set role: ${ROLES[id]}`,
        disabled: !can,
        reason,
        run: () => void this.setRole(id),
      })),
      { id: 'remove-member', label: 'Remove', divider: true, disabled: !can, reason, run: () => (this.confirmRemove = true) },
    ];
  }

  private renderRow(m: Member) {
    return html`<tr data-name=${m.entity_name}>
      ${selectCell(m.entity_name, this.list.selected.has(m.id), (on) => this.list.toggle(m.id, on))}
      <td class="left">${m.entity_name}</td>
      <td class="left">${m.entity_type === 'g' ? 'Group' : 'User'}</td>
      <td class="left">${ROLES[m.role_id] ?? '-'}</td>
    </tr>`;
  }

  private renderConfirm() {
    const names = this.others().map((m) => m.entity_name);
    return confirmDialog({
      id: 'remove-member-confirm',
      title: 'Confirm project members deletion',
      message: `Do you want to delete project members ${names.join(', ')}?`,
      action: 'Delete',
      busy: this.busy,
      onCancel: () => (this.confirmRemove = false),
      onConfirm: () => void this.removeSelected(),
    });
  }

  override render() {
    const manage = this.ctx.canManage;
    return html`<div class="berth-page-head berth-tab-head">
        <div></div>
        <div class="berth-toolbar">
          ${filterBox('Filter Members', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${alertStrip('danger', this.list.error || this.error, 'members-error')}
      <div class="btn-group berth-actions">
        <button type="button" class="btn btn-secondary btn-sm" id="add-member" ?disabled=${!manage}
          @click=${() => (this.adding = true)}>
          <cds-icon shape="plus" aria-hidden="true"></cds-icon> User
        </button>
        <button type="button" class="btn btn-secondary btn-sm" id="add-group" disabled
          title="Group members need LDAP or OIDC sign-in; Berth signs users in from its own database.">
          <cds-icon shape="plus" aria-hidden="true"></cds-icon> Group
        </button>
        <berth-action-menu label="Action" triggerId="member-action" .items=${this.menu()}></berth-action-menu>
      </div>
      <table class="table berth-grid" aria-busy=${String(this.list.loading)} aria-label="Members">
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th class="left">Member Type</th><th class="left">Role</th>
          </tr>
        </thead>
        <tbody>${this.list.body(4, (m) => this.renderRow(m), "We couldn't find any members!")}</tbody>
      </table>
      ${this.list.pager()}
      ${this.adding
        ? html`<berth-add-member-dialog .projectId=${this.ctx.project.project_id}
            @closed=${() => (this.adding = false)}
            @added=${() => {
              this.adding = false;
              void this.list.load();
            }}></berth-add-member-dialog>`
        : nothing}
      ${this.confirmRemove ? this.renderConfirm() : nothing}`;
  }
}
