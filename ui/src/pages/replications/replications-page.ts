// Administration › Replications (/harbor/replications, harbor-portal.md §2e): the rules grid
// (single select) with NEW REPLICATION RULE, REPLICATE and Actions ▾ (EDIT, ENABLE or DEACTIVATE,
// DELETE), each change confirmed first; below it the executions of the selected rule.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, postJson, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { filterBox } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import '../../components/action-menu';
import { errorText } from '../../format';
import {
  bandwidthLabel,
  destinationLabel,
  flatteningLabel,
  modeOf,
  triggerLabel,
  type ReplicationPolicy,
} from '../../replication';
import './executions-list';
import './rule-dialog';

type Pending = 'replicate' | 'delete' | 'enable' | 'disable' | null;

// The rule last selected: coming back from an execution's tasks shows that rule's executions
// again rather than an empty selection.
let lastSelected = 0;

@customElement('berth-replications-page')
export class BerthReplicationsPage extends LightElement {
  private list = new PagedList<ReplicationPolicy>(this, {
    url: (page, pageSize, filter) =>
      `${API}/replication/policies` +
      query({ page, page_size: pageSize, q: filter ? `name=~${filter}` : undefined, sort: '-creation_time' }),
    key: (p) => p.id,
  });
  // The rule being edited (0: a new one), or null while no dialog is open.
  @state() private editing: number | null = null;
  @state() private pending: Pending = null;
  @state() private busy = false;

  constructor() {
    super();
    if (lastSelected) this.list.selected = new Set([lastSelected]);
  }

  private get selected(): ReplicationPolicy | undefined {
    return this.list.selectedRows()[0];
  }

  private select(p: ReplicationPolicy): void {
    this.list.clearSelection();
    this.list.toggle(p.id, true);
    lastSelected = p.id;
  }

  private async replicate(p: ReplicationPolicy): Promise<void> {
    await postJson(`${API}/replication/executions`, { policy_id: p.id });
    toast('success', 'Started successfully');
    this.querySelector('berth-replication-executions')?.dispatchEvent(new CustomEvent('reload'));
  }

  private async deleteRule(p: ReplicationPolicy): Promise<void> {
    await request('DELETE', `${API}/replication/policies/${p.id}`);
    toast('success', 'Deleted successfully.');
    this.list.clearSelection();
  }

  // Harbor's handler replaces the whole rule: the rule as read, with `enabled` flipped.
  private async setEnabled(p: ReplicationPolicy, enabled: boolean): Promise<void> {
    await request('PUT', `${API}/replication/policies/${p.id}`, { json: { ...p, enabled } });
    toast('success', enabled ? 'Enabled successfully.' : 'Deactivated successfully.');
  }

  private async confirmed(): Promise<void> {
    const p = this.selected;
    const what = this.pending;
    this.pending = null;
    if (!p || !what) return;
    this.busy = true;
    try {
      if (what === 'replicate') await this.replicate(p);
      else if (what === 'delete') await this.deleteRule(p);
      else await this.setEnabled(p, what === 'enable');
    } catch (e) {
      toast('danger', `Could not ${what === 'disable' ? 'deactivate' : what} rule ${p.name}: ${errorText(e)}`);
    } finally {
      this.busy = false;
      void this.list.load();
    }
  }

  private renderConfirm() {
    const p = this.selected;
    if (!p || !this.pending) return nothing;
    const texts = {
      replicate: ['Confirm Replication Rule Execution', `Do you want to execute replication rule ${p.name}?`, 'Replicate'],
      delete: ['Confirm Replication Rule Deletion', `Do you want to delete replication rule ${p.name}?`, 'Delete'],
      enable: ['Enable Rule', `Do you want to enable replication rule ${p.name}?`, 'Enable'],
      disable: ['Deactivate Rule', `Do you want to deactivate replication rule ${p.name}? Running executions go on; no new one starts.`, 'Deactivate'],
    }[this.pending];
    return confirmDialog({
      id: `${this.pending}-rule-confirm`,
      title: texts[0],
      message: texts[1],
      action: texts[2],
      danger: this.pending === 'delete' || this.pending === 'disable',
      onCancel: () => (this.pending = null),
      onConfirm: () => void this.confirmed(),
    });
  }

  private renderActions() {
    const p = this.selected;
    return html`<div class="btn-group berth-actions berth-rule-actions">
      <button type="button" class="btn btn-secondary btn-sm" id="new_replication_rule_id" @click=${() => (this.editing = 0)}>
        <cds-icon shape="plus" aria-hidden="true"></cds-icon> New Replication Rule
      </button>
      <button type="button" class="btn btn-secondary btn-sm" id="replication_exe_id" ?disabled=${!p?.enabled || this.busy}
        @click=${() => (this.pending = 'replicate')}>Replicate</button>
      <berth-action-menu label="Actions" triggerId="rule-action" ?disabled=${!p || this.busy}
        .items=${[
          { id: 'edit_replication_rule_id', label: 'Edit', run: () => (this.editing = p!.id) },
          p?.enabled
            ? { id: 'rule-disable', label: 'Deactivate', run: () => (this.pending = 'disable') }
            : { id: 'rule-enable', label: 'Enable', run: () => (this.pending = 'enable') },
          { id: 'delete_replication_rule_id', label: 'Delete', divider: true, run: () => (this.pending = 'delete') },
        ]}></berth-action-menu>
    </div>`;
  }

  private renderRow(p: ReplicationPolicy) {
    const checked = this.list.selected.has(p.id);
    const cron = p.trigger?.trigger_settings?.cron;
    return html`<tr data-name=${p.name} class=${checked ? 'berth-selected' : ''} @click=${() => this.select(p)}>
      <td class="berth-select-cell">
        <input type="radio" name="replication-rule" aria-label="Select ${p.name}" .checked=${checked}
          @change=${() => this.select(p)} />
      </td>
      <td class="left berth-nowrap">${p.name}</td>
      <td class="left berth-nowrap">
        ${p.enabled
          ? html`<cds-icon shape="check-circle" status="success" aria-hidden="true"></cds-icon> Enabled`
          : html`<cds-icon shape="exclamation-triangle" status="warning" aria-hidden="true"></cds-icon> Deactivated`}
      </td>
      <td class="left">${p.src_registry?.name ?? 'Local'}</td>
      <td class="berth-nowrap">${modeOf(p)}-based</td>
      <td class="left">${destinationLabel(p)}</td>
      <td class="left">${flatteningLabel(p.dest_namespace_replace_count)}</td>
      <td>${bandwidthLabel(p.speed)}</td>
      <td class="left">${p.description ?? ''}</td>
      <td class="left berth-nowrap">
        ${triggerLabel(p.trigger?.type)}
        ${p.trigger?.type === 'scheduled' && cron ? html`<div class="berth-muted">${cron}</div>` : nothing}
      </td>
    </tr>`;
  }

  private renderGrid() {
    return html`<table class="table berth-grid" id="replication-rules" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th class="left">Status</th><th class="left">Source registry</th>
            <th>Replication Mode</th><th class="left">Destination Registry:Namespace</th>
            <th class="left">Destination Repository Flattening</th><th>Bandwidth</th>
            <th class="left">Description</th><th class="left">Trigger</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.body(10, (p) => this.renderRow(p), "We couldn't find any replication rules!")}
        </tbody>
      </table>
      ${this.list.pager()}`;
  }

  private renderDialog() {
    if (this.editing === null) return nothing;
    return html`<berth-rule-dialog .policyId=${this.editing}
      @closed=${() => (this.editing = null)}
      @saved=${() => {
        this.editing = null;
        void this.list.load();
      }}></berth-rule-dialog>`;
  }

  override render() {
    const p = this.selected;
    return html`<div class="berth-page-head">
        <h2>Replications</h2>
        <div class="berth-toolbar">
          ${filterBox('Filter Rules', this.list.filter, this.list.onFilterInput, () => this.list.load(), 'filter-rules')}
        </div>
      </div>
      ${alertStrip('danger', this.list.error)}
      ${this.renderActions()}
      ${this.renderGrid()}
      ${p ? html`<berth-replication-executions .policy=${p}></berth-replication-executions>` : nothing}
      ${this.renderDialog()}
      ${this.renderConfirm()}`;
  }
}
