// Interrogation Services › Scanners ("Image Scanners", harbor-portal.md §2f): the registrations
// with their health (each adapter's metadata asked once per load, as Harbor does), NEW SCANNER,
// SET AS DEFAULT, and ACTION ▾ (Edit, Enable / Deactivate, Delete) on the one selected row. A
// row opens to show the adapter's metadata. Berth's built-in scanner cannot be changed.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, query, request } from '../../api';
import { type ActionItem } from '../../components/action-menu';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { authLabel, isBuiltin, probeHealth, supports, unhealthyReason, type Health, type Scanner } from '../../scanning';
import { scannerMetadata } from './scanner-metadata';
import '../../components/action-menu';
import './scanner-dialog';

const BUILTIN_REASON = "Berth's built-in scanner cannot be changed.";

@customElement('berth-scanners-tab')
export class BerthScannersTab extends LightElement {
  private list = new PagedList<Scanner>(this, {
    url: (page, pageSize) => `${API}/scanners` + query({ page, page_size: pageSize }),
    key: (s) => s.uuid,
  });
  @state() private health = new Map<string, Health>();
  @state() private expanded = new Set<string>();
  @state() private dialog: 'new' | 'edit' | null = null;
  @state() private confirmDelete = false;
  @state() private actionError = '';
  private probedRows: Scanner[] | null = null;

  // Every new page of rows gets its health asked for, once (before drawing, so no second update).
  override willUpdate(): void {
    if (this.list.rows === this.probedRows) return;
    this.probedRows = this.list.rows;
    const rows = this.list.rows;
    this.health = new Map(rows.map((s) => [s.uuid, { state: 'loading' } as Health]));
    for (const s of rows) {
      void probeHealth(s.uuid).then((h) => {
        if (this.list.rows !== rows) return;
        this.health = new Map(this.health).set(s.uuid, h);
      });
    }
  }

  private get selected(): Scanner | undefined {
    return this.list.selectedRows()[0];
  }

  private select(s: Scanner): void {
    this.list.clearSelection();
    this.list.toggle(s.uuid, true);
  }

  private async act(what: () => Promise<unknown>, success: string): Promise<void> {
    this.actionError = '';
    try {
      await what();
      toast('success', success);
    } catch (e) {
      this.actionError = errorText(e);
    }
    void this.list.load();
  }

  private setDefault(): void {
    const s = this.selected;
    if (s) void this.act(() => request('PATCH', `${API}/scanners/${s.uuid}`, { json: { is_default: true } }), 'Successfully updated');
  }

  private toggleEnabled(): void {
    const s = this.selected;
    if (s) void this.act(() => request('PUT', `${API}/scanners/${s.uuid}`, { json: { disabled: !s.disabled } }), 'Successfully updated');
  }

  private deleteSelected(): void {
    const s = this.selected;
    this.confirmDelete = false;
    if (s) {
      void this.act(() => request('DELETE', `${API}/scanners/${s.uuid}`), 'Successfully deleted').then(() =>
        this.list.clearSelection(),
      );
    }
  }

  private actions(): ActionItem[] {
    const s = this.selected;
    const builtin = !!s && isBuiltin(s);
    return [
      { id: 'edit-scanner', label: 'Edit', icon: 'pencil', disabled: !s || builtin, reason: BUILTIN_REASON,
        run: () => (this.dialog = 'edit') },
      { id: 'change-scanner-state', label: s?.disabled ? 'Enable' : 'Deactivate', icon: s?.disabled ? 'success-standard' : 'ban',
        disabled: !s || s.is_default || builtin,
        reason: builtin ? BUILTIN_REASON : 'The default scanner cannot be deactivated.',
        run: () => this.toggleEnabled() },
      { id: 'delete-scanner-action', label: 'Delete', icon: 'times', divider: true,
        disabled: !s || s.is_default || builtin,
        reason: builtin ? BUILTIN_REASON : 'The default scanner cannot be deleted: make another one the default first.',
        run: () => (this.confirmDelete = true) },
    ];
  }

  private healthCell(s: Scanner) {
    const h = this.health.get(s.uuid);
    if (!h || h.state === 'loading') return html`<span class="spinner spinner-inline">Checking…</span>`;
    return h.state === 'healthy'
      ? html`<span class="label label-success">Healthy</span>`
      : html`<span class="label label-danger" title=${h.reason || nothing}>Unhealthy</span>`;
  }

  private capabilityCell(s: Scanner, kind: 'vulnerability' | 'sbom') {
    const v = supports(s, this.health.get(s.uuid), kind);
    return v === undefined ? '' : v ? 'Supported' : 'Not Supported';
  }

  private toggleExpanded(uuid: string): void {
    const e = new Set(this.expanded);
    if (!e.delete(uuid)) {
      e.add(uuid);
      const h = this.health.get(uuid);
      if (h?.state === 'unhealthy' && !h.reason) {
        void unhealthyReason(uuid).then((reason) => (this.health = new Map(this.health).set(uuid, { state: 'unhealthy', reason })));
      }
    }
    this.expanded = e;
  }

  private renderRow(s: Scanner) {
    const open = this.expanded.has(s.uuid);
    return html`<tr data-name=${s.name} class=${this.list.selected.has(s.uuid) ? 'berth-selected' : ''}>
        <td class="berth-select-cell berth-narrow">
          <input type="radio" name="scanner-select" aria-label="Select ${s.name}" .checked=${this.list.selected.has(s.uuid)}
            @change=${() => this.select(s)} />
          <button type="button" class="btn btn-link btn-icon btn-sm berth-expand" aria-expanded=${String(open)}
            aria-label="${open ? 'Hide' : 'Show'} the metadata of ${s.name}" @click=${() => this.toggleExpanded(s.uuid)}>
            <cds-icon shape="angle" direction=${open ? 'down' : 'right'}></cds-icon>
          </button>
        </td>
        <td class="left">${s.name} ${s.is_default ? html`<span class="label label-info">Default</span>` : nothing}</td>
        <td class="left">${s.url}</td>
        <td class="left berth-nowrap">${this.healthCell(s)}</td>
        <td class="left berth-nowrap">
          ${s.disabled
            ? html`<cds-icon shape="exclamation-triangle" status="warning" aria-hidden="true"></cds-icon> Deactivated`
            : html`<cds-icon shape="check-circle" status="success" aria-hidden="true"></cds-icon> Enabled`}
        </td>
        <td class="left">${authLabel(s.auth)}</td>
        <td class="left">${this.capabilityCell(s, 'vulnerability')}</td>
        <td class="left">${this.capabilityCell(s, 'sbom')}</td>
        <td class="left">${s.description ?? ''}</td>
      </tr>
      ${open
        ? html`<tr class="berth-detail-row"><td></td><td colspan="8" class="left">${scannerMetadata(this.health.get(s.uuid))}</td></tr>`
        : nothing}`;
  }

  private renderDialogs() {
    const s = this.selected;
    const done = () => {
      this.dialog = null;
      void this.list.load();
    };
    return html`${this.dialog
      ? html`<berth-scanner-dialog .scanner=${this.dialog === 'edit' ? (s ?? null) : null}
          @closed=${() => (this.dialog = null)} @saved=${done}></berth-scanner-dialog>`
      : nothing}
    ${this.confirmDelete && s
      ? confirmDialog({
          id: 'delete-scanner-confirm',
          title: 'Confirm Scanner deletion',
          message: `Do you want to delete scanner ${s.name}?`,
          action: 'Delete',
          onCancel: () => (this.confirmDelete = false),
          onConfirm: () => this.deleteSelected(),
        })
      : nothing}`;
  }

  override render() {
    const s = this.selected;
    return html`<h4 class="berth-section-title">Image Scanners</h4>
      ${alertStrip('danger', this.list.error || this.actionError, 'scanner-list-error')}
      <div class="berth-action-bar">
        <div class="btn-group berth-actions">
          <button type="button" class="btn btn-secondary btn-sm" id="new-scanner" @click=${() => (this.dialog = 'new')}>
            <cds-icon shape="plus" aria-hidden="true"></cds-icon> New Scanner
          </button>
          <button type="button" class="btn btn-secondary btn-sm" id="set-default"
            ?disabled=${!s || s.is_default || s.disabled} @click=${this.setDefault}>Set as Default</button>
        </div>
        <berth-action-menu label="Action" triggerId="action-scanner" .items=${this.actions()}></berth-action-menu>
        <button type="button" class="btn btn-link btn-icon berth-refresh" aria-label="Refresh" @click=${() => this.list.load()}>
          <cds-icon shape="refresh"></cds-icon>
        </button>
      </div>
      <table class="table berth-grid" id="scanner-list" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell berth-narrow"><span class="clr-sr-only">Select, details</span></th>
            <th class="left">Name</th><th class="left">Endpoint</th><th class="left">Health</th>
            <th class="left">Enabled</th><th class="left">Authorization</th><th class="left">Vulnerability</th>
            <th class="left">SBOM</th><th class="left">Description</th>
          </tr>
        </thead>
        <tbody>${this.list.body(9, (r) => this.renderRow(r), 'Can not find any scanner')}</tbody>
      </table>
      ${this.list.pager()}
      ${this.renderDialogs()}`;
  }
}
