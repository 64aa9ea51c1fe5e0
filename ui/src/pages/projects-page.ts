// Projects (/harbor/projects): Harbor's list (Project Name, Access Level, Role, Type,
// Repositories Count, Creation Time) with the All/Private/Public select, the filter, paging on
// the server, and NEW PROJECT (harbor-portal.md §2c).
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getPage, query } from '../api';
import { alertStrip } from '../components/alert';
import { LightElement } from '../components/light-element';
import '../components/pager';
import { errorText, shortDate } from '../format';
import './new-project-dialog';

export interface Project {
  project_id: number;
  name: string;
  registry_id?: number | null;
  repo_count?: number;
  creation_time?: string;
  current_user_role_id?: number;
  metadata?: Record<string, string>;
}

const ROLES: Record<number, string> = {
  1: 'Project Admin',
  2: 'Developer',
  3: 'Guest',
  4: 'Maintainer',
  5: 'Limited Guest',
};

@customElement('berth-projects-page')
export class BerthProjectsPage extends LightElement {
  @state() private rows: Project[] = [];
  @state() private total = 0;
  @state() private page = 1;
  @state() private pageSize = 15;
  @state() private filter = '';
  @state() private visibility: '' | 'true' | 'false' = '';
  @state() private loading = false;
  @state() private error = '';
  @state() private dialogOpen = false;
  private filterTimer = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    try {
      const res = await getPage<Project>(
        `${API}/projects` +
          query({ page: this.page, page_size: this.pageSize, name: this.filter, public: this.visibility, with_detail: 'true' }),
      );
      this.rows = res.items;
      this.total = res.total;
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.loading = false;
    }
  }

  private onFilter(e: Event): void {
    this.filter = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.filterTimer);
    this.filterTimer = window.setTimeout(() => {
      this.page = 1;
      void this.load();
    }, 500);
  }

  private renderRow(p: Project) {
    const isPublic = p.metadata?.public === 'true';
    const proxy = !!p.registry_id;
    return html`<tr data-name=${p.name}>
      <td class="left">${p.name}</td>
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
                this.page = 1;
                void this.load();
              }}>
              <option value="">All Projects</option>
              <option value="false">Private Projects</option>
              <option value="true">Public Projects</option>
            </select>
          </div>
          <div class="clr-input-wrapper berth-filter">
            <cds-icon shape="search" aria-hidden="true"></cds-icon>
            <input class="clr-input" type="search" placeholder="Filter Projects" aria-label="Filter Projects"
              .value=${this.filter} @input=${this.onFilter} />
          </div>
          <button type="button" class="btn btn-link btn-icon" aria-label="Refresh" @click=${() => this.load()}>
            <cds-icon shape="refresh"></cds-icon>
          </button>
        </div>
      </div>
      ${alertStrip('danger', this.error)}
      <div class="btn-group berth-actions">
        <button type="button" class="btn btn-secondary btn-sm" id="new-project" @click=${() => (this.dialogOpen = true)}>
          <cds-icon shape="plus" aria-hidden="true"></cds-icon> New Project
        </button>
      </div>
      <table class="table berth-grid" aria-busy=${String(this.loading)}>
        <thead>
          <tr>
            <th class="left">Project Name</th><th class="left">Access Level</th><th class="left">Role</th>
            <th class="left">Type</th><th>Repositories Count</th><th>Creation Time</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.length
            ? this.rows.map((p) => this.renderRow(p))
            : html`<tr><td colspan="6" class="berth-empty">${this.loading ? 'Loading…' : "We couldn't find any projects!"}</td></tr>`}
        </tbody>
      </table>
      <berth-pager .page=${this.page} .pageSize=${this.pageSize} .total=${this.total}
        @page-change=${(e: CustomEvent) => {
          this.page = e.detail.page;
          this.pageSize = e.detail.pageSize;
          void this.load();
        }}></berth-pager>
      ${this.dialogOpen
        ? html`<berth-new-project-dialog
            @closed=${() => (this.dialogOpen = false)}
            @created=${() => {
              this.dialogOpen = false;
              void this.load();
            }}></berth-new-project-dialog>`
        : nothing}`;
  }
}
