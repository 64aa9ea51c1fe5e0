// Administration › Registries (/harbor/registries): the endpoint list with its status, NEW
// ENDPOINT, EDIT (one selected) and DELETE, as Harbor's page (harbor-portal.md §2b). A refused
// deletion (412 while a replication rule or a proxy-cache project uses the endpoint) keeps the
// confirmation open with the server's reason.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, query, request } from '../api';
import { alertStrip } from '../components/alert';
import { confirmDialog } from '../components/confirm';
import { filterBox, selectCell } from '../components/filter-box';
import { LightElement } from '../components/light-element';
import { PagedList } from '../components/paged-list';
import { toast } from '../components/toasts';
import { errorText, shortDate } from '../format';
import { providerName, type Registry } from '../registries';
import './endpoint-dialog';

@customElement('berth-registries-page')
export class BerthRegistriesPage extends LightElement {
  private list = new PagedList<Registry>(this, {
    url: (page, pageSize, filter) =>
      `${API}/registries` +
      query({ page, page_size: pageSize, q: filter ? `name=~${filter}` : undefined, sort: '-creation_time' }),
    key: (r) => r.id,
  });
  @state() private dialogOpen = false;
  // The endpoint being edited, 0 when none.
  @state() private editId = 0;
  @state() private confirmDelete = false;
  @state() private deleteBusy = false;
  @state() private deleteError = '';

  private async deleteSelected(): Promise<void> {
    this.deleteBusy = true;
    this.deleteError = '';
    const failures: string[] = [];
    for (const r of this.list.selectedRows()) {
      try {
        await request('DELETE', `${API}/registries/${r.id}`);
      } catch (e) {
        failures.push(`${r.name}: ${errorText(e)}`);
      }
    }
    this.deleteBusy = false;
    await this.list.load();
    if (failures.length) {
      // The refused ones stay selected, and the dialog says why.
      this.deleteError = 'Could not delete ' + failures.join('; ');
      return;
    }
    this.confirmDelete = false;
    toast('success', 'Deleted successfully.');
    this.list.clearSelection();
  }

  private renderConfirm() {
    const names = this.list.selectedRows().map((r) => r.name);
    return confirmDialog({
      id: 'delete-endpoint-confirm',
      title: 'Confirm Endpoint Deletion',
      message: `Do you want to delete endpoint ${names.join(', ')}?`,
      action: 'Delete',
      error: this.deleteError,
      busy: this.deleteBusy,
      disabled: names.length === 0,
      onCancel: () => ((this.confirmDelete = false), (this.deleteError = '')),
      onConfirm: () => void this.deleteSelected(),
    });
  }

  private renderRow(r: Registry) {
    const healthy = r.status === 'healthy';
    return html`<tr data-name=${r.name}>
      ${selectCell(r.name, this.list.selected.has(r.id), (on) => this.list.toggle(r.id, on))}
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
          ${filterBox('Filter Endpoints', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${alertStrip('danger', this.list.error)}
      <div class="btn-group berth-actions">
        <button type="button" class="btn btn-secondary btn-sm" id="add" @click=${() => (this.dialogOpen = true)}>
          <cds-icon shape="plus" aria-hidden="true"></cds-icon> New Endpoint
        </button>
        <button type="button" class="btn btn-secondary btn-sm" id="edit" ?disabled=${this.list.selected.size !== 1}
          @click=${() => (this.editId = this.list.selectedRows()[0]?.id ?? 0)}>Edit</button>
        <button type="button" class="btn btn-secondary btn-sm" id="delete" ?disabled=${this.list.selected.size === 0}
          @click=${() => (this.confirmDelete = true)}>Delete</button>
      </div>
      <table class="table berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th class="left">Status</th><th class="left">Endpoint URL</th>
            <th class="left">Provider</th><th>Verify Remote Cert</th><th>Authentication</th>
            <th>Creation Time</th><th class="left">Description</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.body(9, (r) => this.renderRow(r), "We couldn't find any endpoints!")}
        </tbody>
      </table>
      ${this.list.pager()}
      ${this.dialogOpen
        ? html`<berth-endpoint-dialog
            @closed=${() => (this.dialogOpen = false)}
            @created=${() => {
              this.dialogOpen = false;
              void this.list.load();
            }}></berth-endpoint-dialog>`
        : nothing}
      ${this.editId
        ? html`<berth-endpoint-dialog .registryId=${this.editId}
            @closed=${() => (this.editId = 0)}
            @updated=${() => {
              this.editId = 0;
              void this.list.load();
            }}></berth-endpoint-dialog>`
        : nothing}
      ${this.confirmDelete ? this.renderConfirm() : nothing}`;
  }
}
