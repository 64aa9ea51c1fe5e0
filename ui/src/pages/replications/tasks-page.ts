// One execution's tasks (/harbor/replications/:id/tasks, harbor-portal.md §2e): the execution's
// status, trigger, start, duration, counts and bytes, STOP, and the tasks grid (ID, Resource
// Type, Source, Destination, Operation, Status with the reason of a failure, bytes, times, Logs).
// While the execution runs, both refresh every 2 s; the polling ends with the run or the page.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { Poller } from '../../components/poller';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import {
  duration,
  isRunning,
  progressLabel,
  statusChip,
  triggerLabel,
  type ReplicationExecution,
  type ReplicationTask,
} from '../../replication';
import { runStatus } from './status';
import { appUrl } from '../../app-url';

const POLL_MS = 2000;

const TASK_FILTERS: Record<'status' | 'resource_type', [string, string][]> = {
  status: [['Pending', 'Pending'], ['InProgress', 'In Progress'], ['Succeed', 'Succeeded'], ['Failed', 'Failed'], ['Stopped', 'Stopped']],
  resource_type: [['image', 'image'], ['artifact', 'artifact']],
};

@customElement('berth-replication-tasks-page')
export class BerthReplicationTasksPage extends LightElement {
  @property({ type: Number }) executionId = 0;
  @state() private execution: ReplicationExecution | null = null;
  @state() private error = '';
  @state() private filterField: 'status' | 'resource_type' = 'status';
  @state() private confirmStop = false;
  @state() private stopping = false;

  private tasks = new PagedList<ReplicationTask>(this, {
    url: (page, pageSize, filter) =>
      `${API}/replication/executions/${this.executionId}/tasks` +
      query({ page, page_size: pageSize, [this.filterField]: filter || undefined }),
  });

  constructor() {
    super();
    new Poller(this, {
      everyMs: POLL_MS,
      active: () => !!this.execution && isRunning(this.execution.status),
      tick: () => Promise.all([this.loadExecution(), this.tasks.load()]),
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadExecution();
  }

  private async loadExecution(): Promise<void> {
    try {
      this.execution = await getJson<ReplicationExecution>(`${API}/replication/executions/${this.executionId}`);
      this.error = '';
    } catch (e) {
      this.error = `Could not read execution ${this.executionId}: ${errorText(e)}`;
    }
  }

  private async stop(): Promise<void> {
    this.confirmStop = false;
    this.stopping = true;
    try {
      await request('PUT', `${API}/replication/executions/${this.executionId}`);
      toast('success', 'Stop requested: the running tasks end within a few seconds.');
    } catch (e) {
      toast('danger', `Could not stop execution ${this.executionId}: ${errorText(e)}`);
    } finally {
      this.stopping = false;
      await Promise.all([this.loadExecution(), this.tasks.load()]);
    }
  }

  private setFilter(field: 'status' | 'resource_type', value: string): void {
    this.filterField = field;
    this.tasks.filter = value;
    this.tasks.reloadFromFirstPage();
  }

  private renderSummary(e: ReplicationExecution) {
    const chip = statusChip(e.status);
    const running = isRunning(e.status);
    const pct = e.bytes_total ? Math.min(100, Math.round(((e.bytes_done ?? 0) / e.bytes_total) * 100)) : 0;
    return html`<div class="berth-exec-head">
        <h2>Execution <span id="execution-id">${e.id}</span></h2>
        <span class="label label-${chip.kind}" id="execution-status">${chip.text}</span>
        <button type="button" class="btn btn-secondary btn-sm" id="execution-stop" ?disabled=${!running || this.stopping}
          @click=${() => (this.confirmStop = true)}>Stop</button>
      </div>
      <dl class="berth-exec-facts" id="execution-summary">
        <div><dt>Trigger Mode :</dt><dd>${triggerLabel(e.trigger)}</dd></div>
        <div><dt>Start Time :</dt><dd>${shortDate(e.start_time)}</dd></div>
        <div><dt>Duration :</dt><dd>${duration(e.start_time, running ? undefined : e.end_time)}</dd></div>
        <div><dt>Success</dt><dd id="count-succeed">${e.succeed}</dd></div>
        <div><dt>Failure</dt><dd id="count-failed">${e.failed}</dd></div>
        <div><dt>In Progress</dt><dd id="count-in-progress">${e.in_progress}</dd></div>
        <div><dt>Stopped</dt><dd id="count-stopped">${e.stopped}</dd></div>
        <div><dt>Transferred :</dt><dd id="execution-bytes">${progressLabel(e.bytes_done, e.bytes_total) || '0 B'}</dd></div>
      </dl>
      ${e.bytes_total
        ? html`<div class="progress-block berth-exec-progress">
            <div class="progress ${running ? '' : chip.kind}">
              <progress value=${pct} max="100" aria-label="Bytes copied: ${pct}%"></progress>
            </div>
            <span>${pct}%</span>
          </div>`
        : nothing}
      ${e.status_text ? alertStrip(e.status === 'Failed' ? 'danger' : 'info', e.status_text, 'execution-status-text') : nothing}`;
  }

  private renderFilter() {
    return html`<div class="berth-toolbar">
      <div class="clr-select-wrapper">
        <select class="clr-select" id="task-filter-field" aria-label="Filter tasks by"
          @change=${(e: Event) => this.setFilter((e.target as HTMLSelectElement).value as 'status' | 'resource_type', '')}>
          <option value="status" ?selected=${this.filterField === 'status'}>Status</option>
          <option value="resource_type" ?selected=${this.filterField === 'resource_type'}>Resource Type</option>
        </select>
      </div>
      <div class="clr-select-wrapper">
        <select class="clr-select" id="filter-tasks" aria-label="Filter Tasks"
          @change=${(e: Event) => this.setFilter(this.filterField, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.tasks.filter}>All</option>
          ${TASK_FILTERS[this.filterField].map(
            ([v, label]) => html`<option value=${v} ?selected=${this.tasks.filter === v}>${label}</option>`,
          )}
        </select>
      </div>
      <button type="button" class="btn btn-link btn-icon" aria-label="Refresh tasks"
        @click=${() => Promise.all([this.loadExecution(), this.tasks.load()])}>
        <cds-icon shape="refresh"></cds-icon>
      </button>
    </div>`;
  }

  private renderTask(t: ReplicationTask) {
    const running = isRunning(t.status);
    return html`<tr data-id=${t.id}>
      <td>${t.id}</td>
      <td>${t.resource_type}</td>
      <td class="left">${t.src_resource}</td>
      <td class="left">${t.dst_resource}</td>
      <td>${t.operation}</td>
      <td class="left">
        ${runStatus(t.status, t.status_text)}
      </td>
      <td>${progressLabel(t.bytes_done, t.bytes_total)}</td>
      <td>${shortDate(t.start_time)}</td>
      <td>${running ? '' : shortDate(t.end_time)}</td>
      <td>${duration(t.start_time, running ? undefined : t.end_time)}</td>
      <td>
        <a href=${appUrl(`${API}/replication/executions/${t.execution_id}/tasks/${t.id}/log`)} target="_blank" rel="noopener"
          aria-label="Log of task ${t.id}" class="berth-log-link"><cds-icon shape="list" aria-hidden="true"></cds-icon></a>
      </td>
    </tr>`;
  }

  override render() {
    const e = this.execution;
    return html`<div class="berth-breadcrumb"><a href=${appUrl('/harbor/replications')}>&lt; Replication</a></div>
      ${alertStrip('danger', this.error)}
      ${e ? this.renderSummary(e) : this.error ? nothing : html`<p class="berth-hint">Loading…</p>`}
      <div class="berth-page-head berth-tasks-head">
        <h3>Tasks</h3>
        ${this.renderFilter()}
      </div>
      ${alertStrip('danger', this.tasks.error)}
      <table class="table berth-grid" id="replication-tasks" aria-busy=${String(this.tasks.loading)}>
        <thead>
          <tr>
            <th>Task ID</th><th>Resource Type</th><th class="left">Source</th><th class="left">Destination</th>
            <th>Operation</th><th class="left">Status</th><th>Transferred</th><th>Start Time</th><th>End Time</th>
            <th>Duration</th><th>Logs</th>
          </tr>
        </thead>
        <tbody>${this.tasks.body(11, (t) => this.renderTask(t), "We couldn't find any tasks!")}</tbody>
      </table>
      ${this.tasks.pager()}
      ${this.confirmStop
        ? confirmDialog({
            id: 'stop-execution-confirm',
            title: 'Confirm Stop Executions',
            message: `Do you want to stop the execution ${this.executionId}?`,
            action: 'Stop',
            onCancel: () => (this.confirmStop = false),
            onConfirm: () => void this.stop(),
          })
        : nothing}`;
  }
}
