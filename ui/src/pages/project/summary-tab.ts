// The project's Summary tab (/harbor/projects/:id/summary): Harbor's cards (access level,
// repositories, members by role, quota used) from GET /projects/{id}/summary. For a proxy-cache
// project also its endpoint ("Proxy Cache Endpoint", Harbor's summary `registry`) and, beyond
// Harbor, what the cache has done since Berth started (GET /projects/{name}/proxy_cache/statistics).
import { appUrl } from '../../app-url';
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson } from '../../api';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { errorText, sizeText } from '../../format';
import { canSeeMembers, isProxyCache, quotaText } from '../../projects';
import { providerName, type Registry } from '../../registries';
import { isAdmin } from '../../session';
import { type TabContext } from './tabs';

interface ProjectSummary {
  repo_count?: number;
  project_admin_count?: number;
  maintainer_count?: number;
  developer_count?: number;
  guest_count?: number;
  limited_guest_count?: number;
  quota?: { hard?: { storage?: number }; used?: { storage?: number } };
  registry?: Registry;
}

interface ProxyStatistics {
  cache_hits: number;
  cache_misses: number;
  upstream_requests: number;
  upstream_bytes: number;
  upstream_failures: number;
  stale_served: number;
  bytes_saved?: number;
}

// Harbor colours the quota bar green, then orange from 70 %, red from 90 %.
function quotaClass(percent: number): string {
  return percent >= 90 ? 'danger' : percent >= 70 ? 'warning' : 'success';
}

@customElement('berth-project-summary')
export class BerthProjectSummary extends LightElement {
  @property({ attribute: false }) ctx!: TabContext;
  @state() private summary: ProjectSummary | null = null;
  @state() private stats: ProxyStatistics | null = null;
  @state() private error = '';
  @state() private statsError = '';
  private loadedId = 0;

  override willUpdate(): void {
    if (this.ctx && this.ctx.project.project_id !== this.loadedId) void this.load();
  }

  private async load(): Promise<void> {
    const p = this.ctx.project;
    this.loadedId = p.project_id;
    this.error = this.statsError = '';
    const summary = getJson<ProjectSummary>(`${API}/projects/${p.project_id}/summary`)
      .then((s) => (this.summary = s))
      .catch((e) => (this.error = 'Could not load the summary: ' + errorText(e)));
    const stats = isProxyCache(p)
      ? getJson<ProxyStatistics>(`${API}/projects/${encodeURIComponent(p.name)}/proxy_cache/statistics`)
          .then((s) => (this.stats = s))
          .catch((e) => (this.statsError = 'Could not load the proxy cache statistics: ' + errorText(e)))
      : Promise.resolve();
    await Promise.all([summary, stats]);
  }

  private card(title: string, id: string, body: unknown) {
    return html`<section class="card berth-summary-card" id=${id} aria-labelledby="${id}-title">
      <div class="card-block">
        <h3 class="card-title" id="${id}-title">${title}</h3>
        ${body}
      </div>
    </section>`;
  }

  private renderMembers(s: ProjectSummary) {
    const rows: [string, number | undefined][] = [
      ['Admin(s)', s.project_admin_count],
      ['Maintainer(s)', s.maintainer_count],
      ['Developer(s)', s.developer_count],
      ['Guest(s)', s.guest_count],
      ['Limited guest(s)', s.limited_guest_count],
    ];
    const total = rows.reduce((n, [, c]) => n + (c ?? 0), 0);
    return this.card(
      'Members',
      'summary-members',
      html`<p class="berth-summary-number">${total}</p>
        <dl class="berth-pairs">${rows.map(([label, n]) => html`<dt>${label}</dt><dd>${n ?? 0}</dd>`)}</dl>
        <a href=${appUrl(`/harbor/projects/${this.ctx.project.project_id}/members`)}>See all</a>`,
    );
  }

  private renderQuota(s: ProjectSummary) {
    const used = s.quota?.used?.storage ?? 0;
    const hard = s.quota?.hard?.storage ?? -1;
    const unlimited = hard < 0;
    const percent = unlimited || hard === 0 ? 0 : Math.min(100, Math.round((used / hard) * 100));
    return this.card(
      'Quota used',
      'summary-quota',
      html`<p class="berth-summary-number" id="summary-quota-text">${quotaText(s.quota, sizeText)}</p>
        ${unlimited
          ? html`<p class="berth-muted">No storage limit is set for this project.</p>`
          : html`<div class="progress ${quotaClass(percent)}">
              <progress value=${percent} max="100" aria-label="Storage quota used: ${percent}%"></progress>
            </div>
            <p class="berth-muted">${percent}% of the storage quota used.</p>`}`,
    );
  }

  private renderEndpoint(reg: Registry | undefined) {
    if (!reg) return html`<p class="berth-muted">The endpoint of this proxy cache no longer exists.</p>`;
    return html`<p id="endpoint" class="berth-summary-endpoint">${reg.name}-${reg.url}</p>
      <dl class="berth-pairs">
        <dt>Provider</dt><dd>${providerName(reg.type)}</dd>
        <dt>Status</dt><dd>${reg.status === 'healthy' ? 'Healthy' : reg.status ? 'Unhealthy' : 'Unknown'}</dd>
      </dl>`;
  }

  private renderStats() {
    if (this.statsError) return alertStrip('danger', this.statsError, 'summary-stats-error');
    const st = this.stats;
    if (!st) return html`<p class="berth-muted" aria-busy="true">Loading…</p>`;
    const asked = st.cache_hits + st.cache_misses;
    const rate = asked ? Math.round((st.cache_hits / asked) * 100) : 0;
    return html`<dl class="berth-pairs" id="proxy-statistics">
        <dt>Cache hits</dt><dd data-key="cache_hits">${st.cache_hits}</dd>
        <dt>Upstream fetches</dt><dd data-key="cache_misses">${st.cache_misses}</dd>
        <dt>Hit rate</dt><dd data-key="hit_rate">${asked ? `${rate}%` : '-'}</dd>
        <dt>Upstream bytes</dt><dd data-key="upstream_bytes">${sizeText(st.upstream_bytes)}</dd>
        <dt>Bytes saved</dt><dd data-key="bytes_saved">${sizeText(st.bytes_saved ?? 0)}</dd>
        ${st.upstream_failures
          ? html`<dt>Upstream failures</dt><dd data-key="upstream_failures">${st.upstream_failures}
              (${st.stale_served} answered with a cached copy)</dd>`
          : nothing}
      </dl>
      <p class="berth-muted">Counted by this Berth since it started. Bytes saved: image layers served from the
        cache that the upstream did not have to send again.</p>`;
  }

  override render() {
    const p = this.ctx.project;
    if (this.error) return alertStrip('danger', this.error, 'summary-error');
    const s = this.summary;
    if (!s) return html`<p class="berth-empty" aria-busy="true">Loading…</p>`;
    const proxy = isProxyCache(p);
    return html`<div class="berth-summary">
      ${this.card(
        'Access Level',
        'summary-access',
        html`<p class="berth-summary-number">${p.metadata?.public === 'true' ? 'Public' : 'Private'}</p>
          <p class="berth-muted">${p.metadata?.public === 'true'
            ? 'Anyone may pull images from this project, without signing in.'
            : 'Only members of this project may pull its images.'}</p>`,
      )}
      ${this.card(
        'Repositories',
        'summary-repositories',
        html`<p class="berth-summary-number">${s.repo_count ?? 0}</p>
          <a href=${appUrl(`/harbor/projects/${p.project_id}/repositories`)}>See all</a>`,
      )}
      ${canSeeMembers(p, isAdmin(this.ctx.user)) ? this.renderMembers(s) : nothing}
      ${this.renderQuota(s)}
      ${proxy ? this.card('Proxy Cache Endpoint', 'summary-endpoint', this.renderEndpoint(s.registry)) : nothing}
      ${proxy ? this.card('Proxy Cache Statistics', 'summary-statistics', this.renderStats()) : nothing}
    </div>`;
  }
}
