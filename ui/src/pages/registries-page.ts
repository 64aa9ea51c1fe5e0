// Administration › Registries (/harbor/registries): the endpoint list with its status, NEW
// ENDPOINT and DELETE, as Harbor's page (harbor-portal.md §2b).
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getPage, query, request } from '../api';
import { alertStrip } from '../components/alert';
import { LightElement } from '../components/light-element';
import '../components/pager';
import { toast } from '../components/toasts';
import { errorText, shortDate } from '../format';
import { providerName, type Registry } from '../registries';
import './endpoint-dialog';

@customElement('berth-registries-page')
export class BerthRegistriesPage extends LightElement {
  @state() private rows: Registry[] = [];
  @state() private total = 0;
  @state() private page = 1;
  @state() private pageSize = 15;
  @state() private filter = '';
  @state() private loading = false;
  @state() private error = '';
  @state() private selected = new Set<number>();
  @state() private dialogOpen = false;
  @state() private confirmDelete = false;
  private filterTimer = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    try {
      const q = this.filter ? `name=~${this.filter}` : undefined;
      const res = await getPage<Registry>(
        `${API}/registries` + query({ page: this.page, page_size: this.pageSize, q, sort: '-creation_time' }),
      );
      this.rows = res.items;
      this.total = res.total;
      this.selected = new Set([...this.selected].filter((id) => res.items.some((r) => r.id === id)));
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

  private toggle(id: number, on: boolean): void {
    const s = new Set(this.selected);
    if (on) s.add(id);
    else s.delete(id);
    this.selected = s;
  }

  private async deleteSelected(): Promise<void> {
    this.confirmDelete = false;
    const failures: string[] = [];
    for (const id of this.selected) {
      const name = this.rows.find((r) => r.id === id)?.name ?? String(id);
      try {
        await request('DELETE', `${API}/registries/${id}`);
      } catch (e) {
        failures.push(`${name}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not delete ' + failures.join('; '));
    else toast('success', 'Deleted successfully.');
    this.selected = new Set();
    void this.load();
  }

  private renderConfirm() {
    const names = this.rows.filter((r) => this.selected.has(r.id)).map((r) => r.name);
    return html`<div class="modal" id="delete-endpoint-confirm">
        <div class="modal-dialog" role="dialog" aria-modal="true" aria-labelledby="delete-endpoint-title">
          <div class="modal-content">
            <div class="modal-header"><h3 class="modal-title" id="delete-endpoint-title">Confirm Endpoint Deletion</h3></div>
            <div class="modal-body"><p>Do you want to delete endpoint ${names.join(', ')}?</p></div>
            <div class="modal-footer">
              <button type="button" class="btn btn-outline" @click=${() => (this.confirmDelete = false)}>Cancel</button>
              <button type="button" class="btn btn-danger" id="delete-confirm" @click=${this.deleteSelected}>Delete</button>
            </div>
          </div>
        </div>
      </div>
      <div class="modal-backdrop" aria-hidden="true"></div>`;
  }

  private renderRow(r: Registry) {
    const healthy = r.status === 'healthy';
    return html`<tr data-name=${r.name}>
      <td class="berth-select-cell">
        <input type="checkbox" aria-label="Select ${r.name}" .checked=${this.selected.has(r.id)}
          @change=${(e: Event) => this.toggle(r.id, (e.target as HTMLInputElement).checked)} />
      </td>
      <td class="left">${r.name}</td>
      <td class="left">
        ${r.status
          ? html`<span class="label ${healthy ? 'label-success' : 'label-danger'}">${healthy ? 'Healthy' : 'Unhealthy'}</span>`
          : html`<span class="label">Unknown</span>`}
      </td>
      <td class="left">${r.url}</td>
      <td class="left">${providerName(r.type)}</td>
      <td>${String(!r.insecure)}</td>
      <td>${r.credential?.type ?? ''}</td>
      <td>${shortDate(r.creation_time)}</td>
      <td class="left">${r.description ?? ''}</td>
    </tr>`;
  }

  override render() {
    return html`<div class="berth-page-head">
        <h2>Registries</h2>
        <div class="berth-toolbar">
          <div class="clr-input-wrapper berth-filter">
            <cds-icon shape="search" aria-hidden="true"></cds-icon>
            <input class="clr-input" type="search" placeholder="Filter Endpoints" aria-label="Filter Endpoints"
              .value=${this.filter} @input=${this.onFilter} />
          </div>
          <button type="button" class="btn btn-link btn-icon" aria-label="Refresh" @click=${() => this.load()}>
            <cds-icon shape="refresh"></cds-icon>
          </button>
        </div>
      </div>
      ${alertStrip('danger', this.error)}
      <div class="btn-group berth-actions">
        <button type="button" class="btn btn-secondary btn-sm" id="add" @click=${() => (this.dialogOpen = true)}>
          <cds-icon shape="plus" aria-hidden="true"></cds-icon> New Endpoint
        </button>
        <button type="button" class="btn btn-secondary btn-sm" id="delete" ?disabled=${this.selected.size === 0}
          @click=${() => (this.confirmDelete = true)}>Delete</button>
      </div>
      <table class="table berth-grid" aria-busy=${String(this.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th class="left">Status</th><th class="left">Endpoint URL</th>
            <th class="left">Provider</th><th>Verify Remote Cert</th><th>Authentication</th>
            <th>Creation Time</th><th class="left">Description</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.length
            ? this.rows.map((r) => this.renderRow(r))
            : html`<tr><td colspan="9" class="berth-empty">${this.loading ? 'Loading…' : "We couldn't find any endpoints!"}</td></tr>`}
        </tbody>
      </table>
      <berth-pager .page=${this.page} .pageSize=${this.pageSize} .total=${this.total}
        @page-change=${(e: CustomEvent) => {
          this.page = e.detail.page;
          this.pageSize = e.detail.pageSize;
          void this.load();
        }}></berth-pager>
      ${this.dialogOpen
        ? html`<berth-endpoint-dialog
            @closed=${() => (this.dialogOpen = false)}
            @created=${() => {
              this.dialogOpen = false;
              void this.load();
            }}></berth-endpoint-dialog>`
        : nothing}
      ${this.confirmDelete ? this.renderConfirm() : nothing}`;
  }
}
