// The project page (/harbor/projects/:id/<tab>): Harbor's header (back to Projects, the name, the
// access level and, for a proxy cache, its type) and the tab bar; the tab's own element draws the
// rest. Only the tabs in tabs.ts with a page are shown.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson } from '../../api';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { errorText } from '../../format';
import { ROLES, isProxyCache, type Project } from '../../projects';
import { currentUser, isAdmin, type CurrentUser } from '../../session';
import { PROJECT_TABS, type TabContext } from './tabs';
import { appUrl } from '../../app-url';

@customElement('berth-project-page')
export class BerthProjectPage extends LightElement {
  @property({ type: Number }) projectId = 0;
  @property() tab = 'repositories';
  @property() rest = '';
  @state() private project: Project | null = null;
  @state() private user: CurrentUser | null = null;
  @state() private error = '';
  private loadedId = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId') && this.projectId !== this.loadedId) void this.load();
  }

  async load(): Promise<void> {
    this.loadedId = this.projectId;
    this.error = '';
    try {
      const [project, user] = await Promise.all([
        getJson<Project>(`${API}/projects/${this.projectId}`),
        this.user ? Promise.resolve(this.user) : currentUser(),
      ]);
      this.project = project;
      this.user = user;
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private context(p: Project): TabContext {
    const canManage = isAdmin(this.user) || p.current_user_role_id === 1;
    return { project: p, rest: this.rest, canManage, user: this.user, reload: () => void this.load() };
  }

  override render() {
    if (this.error) return html`<a href=${appUrl('/harbor/projects')}>&lt; Projects</a>${alertStrip('danger', this.error)}`;
    const p = this.project;
    if (!p || p.project_id !== this.projectId) return html`<p class="berth-empty" aria-busy="true">Loading…</p>`;
    const ctx = this.context(p);
    const tabs = PROJECT_TABS.filter((t) => t.render && (!t.visible || t.visible(ctx)));
    const current = tabs.find((t) => t.key === this.tab);
    return html`<nav class="berth-breadcrumb"><a href=${appUrl('/harbor/projects')}>&lt; Projects</a></nav>
      <div class="berth-project-head">
        <h2 class="berth-project-name">${p.name}</h2>
        <span class="label">${p.metadata?.public === 'true' ? 'Public' : 'Private'}</span>
        ${isProxyCache(p) ? html`<span class="label label-info">Proxy Cache</span>` : nothing}
        ${ROLES[p.current_user_role_id ?? 0] ? html`<span class="berth-role">${ROLES[p.current_user_role_id ?? 0]}</span>` : nothing}
      </div>
      <ul class="nav" role="tablist" aria-label="Project">
        ${tabs.map(
          (t) => html`<li class="nav-item" role="presentation">
            <a class="nav-link ${t === current ? 'active' : ''}" role="tab" id="project-tab-${t.key}"
              aria-selected=${String(t === current)} href=${appUrl(`/harbor/projects/${p.project_id}/${t.key}`)}>${t.label}</a>
          </li>`,
        )}
      </ul>
      <section class="berth-tab-body" role="tabpanel" aria-labelledby="project-tab-${this.tab}">
        ${current?.render
          ? current.render(ctx)
          : html`<p>This project has no <code>${this.tab}</code> tab in Berth's portal yet.</p>`}
      </section>`;
  }
}
