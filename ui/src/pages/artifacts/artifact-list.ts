// The repository's Artifacts tab (harbor-portal.md §2d): the artifact table with Harbor's
// columns (Artifacts, Pull Command, Tags, Size, Vulnerabilities, Labels, Push Time, Pull Time),
// paged, filtered by tag and sorted on the server; at depth/<digest> the children of an OCI index
// (with OS/ARCH). Actions: Scan vulnerability, and under Actions Stop Scan Vulnerability, Copy
// Digest, Add Labels (several artifacts at once), Copy and Delete (which says what goes with each
// digest). The filter at the right filters by type, tags or label on the server. Rows with
// accessories expand to a sub-table. A queued or running scan is polled every 3 s and its row
// redrawn in place.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getPage, inBackground, postJson, query, request, type Page } from '../../api';
import {
  artifactApi,
  artifactPath,
  everHappened,
  getArtifact,
  registryHostName,
  repoApi,
  repoPath,
  scanInProgress,
  scannable,
  shortDigest,
  sizeText,
  type Artifact,
  type Reference,
  VULN_MIME,
} from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { selectCell } from '../../components/filter-box';
import { OutsideClick } from '../../components/outside-click';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import { NO_PERMISSIONS, type Permissions } from '../../permissions';
import { type Project } from '../../projects';
import { AccessoryRows } from './accessory-rows';
import './add-labels-dialog';
import './artifact-filter';
import './copy-artifact-dialog';
import './copy-digest-dialog';
import { deleteDetails } from './delete-artifacts-details';
import { labelChip } from '../../components/label-chip';
import './pull-command';
import { sortHeader, type Sort } from './sort-header';
import { vulnCell } from './vuln-cell';
import { appUrl } from '../../app-url';

const POLL_MS = 3000;
const WITH = { with_tag: 'true', with_label: 'true', with_scan_overview: 'true' };

@customElement('berth-artifact-list')
export class BerthArtifactList extends LightElement {
  @property({ attribute: false }) project!: Project;
  @property() repo = '';
  // Digests of the indexes opened so far, joined by '-' (Harbor's depth); '' at the top.
  @property() depth = '';
  @property({ attribute: false }) perms: Permissions = NO_PERMISSIONS;
  @state() private host = '';
  @state() private sort: Sort = { field: 'push_time', desc: true };
  @state() private actionsOpen = false;
  @state() private confirmDelete = false;
  @state() private copyDigest = '';
  @state() private copyArtifact = '';
  @state() private addLabels: Artifact[] = [];
  // The filter's q= value (type=…, tags=…, labels=(…)); '' for none.
  @state() private q = '';
  @state() private busy = false;
  private platforms = new Map<string, Reference['platform']>();
  private pollTimer = 0;

  // One list for both views: a page of the repository's artifacts from the server, or at a
  // depth a page of the index's children.
  private list = new PagedList<Artifact>(this, {
    fetchPage: (page, pageSize) =>
      this.depth ? this.childrenPage(page, pageSize) : getPage<Artifact>(this.listUrl(page, pageSize)),
    key: (a) => a.digest,
  });
  private accessories = new AccessoryRows(this, () => ({ project: this.project, repo: this.repo }));

  private listUrl(page: number, pageSize: number): string {
    return (
      `${repoApi(this.project.name, this.repo)}/artifacts` +
      query({
        page,
        page_size: pageSize,
        ...WITH,
        q: this.q || undefined,
        sort: (this.sort.desc ? '-' : '') + this.sort.field,
      })
    );
  }

  private get fullName(): string {
    return `${this.project.name}/${this.repo}`;
  }

  // The Actions menu closes when the user clicks elsewhere.
  protected readonly outside = new OutsideClick(this, (t) => {
    const menu = this.querySelector('.berth-actions .dropdown');
    if (this.actionsOpen && menu && !menu.contains(t)) this.actionsOpen = false;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    void registryHostName().then((h) => (this.host = h));
  }
  override disconnectedCallback(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = 0;
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // The same element shows the top level and each depth: reload when the place changes.
    const moved = (k: string) => changed.has(k) && changed.get(k) !== undefined;
    if (moved('depth') || moved('repo')) {
      this.list.clearSelection();
      this.list.reloadFromFirstPage();
    }
  }

  override updated(): void {
    this.accessories.fetch(this.list.rows.filter((a) => a.id).map((a) => a.digest));
    if (!this.pollTimer && this.list.rows.some(scanInProgress))
      this.pollTimer = window.setTimeout(() => void inBackground(() => this.poll()), POLL_MS);
  }

  // An index's children: the references of the last index opened, each read with its scan
  // overview. A child a proxy cache has not fetched yet is listed by its digest alone.
  private async childrenPage(page: number, pageSize: number): Promise<Page<Artifact>> {
    if (!this.depth) return { items: [], total: 0 };
    const digests = this.depth.split('-');
    const index = await getArtifact(this.project.name, this.repo, digests[digests.length - 1]);
    const refs = index.references ?? [];
    this.platforms = new Map(refs.map((r) => [r.child_digest, r.platform]));
    const slice = refs.slice((page - 1) * pageSize, page * pageSize);
    const got = await Promise.allSettled(slice.map((r) => getArtifact(this.project.name, this.repo, r.child_digest)));
    const items = got.map((g, i): Artifact =>
      g.status === 'fulfilled' ? g.value : { id: 0, type: 'IMAGE', digest: slice[i].child_digest, size: 0 },
    );
    return { items, total: refs.length };
  }

  // Redraws the rows whose scan is queued or running, until none is.
  private async poll(): Promise<void> {
    const list = this.list;
    const busy = list.rows.filter(scanInProgress);
    await Promise.all(
      busy.map(async (a) => {
        try {
          const fresh = await getArtifact(this.project.name, this.repo, a.digest);
          const i = list.rows.findIndex((r) => r.digest === a.digest);
          if (i >= 0) list.rows[i] = fresh;
        } catch {
          /* shown again on the next poll or reload */
        }
      }),
    );
    this.pollTimer = 0;
    if (this.isConnected) this.requestUpdate();
  }

  private async forEachSelected(what: string, fn: (a: Artifact) => Promise<unknown>): Promise<number> {
    const failures: string[] = [];
    for (const a of this.list.selectedRows()) {
      try {
        await fn(a);
      } catch (e) {
        failures.push(`${shortDigest(a.digest)}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', `Could not ${what} ${failures.join('; ')}`);
    return failures.length;
  }

  private async scan(): Promise<void> {
    this.busy = true;
    const fails = await this.forEachSelected('scan', async (a) => {
      await postJson(`${artifactApi(this.project.name, this.repo, a.digest)}/scan`, { scan_type: 'vulnerability' });
      // Queued until the next poll says otherwise: the row shows it at once.
      a.scan_overview = { [VULN_MIME]: { scan_status: 'Pending' } };
    });
    if (!fails) toast('success', 'Scan requested.');
    this.busy = false;
  }

  private async stopScan(): Promise<void> {
    this.actionsOpen = false;
    const fails = await this.forEachSelected('stop the scan of', (a) =>
      postJson(`${artifactApi(this.project.name, this.repo, a.digest)}/scan/stop`, { scan_type: 'vulnerability' }),
    );
    if (!fails) toast('success', 'Trigger stopping scan successfully');
    void this.list.load();
  }

  private async deleteSelected(): Promise<void> {
    this.confirmDelete = false;
    const fails = await this.forEachSelected('delete', (a) =>
      request('DELETE', artifactApi(this.project.name, this.repo, a.digest)),
    );
    if (!fails) toast('success', 'Deleted successfully.');
    this.list.clearSelection();
    void this.list.load();
  }

  private renderActions() {
    const selected = this.list.selectedRows();
    const canScan = this.perms.can('scan', 'create') && selected.length > 0 && selected.every(scannable);
    const canStop = this.perms.can('scan', 'stop') && selected.some(scanInProgress);
    const canDelete = this.perms.can('artifact', 'delete') && selected.length > 0;
    const canLabel = this.perms.can('artifact-label', 'create') && selected.length > 0;
    const item = (id: string, label: string, enabled: boolean, fn: () => void) =>
      html`<button type="button" class="dropdown-item" role="menuitem" id=${id} ?disabled=${!enabled}
        @click=${() => ((this.actionsOpen = false), fn())}>${label}</button>`;
    return html`<div class="btn-group berth-actions">
      <button type="button" class="btn btn-secondary btn-sm" id="scan-btn" ?disabled=${!canScan || this.busy}
        @click=${() => void this.scan()}>
        <cds-icon shape="shield" aria-hidden="true"></cds-icon> Scan vulnerability
      </button>
      <div class="dropdown ${this.actionsOpen ? 'open' : ''}">
        <button type="button" class="btn btn-secondary btn-sm dropdown-toggle" id="artifact-list-action"
          aria-haspopup="menu" aria-expanded=${String(this.actionsOpen)} @click=${() => (this.actionsOpen = !this.actionsOpen)}>
          Actions <cds-icon shape="angle" direction="down" aria-hidden="true"></cds-icon>
        </button>
        ${this.actionsOpen
          ? html`<div class="dropdown-menu" role="menu">
              ${item('stop-scan', 'Stop Scan Vulnerability', canStop, () => void this.stopScan())}
              <div class="dropdown-divider" role="separator"></div>
              ${item('artifact-list-copy-digest', 'Copy Digest', selected.length === 1, () => (this.copyDigest = selected[0].digest))}
              <div class="dropdown-divider" role="separator"></div>
              ${item('artifact-list-add-labels', 'Add Labels', canLabel, () => (this.addLabels = selected))}
              ${item('artifact-list-copy', 'Copy', selected.length === 1, () => (this.copyArtifact = selected[0].digest))}
              ${item('artifact-list-delete', 'Delete', canDelete, () => (this.confirmDelete = true))}
            </div>`
          : nothing}
      </div>
    </div>`;
  }

  private renderArtifactCell(a: Artifact) {
    const isIndex = !!a.references?.length;
    const depth = this.depth ? `${this.depth}-${a.digest}` : a.digest;
    return html`<td class="left berth-artifact-cell">
      ${this.depth ? nothing : this.accessories.toggle(a.digest)}
      ${isIndex
        ? html`<a href=${appUrl(`${repoPath(this.project.project_id, this.repo)}/artifacts-tab/depth/${depth}`)}
            class="berth-index-link" title="Click to view this OCI index's artifact list"
            aria-label="Open the artifacts of index ${shortDigest(a.digest)}"><cds-icon shape="folder"></cds-icon></a>`
        : nothing}
      ${a.id
        ? html`<a class="berth-digest" href=${appUrl(artifactPath(this.project.project_id, this.repo, a.digest, this.depth))}>${shortDigest(a.digest)}</a>`
        : html`<span class="berth-digest" title="Not cached yet: pull it to see its details">${shortDigest(a.digest)}</span>`}
    </td>`;
  }

  private renderRow(a: Artifact) {
    const tags = (a.tags ?? []).map((t) => t.name);
    const p = this.platforms.get(a.digest);
    const logUrl = (id: string) => `${artifactApi(this.project.name, this.repo, a.digest)}/scan/${id}/log`;
    return html`<tr data-digest=${a.digest}>
      ${selectCell(shortDigest(a.digest), this.list.selected.has(a.digest), (on) => this.list.toggle(a.digest, on))}
      ${this.renderArtifactCell(a)}
      ${this.depth ? html`<td class="left">${p ? `${p.os ?? ''}/${p.architecture ?? ''}${p.variant ? '/' + p.variant : ''}` : ''}</td>` : nothing}
      <td><berth-pull-command .host=${this.host} .repository=${this.fullName} .digest=${a.digest} .tags=${tags}></berth-pull-command></td>
      <td class="left berth-tags-cell">${tags.join(', ')}</td>
      <td>${a.id ? sizeText(a.size) : ''}</td>
      <td class="left">${a.id ? vulnCell(a, logUrl) : ''}</td>
      <td class="left">${(a.labels ?? []).map(labelChip)}</td>
      <td>${shortDate(a.push_time)}</td>
      <td>${everHappened(a.pull_time) ? shortDate(a.pull_time) : ''}</td>
    </tr>
    ${this.depth ? nothing : this.accessories.subRow(a.digest, 9)}`;
  }

  private renderConfirm() {
    const rows = this.list.selectedRows();
    const digests = rows.map((a) => shortDigest(a.digest));
    return confirmDialog({
      id: 'delete-artifact-confirm',
      title: 'Confirm Artifact Deletion',
      message: `Do you want to delete artifact ${digests.join(', ')}? If you delete this artifact, all tags referenced by the digest will also be deleted.`,
      action: 'Delete',
      details: deleteDetails(rows, (d) => this.accessories.count(d)),
      onCancel: () => (this.confirmDelete = false),
      onConfirm: () => void this.deleteSelected(),
    });
  }

  override render() {
    const list = this.list;
    const sortable = (label: string, field: string) =>
      this.depth ? html`<th>${label}</th>` : sortHeader(label, field, this.sort, (s) => ((this.sort = s), this.list.reloadFromFirstPage()));
    return html`<div class="berth-page-head berth-subhead">
        ${this.renderActions()}
        <div class="berth-toolbar">
          ${this.depth
            ? html`<button type="button" class="btn btn-link btn-icon" aria-label="Refresh" @click=${() => list.load()}>
                <cds-icon shape="refresh"></cds-icon></button>`
            : html`<berth-artifact-filter .projectId=${this.project.project_id}
                  @filter-change=${(e: CustomEvent<string>) => ((this.q = e.detail), this.list.reloadFromFirstPage())}></berth-artifact-filter>
                <button type="button" class="btn btn-link btn-icon" aria-label="Refresh" @click=${() => list.load()}>
                  <cds-icon shape="refresh"></cds-icon></button>`}
        </div>
      </div>
      ${alertStrip('danger', list.error)}
      <table class="table berth-grid" id="artifact-list" aria-busy=${String(list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Artifacts</th>${this.depth ? html`<th class="left">OS/ARCH</th>` : nothing}
            <th>Pull Command</th><th class="left">Tags</th>${sortable('Size', 'size')}
            <th class="left">Vulnerabilities</th><th class="left">Labels</th>
            ${sortable('Push Time', 'push_time')}${sortable('Pull Time', 'pull_time')}
          </tr>
        </thead>
        <tbody>
          ${list.body(this.depth ? 10 : 9, (a) => this.renderRow(a), "We couldn't find any artifacts!")}
        </tbody>
      </table>
      ${list.pager()}
      ${this.confirmDelete ? this.renderConfirm() : nothing}
      ${this.copyDigest
        ? html`<berth-copy-digest-dialog .digest=${this.copyDigest} @closed=${() => (this.copyDigest = '')}></berth-copy-digest-dialog>`
        : nothing}
      ${this.copyArtifact
        ? html`<berth-copy-artifact-dialog .project=${this.project.name} .repo=${this.repo} .digest=${this.copyArtifact}
            @closed=${() => (this.copyArtifact = '')} @copied=${() => void this.list.load()}></berth-copy-artifact-dialog>`
        : nothing}
      ${this.addLabels.length
        ? html`<berth-add-labels-dialog .project=${this.project} .repo=${this.repo} .artifacts=${this.addLabels}
            @closed=${() => (this.addLabels = [])} @labels-changed=${() => void this.list.load()}></berth-add-labels-dialog>`
        : nothing}`;
  }
}
