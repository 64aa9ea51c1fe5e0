// Projects (/harbor/projects): Harbor's list (Project Name, Access Level, Role, Type,
// Repositories Count, Creation Time) with the All/Private/Public select, the filter, paging on
// the server, and NEW PROJECT (harbor-portal.md §2c).
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, query } from '../api';
import { alertStrip } from '../components/alert';
import { LightElement } from '../components/light-element';
import { filterBox } from '../components/filter-box';
import { PagedList } from '../components/paged-list';
import { shortDate } from '../format';
import { ROLES, type Project } from '../projects';
import './new-project-dialog';
import { appUrl } from '../app-url';

@customElement('berth-projects-page')
export class BerthProjectsPage extends LightElement {
  @state() private visibility: '' | 'true' | 'false' = '';
  @state() private dialogOpen = false;
  private list = new PagedList<Project>(this, {
    url: (page, pageSize, name) =>
      `${API}/projects` + query({ page, page_size: pageSize, name, public: this.visibility, with_detail: 'true' }),
  });

  private renderRow(p: Project) {
    const isPublic = p.metadata?.public === 'true';
    const proxy = !!p.registry_id;
    return html`<tr data-name=${p.name}>
      <td class="left"><a href=${appUrl(`/harbor/projects/${p.project_id}/repositories`)}>${p.name}</a></td>
      <td class="left">${isPublic ? 'Public' : 'Private'}</td>
      <td class="left">${ROLES[p.current_user_role_id ?? 0] ?? '-'}</td>
      <td class="left">${proxy ? 'Proxy Cache' : 'Project'}</td>
      <td>${p.repo_count ?? 0}</td>
      <td>${shortDate(p.creation_time)}</td>
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
      </div>
      <table class="table berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="left">Project Name</th><th class="left">Access Level</th><th class="left">Role</th>
            <th class="left">Type</th><th>Repositories Count</th><th>Creation Time</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.body(6, (p) => this.renderRow(p), "We couldn't find any projects!")}
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
        : nothing}`;
  }
}
