// The repository page (/harbor/projects/:id/repositories/:repo/{info-tab,artifacts-tab}):
// breadcrumb "< Projects < <project>", the repository's name, and Harbor's tabs Info and
// Artifacts (default); at artifacts-tab/depth/<digests> the Artifacts tab lists an index's
// children, with the indexes opened so far in the breadcrumb. The Artifacts tab switches between
// Artifacts and Berth's Tags view (artifacts-tab/tags: one row per tag, harbor-portal.md §4.4). "Export CVEs" in the header
// downloads every scanned artifact's findings of the repository as CSV.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson } from '../../api';
import { repoPath, shortDigest } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { errorText } from '../../format';
import { NO_PERMISSIONS, projectPermissions, type Permissions } from '../../permissions';
import { type Project } from '../../projects';
import './artifact-list';
import './tag-list';
import './repository-info';
import './export-cves-button';
import { artifactsBreadcrumb } from './breadcrumb';
import { appUrl } from '../../app-url';

@customElement('berth-repository-page')
export class BerthRepositoryPage extends LightElement {
  @property({ type: Number }) projectId = 0;
  @property() repo = '';
  @property() view: 'artifacts' | 'tags' | 'info' = 'artifacts';
  @property() depth = '';
  @state() private project: Project | null = null;
  @state() private perms: Permissions = NO_PERMISSIONS;
  @state() private error = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId') && this.project?.project_id !== this.projectId) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      const [project, perms] = await Promise.all([
        getJson<Project>(`${API}/projects/${this.projectId}`),
        projectPermissions(this.projectId),
      ]);
      this.project = project;
      this.perms = perms;
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private tab(key: 'info' | 'artifacts', id: string, label: string, p: Project) {
    const active = this.view === key || (key === 'artifacts' && this.view === 'tags');
    return html`<li class="nav-item" role="presentation">
      <a class="nav-link ${active ? 'active' : ''}" role="tab" id=${id} aria-selected=${String(active)}
        href=${appUrl(`${repoPath(p.project_id, this.repo)}/${key}-tab`)}>${label}</a>
    </li>`;
  }

  // Artifacts | Tags: two links styled as one segmented button, the current one marked.
  private viewSwitch(p: Project) {
    const link = (view: 'artifacts' | 'tags', label: string, path: string) =>
      html`<a class="btn btn-sm ${this.view === view ? 'btn-primary' : 'btn-outline'}" id="view-${view}"
        aria-current=${this.view === view ? 'page' : nothing} href=${appUrl(`${repoPath(p.project_id, this.repo)}/${path}`)}>${label}</a>`;
    return html`<div class="btn-group berth-view-switch" role="group" aria-label="View">
      ${link('artifacts', 'Artifacts', 'artifacts-tab')}${link('tags', 'Tags', 'artifacts-tab/tags')}
    </div>`;
  }

  private renderView(p: Project, digests: string[]) {
    if (this.view === 'info')
      return html`<berth-repository-info .project=${p} .repo=${this.repo} .perms=${this.perms}></berth-repository-info>`;
    const list =
      this.view === 'tags'
        ? html`<berth-tag-list .project=${p} .repo=${this.repo}></berth-tag-list>`
        : html`<berth-artifact-list .project=${p} .repo=${this.repo} .depth=${this.depth} .perms=${this.perms}></berth-artifact-list>`;
    return html`${digests.length ? nothing : this.viewSwitch(p)}${list}`;
  }

  override render() {
    if (this.error) return html`<a href=${appUrl('/harbor/projects')}>&lt; Projects</a>${alertStrip('danger', this.error)}`;
    const p = this.project;
    if (!p || p.project_id !== this.projectId) return html`<p class="berth-empty" aria-busy="true">Loading…</p>`;
    const digests = this.depth ? this.depth.split('-') : [];
    const title = digests.length ? shortDigest(digests[digests.length - 1]) : this.repo;
    return html`${artifactsBreadcrumb(p, this.repo, this.depth, false)}
      <div class="berth-page-head">
        <h2 class="berth-repo-title">${title}</h2>
        ${digests.length ? nothing : html`<berth-export-cves .project=${p.name} .repo=${this.repo}></berth-export-cves>`}
      </div>
      ${digests.length
        ? nothing
        : html`<ul class="nav" role="tablist" aria-label="Repository">
            ${this.tab('info', 'repo-info', 'Info', p)}${this.tab('artifacts', 'repo-image', 'Artifacts', p)}
          </ul>`}
      <section class="berth-tab-body" role=${digests.length ? nothing : 'tabpanel'}
        aria-labelledby=${digests.length ? nothing : this.view === 'info' ? 'repo-info' : 'repo-image'}>
        ${this.renderView(p, digests)}
      </section>`;
  }
}
