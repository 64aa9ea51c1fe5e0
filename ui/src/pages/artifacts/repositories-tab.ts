// The project's Repositories tab (/harbor/projects/:id/repositories, the default tab): Harbor's
// list (Name, Artifacts, Pulls, Last Modified Time) paged and filtered on the server, DELETE with
// confirmation, and the PUSH COMMAND help (harbor-portal.md §2d).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, query, request } from '../../api';
import { repoApi, repoPath, shortRepoName, type Repository } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { filterBox, selectCell } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import { NO_PERMISSIONS, projectPermissions, type Permissions } from '../../permissions';
import { type Project } from '../../projects';
import { sortHeader, type Sort } from './sort-header';
import './push-command';
import { appUrl } from '../../app-url';

@customElement('berth-repositories-tab')
export class BerthRepositoriesTab extends LightElement {
  @property({ attribute: false }) project!: Project;
  @state() private sort: Sort = { field: '', desc: false };
  @state() private confirmDelete = false;
  @state() private perms: Permissions = NO_PERMISSIONS;
  private list = new PagedList<Repository>(this, {
    url: (page, pageSize, filter) =>
      `${API}/projects/${encodeURIComponent(this.project.name)}/repositories` +
      query({
        page,
        page_size: pageSize,
        q: filter ? `name=~${filter}` : undefined,
        sort: this.sort.field ? (this.sort.desc ? '-' : '') + this.sort.field : undefined,
      }),
    key: (r) => r.id,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    projectPermissions(this.project.project_id)
      .then((p) => (this.perms = p))
      .catch(() => undefined);
  }

  private setSort(s: Sort): void {
    this.sort = s;
    this.list.reloadFromFirstPage();
  }

  private async deleteSelected(): Promise<void> {
    this.confirmDelete = false;
    const failures: string[] = [];
    for (const r of this.list.selectedRows()) {
      try {
        await request('DELETE', repoApi(this.project.name, shortRepoName(r.name, this.project.name)));
      } catch (e) {
        failures.push(`${r.name}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not delete ' + failures.join('; '));
    else toast('success', 'Deleted successfully.');
    this.list.clearSelection();
    void this.list.load();
  }

  private renderConfirm() {
    const names = this.list.selectedRows().map((r) => r.name);
    return confirmDialog({
      id: 'delete-repository-confirm',
      title: 'Confirm Repository Deletion',
      message: `Do you want to delete repository ${names.join(', ')}?`,
      action: 'Delete',
      onCancel: () => (this.confirmDelete = false),
      onConfirm: () => void this.deleteSelected(),
    });
  }

  private renderRow(r: Repository) {
    const name = shortRepoName(r.name, this.project.name);
    return html`<tr data-name=${r.name}>
      ${selectCell(r.name, this.list.selected.has(r.id), (on) => this.list.toggle(r.id, on))}
      <td class="left"><a href=${appUrl(repoPath(this.project.project_id, name) + '/artifacts-tab')}>${r.name}</a></td>
      <td>${r.artifact_count ?? 0}</td>
      <td>${r.pull_count ?? 0}</td>
      <td>${shortDate(r.update_time)}</td>
    </tr>`;
  }

  override render() {
    const canDelete = this.perms.can('repository', 'delete');
    const sortable = (label: string, field: string) => sortHeader(label, field, this.sort, (s) => this.setSort(s));
    return html`<div class="berth-page-head berth-subhead">
        <div class="btn-group berth-actions">
          ${canDelete
            ? html`<button type="button" class="btn btn-secondary btn-sm" id="repo-delete"
                ?disabled=${this.list.selected.size === 0} @click=${() => (this.confirmDelete = true)}>
                <cds-icon shape="trash" aria-hidden="true"></cds-icon> Delete
              </button>`
            : nothing}
        </div>
        <div class="berth-toolbar">
          <berth-push-command .project=${this.project.name}></berth-push-command>
          ${filterBox('Filter Repositories', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${alertStrip('danger', this.list.error)}
      <table class="table berth-grid" id="repository-list" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th>Artifacts</th>${sortable('Pulls', 'pull_count')}${sortable('Last Modified Time', 'update_time')}
          </tr>
        </thead>
        <tbody>
          ${this.list.body(5, (r) => this.renderRow(r), "We couldn't find any repositories!")}
        </tbody>
      </table>
      ${this.list.pager()}
      ${this.confirmDelete ? this.renderConfirm() : nothing}`;
  }
}
