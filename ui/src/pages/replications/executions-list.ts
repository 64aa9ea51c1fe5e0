// The executions of one replication rule, under the rules grid (harbor-portal.md §2e): ID (a link
// to its tasks), Status, Trigger, Start Time, Duration, Success Rate, Total; filtered by status or
// trigger; STOP after a confirmation. Refreshes by itself while one runs, and says why a run
// failed in the row itself rather than behind an icon (Harbor issues #12362, #20277).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { selectCell } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { Poller } from '../../components/poller';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import {
  duration,
  isRunning,
  progressLabel,
  successRate,
  triggerLabel,
  type ReplicationExecution,
  type ReplicationPolicy,
} from '../../replication';
import { runStatus } from './status';
import { appUrl } from '../../app-url';

// Berth's runs are short: a refresh every 3 s (Harbor: 10 s) shows the end without a wait.
const REFRESH_MS = 3000;

const FILTER_VALUES: Record<'status' | 'trigger', [string, string][]> = {
  status: [['InProgress', 'In Progress'], ['Succeed', 'Succeeded'], ['Failed', 'Failed'], ['Stopped', 'Stopped']],
  trigger: [['manual', 'Manual'], ['scheduled', 'Scheduled'], ['event_based', 'Event Based']],
};

@customElement('berth-replication-executions')
export class BerthReplicationExecutions extends LightElement {
  @property({ attribute: false }) policy!: ReplicationPolicy;
  @state() private filterField: 'status' | 'trigger' = 'status';
  @state() private confirmStop = false;
  private shownPolicy = 0;

  private list = new PagedList<ReplicationExecution>(this, {
    url: (page, pageSize, filter) =>
      `${API}/replication/executions` +
      query({ policy_id: this.policy.id, page, page_size: pageSize, [this.filterField]: filter || undefined }),
    key: (e) => e.id,
  });

  constructor() {
    super();
    new Poller(this, {
      everyMs: REFRESH_MS,
      active: () => this.list.rows.some((e) => isRunning(e.status)),
      tick: () => this.list.load(),
    });
    // The page asks for a reload after starting a run (REPLICATE).
    this.addEventListener('reload', () => void this.list.load());
  }

  // Another rule selected: its executions, from page 1 and unfiltered.
  override willUpdate(): void {
    if (this.policy && this.policy.id !== this.shownPolicy) {
      const first = this.shownPolicy === 0;
      this.shownPolicy = this.policy.id;
      this.list.filter = '';
      this.list.clearSelection();
      if (!first) this.list.reloadFromFirstPage();
    }
  }

  private setFilter(field: 'status' | 'trigger', value: string): void {
    this.filterField = field;
    this.list.filter = value;
    this.list.reloadFromFirstPage();
  }

  private async stopSelected(): Promise<void> {
    this.confirmStop = false;
    const failures: string[] = [];
    for (const e of this.list.selectedRows().filter((r) => isRunning(r.status))) {
      try {
        await request('PUT', `${API}/replication/executions/${e.id}`);
      } catch (err) {
        failures.push(`${e.id}: ${errorText(err)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not stop execution ' + failures.join('; '));
    else toast('success', 'Stop requested: the running tasks end within a few seconds.');
    void this.list.load();
  }

  private renderFilter() {
    return html`<div class="berth-toolbar">
      <div class="clr-select-wrapper">
        <select class="clr-select" id="execution-filter-field" aria-label="Filter executions by"
          @change=${(e: Event) => this.setFilter((e.target as HTMLSelectElement).value as 'status' | 'trigger', '')}>
          <option value="status" ?selected=${this.filterField === 'status'}>Status</option>
          <option value="trigger" ?selected=${this.filterField === 'trigger'}>Trigger</option>
        </select>
      </div>
      <div class="clr-select-wrapper">
        <select class="clr-select" id="filter-executions" aria-label="Filter Executions"
          @change=${(e: Event) => this.setFilter(this.filterField, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.list.filter}>All</option>
          ${FILTER_VALUES[this.filterField].map(
            ([v, label]) => html`<option value=${v} ?selected=${this.list.filter === v}>${label}</option>`,
          )}
        </select>
      </div>
      <button type="button" class="btn btn-link btn-icon" aria-label="Refresh executions" @click=${() => this.list.load()}>
        <cds-icon shape="refresh"></cds-icon>
      </button>
    </div>`;
  }

  private renderStatus(e: ReplicationExecution) {
    const progress = isRunning(e.status) && e.bytes_total
      ? html`<div class="berth-muted">${progressLabel(e.bytes_done, e.bytes_total)}</div>`
      : nothing;
    return runStatus(e.status, e.status_text, progress);
  }

  private renderRow(e: ReplicationExecution) {
    return html`<tr data-id=${e.id}>
      ${selectCell(`execution ${e.id}`, this.list.selected.has(e.id), (on) => this.list.toggle(e.id, on))}
      <td class="left"><a href=${appUrl(`/harbor/replications/${e.id}/tasks`)}>${e.id}</a></td>
      <td class="left">${this.renderStatus(e)}</td>
      <td class="left">${triggerLabel(e.trigger)}</td>
      <td>${shortDate(e.start_time)}</td>
      <td>${duration(e.start_time, isRunning(e.status) ? undefined : e.end_time)}</td>
      <td>${successRate(e)}</td>
      <td>${e.total}</td>
    </tr>`;
  }

  override render() {
    const canStop = this.list.selectedRows().some((e) => isRunning(e.status));
    return html`<section class="berth-executions" aria-labelledby="executions-title">
      <div class="berth-page-head">
        <h3 id="executions-title">Executions</h3>
        ${this.renderFilter()}
      </div>
      ${alertStrip('danger', this.list.error)}
      <div class="btn-group berth-actions">
        <button type="button" class="btn btn-secondary btn-sm" id="stop-execution" ?disabled=${!canStop}
          @click=${() => (this.confirmStop = true)}>Stop</button>
      </div>
      <table class="table berth-grid" id="replication-executions" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">ID</th><th class="left">Status</th><th class="left">Trigger</th><th>Start Time</th>
            <th>Duration</th><th>Success Rate</th><th>Total</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.body(8, (e) => this.renderRow(e), "We couldn't find any replication jobs!")}
        </tbody>
      </table>
      ${this.list.pager()}
      ${this.confirmStop
        ? confirmDialog({
            id: 'stop-execution-confirm',
            title: 'Confirm Stop Executions',
            message: `Do you want to stop the executions ${this.list.selectedRows().filter((e) => isRunning(e.status)).map((e) => e.id).join(', ')}?`,
            action: 'Stop',
            onCancel: () => (this.confirmStop = false),
            onConfirm: () => void this.stopSelected(),
          })
        : nothing}
    </section>`;
  }
}
