// The header's "Search Harbor..." box (Harbor's global search): typing asks GET /search?q=
// (500 ms after the last key, as Harbor) and shows the matching Projects and Repositories in a
// panel under the box, each a link to its page. This is also the registry-wide repository view
// Harbor's users miss (#20586): no need to open a project first. Only what the caller may see
// comes back (Berth filters /search as it filters /repositories). Escape, a click elsewhere or
// following a link closes the panel.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getJson, query } from '../../api';
import { appUrl } from '../../app-url';
import { repoPath, shortRepoName } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { OutsideClick } from '../../components/outside-click';
import { errorText } from '../../format';
import { type Project } from '../../projects';
import { ROUTE_CHANGED } from '../../router';

interface SearchRepository {
  project_id: number;
  project_name: string;
  project_public: boolean;
  repository_name: string;
  pull_count: number;
  artifact_count: number;
}

interface SearchResult {
  project: Project[];
  repository: SearchRepository[];
}

const DEBOUNCE_MS = 500;

const count = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

@customElement('berth-global-search')
export class BerthGlobalSearch extends LightElement {
  @state() private term = '';
  @state() private result: SearchResult | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private open = false;
  private timer = 0;
  private asked = 0; // answers to older keystrokes are dropped

  private readonly onRoute = () => this.close();

  constructor() {
    super();
    new OutsideClick(this, (target) => {
      if (this.open && !this.contains(target)) this.close();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(ROUTE_CHANGED, this.onRoute);
  }
  override disconnectedCallback(): void {
    window.removeEventListener(ROUTE_CHANGED, this.onRoute);
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  private close(): void {
    this.open = false;
  }

  private onInput(e: Event): void {
    this.term = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    if (!this.term) {
      this.open = false;
      this.result = null;
      return;
    }
    this.timer = window.setTimeout(() => void this.search(this.term), DEBOUNCE_MS);
  }

  private async search(term: string): Promise<void> {
    const mine = ++this.asked;
    this.open = true;
    this.loading = true;
    this.error = '';
    try {
      const result = await getJson<SearchResult>(`${API}/search` + query({ q: term }));
      if (mine === this.asked) this.result = result;
    } catch (e) {
      if (mine === this.asked) this.error = 'Could not search: ' + errorText(e);
    } finally {
      if (mine === this.asked) this.loading = false;
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') this.close();
    if (e.key === 'Enter' && this.term) {
      clearTimeout(this.timer);
      void this.search(this.term);
    }
  }

  private renderProjects(projects: Project[]) {
    return html`<h4 id="search-projects">Projects</h4>
      ${projects.length
        ? html`<ul class="list-unstyled" aria-labelledby="search-projects">
            ${projects.map((p) => html`<li data-project=${p.name}>
              <a href=${appUrl(`/harbor/projects/${p.project_id}/repositories`)}>${p.name}</a>
              <span class="berth-muted">${p.metadata?.public === 'true' ? 'Public' : 'Private'} · ${count(p.repo_count ?? 0, 'repository', 'repositories')}</span>
            </li>`)}
          </ul>`
        : html`<p class="berth-muted">No project matches.</p>`}`;
  }

  private renderRepositories(repos: SearchRepository[]) {
    return html`<h4 id="search-repositories">Repositories</h4>
      ${repos.length
        ? html`<ul class="list-unstyled" aria-labelledby="search-repositories">
            ${repos.map((r) => html`<li data-repository=${r.repository_name}>
              <a href=${appUrl(`${repoPath(r.project_id, shortRepoName(r.repository_name, r.project_name))}/artifacts-tab`)}>${r.repository_name}</a>
              <span class="berth-muted">${count(r.artifact_count, 'artifact')} · ${count(r.pull_count, 'pull')}</span>
            </li>`)}
          </ul>`
        : html`<p class="berth-muted">No repository matches.</p>`}`;
  }

  private renderPanel() {
    if (!this.open) return nothing;
    return html`<div class="berth-search-panel" id="search-results" role="region" aria-label="Search results"
      aria-busy=${String(this.loading)}>
      ${alertStrip('danger', this.error)}
      ${this.loading && !this.result ? html`<p class="berth-muted">Searching…</p>` : nothing}
      ${this.result ? html`${this.renderProjects(this.result.project)}${this.renderRepositories(this.result.repository)}` : nothing}
    </div>`;
  }

  override render() {
    return html`<div class="berth-global-search" @keydown=${this.onKey}>
      <label class="berth-search-box" for="search_input">
        <cds-icon shape="search" aria-hidden="true"></cds-icon>
        <input id="search_input" type="search" placeholder="Search Harbor..." aria-label="Search Harbor"
          autocomplete="off"
          .value=${this.term} @input=${this.onInput} @focus=${() => (this.open = !!this.result && !!this.term)} />
      </label>
      ${this.renderPanel()}
    </div>`;
  }
}
