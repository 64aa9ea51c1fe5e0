// The robot account list Harbor shows under Administration › Robot Accounts (system robots) and
// on a project's Robot Accounts tab (that project's robots): Search by name, NEW ROBOT ACCOUNT,
// ACTION ▾ (REFRESH SECRET, EDIT, ENABLE / DEACTIVATE, DELETE), and the grid with the enabled
// state, the permissions (read-only grids), creation time, time left and description. The one
// wizard and the secret dialogs are shared by both.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson, query, request } from '../../api';
import '../../components/action-menu';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { filterBox, selectCell } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import type { Project } from '../../projects';
import { expiresIn, type PermissionCatalogue, type Robot, type RobotCreated, type RobotPermission } from '../../robots';
import './refresh-secret-dialog';
import './robot-dialog';
import './robot-permissions-view';
import './robot-secret-dialog';

type Dialog =
  | { kind: 'new' | 'edit' | 'refresh' | 'delete' | 'toggle' }
  | { kind: 'secret'; robot: RobotCreated; heading: string }
  | { kind: 'view'; heading: string; permissions: RobotPermission[] };

@customElement('berth-robot-list')
export class BerthRobotList extends LightElement {
  // The project whose robots to list; null for the system robots.
  @property({ attribute: false }) project: Project | null = null;
  // Whether the user may create and change robots here (project admin, system admin).
  @property({ type: Boolean }) canManage = true;
  @state() private catalogue: PermissionCatalogue | null = null;
  @state() private catalogueError = '';
  @state() private dialog: Dialog | null = null;
  private list = new PagedList<Robot>(this, {
    url: (page, pageSize, filter) => {
      const scope = this.project ? `Level=project,ProjectID=${this.project.project_id}` : 'Level=system';
      return `${API}/robots` + query({ page, page_size: pageSize, q: filter ? `${scope},name=~${filter}` : scope, sort: '-creation_time' });
    },
    key: (r) => r.id,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.canManage) void this.loadCatalogue();
  }

  private async loadCatalogue(): Promise<void> {
    try {
      this.catalogue = await getJson<PermissionCatalogue>(`${API}/permissions`);
    } catch (e) {
      this.catalogueError = 'Could not load the permissions a robot may be given: ' + errorText(e);
    }
  }

  private selected(): Robot | undefined {
    const rows = this.list.selectedRows();
    return rows.length === 1 ? rows[0] : undefined;
  }

  private async deleteSelected(): Promise<void> {
    this.dialog = null;
    const failures: string[] = [];
    for (const r of this.list.selectedRows()) {
      try {
        await request('DELETE', `${API}/robots/${r.id}`);
      } catch (e) {
        failures.push(`${r.name}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not delete ' + failures.join('; '));
    else toast('success', 'Deleted robot(s) successfully');
    this.list.clearSelection();
    void this.list.load();
  }

  // Harbor sends the whole robot back with `disable` flipped.
  private async toggleSelected(): Promise<void> {
    this.dialog = null;
    const r = this.selected();
    if (!r) return;
    try {
      await request('PUT', `${API}/robots/${r.id}`, { json: { ...r, disable: !r.disable } });
      toast('success', r.disable ? 'Enabled robot successfully' : 'Deactivated robot successfully');
    } catch (e) {
      toast('danger', `Could not ${r.disable ? 'enable' : 'deactivate'} ${r.name}: ${errorText(e)}`);
    }
    void this.list.load();
  }

  private menuItems() {
    const one = this.selected();
    const n = this.list.selected.size;
    const open = (kind: 'edit' | 'refresh' | 'delete' | 'toggle') => () => (this.dialog = { kind });
    return [
      { id: 'system-robot-token', label: 'Refresh Secret', disabled: !one, run: open('refresh') },
      { id: 'system-robot-edit', label: 'Edit', disabled: !one || !this.catalogue, run: open('edit') },
      one?.disable
        ? { id: 'distribution-enable', label: 'Enable', run: open('toggle') }
        : { id: 'distribution-disable', label: 'Deactivate', disabled: !one, run: open('toggle') },
      { id: 'system-robot-delete', label: 'Delete', divider: true, disabled: n === 0, run: open('delete') },
    ];
  }

  private renderDialog() {
    const d = this.dialog;
    if (!d) return nothing;
    const closed = () => (this.dialog = null);
    const one = this.selected();
    switch (d.kind) {
      case 'new':
      case 'edit':
        return html`<berth-robot-dialog .project=${this.project} .robot=${d.kind === 'edit' ? (one ?? null) : null}
          .catalogue=${this.catalogue!} @closed=${closed}
          @saved=${() => ((this.dialog = null), void this.list.load())}
          @created=${(e: CustomEvent<RobotCreated>) => {
            this.dialog = { kind: 'secret', robot: e.detail, heading: `Created '${e.detail.name}' successfully.` };
            this.list.reloadFromFirstPage();
          }}></berth-robot-dialog>`;
      case 'refresh':
        return one
          ? html`<berth-refresh-secret-dialog .robot=${one} @closed=${closed}
              @refreshed=${(e: CustomEvent<string | null>) =>
                (this.dialog = e.detail
                  ? { kind: 'secret', robot: { id: one.id, name: one.name, secret: e.detail }, heading: 'Refreshed secret successfully' }
                  : null)}></berth-refresh-secret-dialog>`
          : nothing;
      case 'secret':
        return html`<berth-robot-secret-dialog .robot=${d.robot} .heading=${d.heading} @closed=${closed}></berth-robot-secret-dialog>`;
      case 'view':
        return html`<berth-robot-permissions-view .heading=${d.heading} .permissions=${d.permissions} ?single=${!!this.project}
          @closed=${closed}></berth-robot-permissions-view>`;
      case 'toggle':
        return one
          ? confirmDialog({
              id: 'toggle-robot-confirm',
              title: one.disable ? 'Enable Robot' : 'Deactivate Robot',
              message: `Do you want to ${one.disable ? 'enable' : 'deactivate'} robot ${one.name}?`,
              action: one.disable ? 'Enable' : 'Deactivate',
              danger: !one.disable,
              onCancel: closed,
              onConfirm: () => void this.toggleSelected(),
            })
          : nothing;
      case 'delete':
        return confirmDialog({
          id: 'delete-robot-confirm',
          title: 'Confirm removal of robot accounts',
          message: `Do you want to delete robot accounts ${this.list.selectedRows().map((r) => r.name).join(', ')}?`,
          action: 'Delete',
          onCancel: closed,
          onConfirm: () => void this.deleteSelected(),
        });
    }
  }

  // "n PERMISSION(S)" opening the read-only grids, or "None".
  private permissionLink(r: Robot, perms: RobotPermission[], text: string, heading: string) {
    if (!perms.length) return html`None`;
    return html`<button type="button" class="btn btn-link btn-sm berth-cell-link"
      @click=${() => (this.dialog = { kind: 'view', heading: `${heading} ${r.name}`, permissions: perms })}>${text}</button>`;
  }

  private projectsCell(r: Robot) {
    const perms = (r.permissions ?? []).filter((p) => p.kind === 'project');
    const all = perms.find((p) => p.namespace === '*');
    if (all)
      return html`All projects with ${this.permissionLink(r, [all], `${all.access.length} PERMISSION(S)`, 'Permissions of')}`;
    return this.permissionLink(r, perms, `${perms.length} PROJECT(S)`, 'Projects for Robot Account');
  }

  private renderRow(r: Robot) {
    const left = expiresIn(r.expires_at);
    const icon = left.tone === 'expired' ? 'error-standard' : left.tone === 'warn' ? 'exclamation-triangle' : 'success-standard';
    const system = (r.permissions ?? []).filter((p) => p.kind === 'system');
    const count = (ps: RobotPermission[]) => ps.reduce((n, p) => n + p.access.length, 0);
    return html`<tr data-name=${r.name}>
      ${selectCell(r.name, this.list.selected.has(r.id), (on) => this.list.toggle(r.id, on))}
      <td class="left">${r.name}</td>
      <td>${r.disable
        ? html`<cds-icon shape="times-circle" class="berth-red" aria-hidden="true"></cds-icon><span class="clr-sr-only">Deactivated</span>`
        : html`<cds-icon shape="check-circle" class="berth-green" aria-hidden="true"></cds-icon><span class="clr-sr-only">Enabled</span>`}</td>
      ${this.project
        ? html`<td class="left">${this.permissionLink(r, r.permissions ?? [], `${count(r.permissions ?? [])} PERMISSION(S)`, 'Permissions of')}</td>`
        : html`<td class="left">${this.permissionLink(r, system, `${count(system)} PERMISSION(S)`, 'System permissions of')}</td>
            <td class="left">${this.projectsCell(r)}</td>`}
      <td class="left">${shortDate(r.creation_time)}</td>
      <td class="left berth-expires berth-${left.tone}"><cds-icon shape=${icon} aria-hidden="true"></cds-icon> ${left.text}
        ${left.date ? html`<div class="berth-muted">${left.tone === 'expired' ? 'on' : 'at'} ${shortDate(left.date)}</div>` : nothing}</td>
      <td class="left">${r.description ?? ''}</td>
    </tr>`;
  }

  override render() {
    const columns = this.project ? 7 : 8;
    return html`<div class="berth-page-head berth-list-head">
        <div class="btn-group berth-actions">
          <button type="button" class="btn btn-secondary btn-sm" id="new-robot-account" ?disabled=${!this.canManage || !this.catalogue}
            @click=${() => (this.dialog = { kind: 'new' })}><cds-icon shape="plus" aria-hidden="true"></cds-icon> New Robot Account</button>
          ${this.canManage
            ? html`<berth-action-menu label="Action" .triggerId=${'robot-action'} .items=${this.menuItems()}></berth-action-menu>`
            : nothing}
        </div>
        <div class="berth-toolbar">
          ${filterBox('Search by name(without prefix)', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${alertStrip('danger', this.list.error || this.catalogueError)}
      <table class="table berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th>Enabled state</th>
            ${this.project
              ? html`<th class="left">Permissions</th>`
              : html`<th class="left">System Permissions</th><th class="left">Projects</th>`}
            <th class="left">Created time</th><th class="left">Expires in</th><th class="left">Description</th>
          </tr>
        </thead>
        <tbody>${this.list.body(columns, (r) => this.renderRow(r), "We couldn't find any robots!")}</tbody>
      </table>
      ${this.list.pager()}
      ${this.renderDialog()}`;
  }
}
