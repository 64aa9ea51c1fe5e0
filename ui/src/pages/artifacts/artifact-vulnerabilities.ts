// The artifact page's Vulnerabilities tab: "Scan vulnerability" or, while a scan is queued or
// running, "Stop Scan Vulnerability", beside the artifact's severity bar; then the findings of
// the last report in table #artifact-vulnerabilities, one row per finding (tr[data-cve]) with
// Harbor's columns, worst first, filtered in the page. A running scan is polled every 3 s; when
// it ends the report is read again and the page's artifact updated (event `artifact-changed`).
// "Export CVEs" downloads the findings as CSV (Harbor's export columns).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getJson, inBackground, postJson } from '../../api';
import {
  SEVERITIES,
  VULN_MIME,
  artifactApi,
  getArtifact,
  scanInProgress,
  scanOverview,
  scannable,
  type Artifact,
} from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { NO_PERMISSIONS, type Permissions } from '../../permissions';
import { type Project } from '../../projects';
import { vulnCell } from './vuln-cell';
import './export-cves-button';
import { type Finding, type VulnReport } from '../../scanning';

const POLL_MS = 3000;
const RANK: Record<string, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i]));

function worstFirst(a: Finding, b: Finding): number {
  return (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9) || a.id.localeCompare(b.id) || a.package.localeCompare(b.package);
}

@customElement('berth-artifact-vulnerabilities')
export class BerthArtifactVulnerabilities extends LightElement {
  @property({ attribute: false }) project!: Project;
  @property() repo = '';
  @property({ attribute: false }) artifact!: Artifact;
  @property({ attribute: false }) perms: Permissions = NO_PERMISSIONS;
  @state() private report: VulnReport | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private filter = '';
  @state() private requesting = false;
  private pollTimer = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadReport();
  }
  override disconnectedCallback(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = 0;
    super.disconnectedCallback();
  }
  override updated(): void {
    if (!this.pollTimer && scanInProgress(this.artifact)) this.pollTimer = window.setTimeout(() => void inBackground(() => this.poll()), POLL_MS);
  }

  private get api(): string {
    return artifactApi(this.project.name, this.repo, this.artifact.digest);
  }

  private async loadReport(): Promise<void> {
    const href = this.artifact.addition_links?.vulnerabilities?.href;
    if (!href) return;
    this.loading = true;
    this.error = '';
    try {
      const body = await getJson<Record<string, VulnReport>>(href);
      this.report = body[VULN_MIME] ?? Object.values(body)[0] ?? null;
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.loading = false;
    }
  }

  private async poll(): Promise<void> {
    try {
      const fresh = await getArtifact(this.project.name, this.repo, this.artifact.digest);
      this.changed(fresh);
      if (!scanInProgress(fresh)) await this.loadReport();
    } catch {
      /* the next poll tries again */
    }
    this.pollTimer = 0;
    if (this.isConnected) this.requestUpdate();
  }

  private changed(a: Artifact): void {
    this.artifact = a;
    this.dispatchEvent(new CustomEvent<Artifact>('artifact-changed', { detail: a, bubbles: true }));
  }

  private async scan(stop: boolean): Promise<void> {
    this.requesting = true;
    try {
      await postJson(`${this.api}/scan${stop ? '/stop' : ''}`, { scan_type: 'vulnerability' });
      toast('success', stop ? 'Trigger stopping scan successfully' : 'Scan requested.');
      if (!stop) this.changed({ ...this.artifact, scan_overview: { [VULN_MIME]: { scan_status: 'Pending' } } });
      else await this.poll();
    } catch (e) {
      toast('danger', `Could not ${stop ? 'stop the scan' : 'scan'}: ${errorText(e)}`);
    } finally {
      this.requesting = false;
    }
  }

  private renderBar() {
    const running = scanInProgress(this.artifact);
    const logUrl = (id: string) => `${this.api}/scan/${id}/log`;
    const button = running
      ? html`<button type="button" class="btn btn-secondary btn-sm" id="stop-scan"
          ?disabled=${!this.perms.can('scan', 'stop') || this.requesting} @click=${() => void this.scan(true)}>Stop Scan Vulnerability</button>`
      : html`<button type="button" class="btn btn-secondary btn-sm" id="scan-btn"
          ?disabled=${!this.perms.can('scan', 'create') || !scannable(this.artifact) || this.requesting}
          @click=${() => void this.scan(false)}><cds-icon shape="shield" aria-hidden="true"></cds-icon> Scan vulnerability</button>`;
    return html`<div class="berth-page-head berth-subhead">
      <div class="berth-inline berth-actions">${button}
        <berth-export-cves .project=${this.project.name} .repo=${this.repo} .artifact=${this.artifact}></berth-export-cves><span id="artifact-scan-state">${vulnCell(this.artifact, logUrl)}</span></div>
      <div class="berth-toolbar">
        <div class="clr-input-wrapper berth-filter">
          <cds-icon shape="search" aria-hidden="true"></cds-icon>
          <input class="clr-input" type="search" placeholder="Filter Vulnerabilities" aria-label="Filter Vulnerabilities"
            .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value.trim().toLowerCase())} />
        </div>
      </div>
    </div>`;
  }

  private renderRow(f: Finding) {
    const link = f.links?.[0];
    const cvss = f.preferred_cvss?.score_v3;
    return html`<tr data-cve=${f.id} data-package=${f.package}>
      <td class="left">${link ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${f.id}</a>` : f.id}</td>
      <td class="left"><span class="berth-sev-badge sev-${f.severity.toLowerCase()}" aria-hidden="true">${f.severity[0]}</span> ${f.severity}</td>
      <td>${cvss ?? ''}</td>
      <td class="left">${f.package}</td>
      <td class="left">${f.version}</td>
      <td class="left">${f.fix_version ?? ''}</td>
      <td class="left"><div class="berth-description" title=${f.description ?? ''}>${f.description ?? ''}</div></td>
    </tr>`;
  }

  private emptyText(): string {
    if (this.loading) return 'Loading…';
    if (!scanOverview(this.artifact) || !this.report) return 'Not Scanned';
    return this.filter ? "We couldn't find any scanning results!" : 'No recognizable vulnerability detected';
  }

  override render() {
    const all = [...(this.report?.vulnerabilities ?? [])].sort(worstFirst);
    const rows = this.filter
      ? all.filter((f) => f.id.toLowerCase().includes(this.filter) || f.package.toLowerCase().includes(this.filter))
      : all;
    const scanner = this.report?.scanner;
    return html`${this.renderBar()}
      ${alertStrip('danger', this.error)}
      <table class="table berth-grid" id="artifact-vulnerabilities" aria-busy=${String(this.loading)}>
        <thead>
          <tr>
            <th class="left">Vulnerability</th><th class="left">Severity</th><th>CVSS3</th><th class="left">Package</th>
            <th class="left">Current version</th><th class="left">Fixed in version</th><th class="left">Description</th>
          </tr>
        </thead>
        <tbody>
          ${rows.length ? rows.map((f) => this.renderRow(f)) : html`<tr><td colspan="7" class="berth-empty">${this.emptyText()}</td></tr>`}
        </tbody>
      </table>
      <div class="berth-pager">
        ${scanner?.name ? html`<span>Reported by ${scanner.name}${scanner.version ? '@' + scanner.version : ''}</span>` : nothing}
        <span>${rows.length} of ${all.length} items</span>
      </div>`;
  }
}
