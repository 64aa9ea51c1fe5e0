// Projects (/harbor/projects): Harbor's list (Project Name, Access Level, Role, Type,
// Repositories Count, Creation Time) with the All/Private/Public select, the filter, paging on
// the server, NEW PROJECT, and ACTION ▾ Delete for the selected rows (harbor-portal.md §2c).
// Beyond Harbor, a Quota column ("used of limit"): Berth's project list carries each quota.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getJson, query, request } from '../api';
import { alertStrip } from '../components/alert';
import { LightElement } from '../components/light-element';
import { filterBox, selectCell } from '../components/filter-box';
import { PagedList } from '../components/paged-list';
import { type ActionItem } from '../components/action-menu';
import '../components/action-menu';
import { confirmDialog } from '../components/confirm';
import { toast } from '../components/toasts';
import { errorText, shortDate, sizeText } from '../format';
import { ROLES, quotaText, type Project } from '../projects';
import './new-project-dialog';
import { appUrl } from '../app-url';

// Why a selected project cannot be deleted (GET /projects/{id}/_deletable), '' when it can.
type Deletable = Map<number, string>;

@customElement('berth-projects-page')
export class BerthProjectsPage extends LightElement {
  @state() private visibility: '' | 'true' | 'false' = '';
  @state() private dialogOpen = false;
  // The delete confirmation: null while closed; the answers of _deletable as they arrive.
  @state() private deleting: Deletable | null = null;
  @state() private deleteBusy = false;
  @state() private deleteError = '';
  private list = new PagedList<Project>(this, {
    url: (page, pageSize, name) =>
      `${API}/projects` + query({ page, page_size: pageSize, name, public: this.visibility, with_detail: 'true' }),
    key: (p) => p.project_id,
  });

  // Harbor says why a project cannot go before anyone confirms: each selected project is asked.
  private async openDelete(): Promise<void> {
    const rows = this.list.selectedRows();
    this.deleting = new Map();
    this.deleteError = '';
    await Promise.all(
      rows.map(async (p) => {
        let why: string;
        try {
          const d = await getJson<{ deletable: boolean; message?: string }>(`${API}/projects/${p.project_id}/_deletable`);
          why = d.deletable ? '' : d.message || 'Berth does not allow deleting it.';
        } catch (e) {
          why = errorText(e);
        }
        if (this.deleting) this.deleting = new Map(this.deleting).set(p.project_id, why);
      }),
    );
  }

  private async deleteSelected(): Promise<void> {
    const checks = this.deleting ?? new Map<number, string>();
    this.deleteBusy = true;
    const failures: string[] = [];
    for (const p of this.list.selectedRows().filter((r) => checks.get(r.project_id) === '')) {
      try {
        await request('DELETE', `${API}/projects/${p.project_id}`);
      } catch (e) {
        failures.push(`${p.name}: ${errorText(e)}`);
      }
    }
    this.deleteBusy = false;
    await this.list.load(); // the deleted rows leave the selection; the refused ones stay
    if (failures.length) {
      this.deleteError = 'Could not delete ' + failures.join('; ');
      return;
    }
    this.deleting = null;
    this.list.clearSelection();
    toast('success', 'Deleted projects successfully.');
  }

  private renderDeleteConfirm(checks: Deletable) {
    const rows = this.list.selectedRows();
    const pending = rows.some((r) => !checks.has(r.project_id));
    const blocked = rows.filter((r) => checks.get(r.project_id));
    const ok = rows.filter((r) => checks.get(r.project_id) === '');
    return confirmDialog({
      id: 'delete-project-confirm',
      title: 'Confirm project deletion',
      message: `Do you want to delete project ${rows.map((r) => r.name).join(', ')}?`,
      action: 'Delete',
      error: this.deleteError,
      busy: this.deleteBusy,
      disabled: pending || ok.length === 0,
      details: pending
        ? html`<p class="berth-muted" aria-busy="true">Checking whether they can be deleted…</p>`
        : blocked.length
          ? html`<div class="alert alert-warning alert-sm" role="status" id="project-not-deletable">
              <div class="alert-items">${blocked.map(
                (r) => html`<div class="alert-item static"><span class="alert-text">${r.name} cannot be deleted:
                  ${checks.get(r.project_id)}</span></div>`,
              )}</div>
            </div>
            ${ok.length ? html`<p>Only ${ok.map((r) => r.name).join(', ')} will be deleted.</p>` : nothing}`
          : nothing,
      onCancel: () => (this.deleting = null),
      onConfirm: () => void this.deleteSelected(),
    });
  }

  private menu(): ActionItem[] {
    const none = this.list.selected.size === 0;
    return [
      { id: 'delete-project', label: 'Delete', disabled: none, reason: 'Select projects first.', run: () => void this.openDelete() },
    ];
  }

  private renderRow(p: Project) {
    const isPublic = p.metadata?.public === 'true';
    const proxy = !!p.registry_id;
    return html`<tr data-name=${p.name}>
      ${selectCell(p.name, this.list.selected.has(p.project_id), (on) => this.list.toggle(p.project_id, on))}
      <td class="left"><a href=${appUrl(`/harbor/projects/${p.project_id}/repositories`)}>${p.name}</a></td>
      <td class="left">${isPublic ? 'Public' : 'Private'}</td>
      <td class="left">${ROLES[p.current_user_role_id ?? 0] ?? '-'}</td>
      <td class="left">${proxy ? 'Proxy Cache' : 'Project'}</td>
      <td>${p.repo_count ?? 0}</td>
      <td>${shortDate(p.creation_time)}</td>
      <td class="berth-quota-cell">${quotaText(p.quota, sizeText)}</td>
    </tr>`;
  }

  override render() {
    return html`<div class="berth-page-head">
        <h2>Projects</h2>
        <div class="berth-toolbar">
          <div class="clr-select-wrapper">
            <select class="clr-select" aria-label="Which projects" id="project-visibility"
              @change=${(e: Event) => {
                this.visibility = (e.target as HTMLSelectElement).value as '' | 'true' | 'false';
                this.list.reloadFromFirstPage();
              }}>
              <option value="">All Projects</option>
              <option value="false">Private Projects</option>
              <option value="true">Public Projects</option>
            </select>
          </div>
          ${filterBox('Filter Projects', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${alertStrip('danger', this.list.error)}
      <div class="btn-group berth-actions">
        <button type="button" class="btn btn-secondary btn-sm" id="new-project" @click=${() => (this.dialogOpen = true)}>
          <cds-icon shape="plus" aria-hidden="true"></cds-icon> New Project
        </button>
        <berth-action-menu label="Action" triggerId="project-action" .items=${this.menu()}></berth-action-menu>
      </div>
      <table class="table berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Project Name</th><th class="left">Access Level</th><th class="left">Role</th>
            <th class="left">Type</th><th>Repositories Count</th><th>Creation Time</th><th>Quota</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.body(8, (p) => this.renderRow(p), "We couldn't find any projects!")}
        </tbody>
      </table>
      ${this.list.pager()}
      ${this.dialogOpen
        ? html`<berth-new-project-dialog
            @closed=${() => (this.dialogOpen = false)}
            @created=${() => {
              this.dialogOpen = false;
              void this.list.load();
            }}></berth-new-project-dialog>`
        : nothing}
      ${this.deleting ? this.renderDeleteConfirm(this.deleting) : nothing}`;
  }
}
