// The audit log grid Harbor shows under Logs and on a project's Logs tab: a filter on one field
// (username, resource, resource type, operation, as Harbor's select offers them), an optional
// time range, and the entries newest first (Username, Resource, Resource Type, Operation,
// Timestamp), paged on the server. Berth serves Harbor's /audit-logs (what Harbor now calls the
// legacy log); a project's entries come from /projects/{name}/logs.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, query } from '../../api';
import { alertStrip } from '../../components/alert';
import { filterBox } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { shortDate } from '../../format';

interface AuditLog {
  id: number;
  username: string;
  resource: string;
  resource_type: string;
  operation: string;
  op_time: string;
}

const FILTER_KEYS = [
  ['username', 'username'],
  ['resource', 'resource'],
  ['resource_type', 'resource type'],
  ['operation', 'operation'],
] as const;

// A day picked in the browser's calendar as the UTC time Berth compares with
// ("2024-05-01 22:00:00"): the start of that local day, or its last second.
function utcBound(day: string, endOfDay: boolean): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = endOfDay ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d, 0, 0, 0);
  return t.toISOString().slice(0, 19).replace('T', ' ');
}

@customElement('berth-audit-log-list')
export class BerthAuditLogList extends LightElement {
  // The project whose logs to show; empty for every log the user may see.
  @property() projectName = '';
  @state() private key = 'username';
  @state() private from = '';
  @state() private to = '';
  private list = new PagedList<AuditLog>(this, {
    url: (page, pageSize, filter) => {
      const terms: string[] = [];
      if (filter) terms.push(`${this.key}=~${filter}`);
      if (this.from || this.to)
        terms.push(`op_time=[${this.from ? utcBound(this.from, false) : ''}~${this.to ? utcBound(this.to, true) : ''}]`);
      const base = this.projectName ? `${API}/projects/${encodeURIComponent(this.projectName)}/logs` : `${API}/audit-logs`;
      return base + query({ page, page_size: pageSize, q: terms.join(',') || undefined, sort: '-op_time' });
    },
  });

  private setRange(which: 'from' | 'to', value: string): void {
    this[which] = value;
    this.list.reloadFromFirstPage();
  }

  private renderRow(l: AuditLog) {
    return html`<tr>
      <td class="left">${l.username}</td>
      <td class="left">${l.resource}</td>
      <td class="left">${l.resource_type}</td>
      <td class="left">${l.operation}</td>
      <td class="left">${shortDate(l.op_time)}</td>
    </tr>`;
  }

  override render() {
    return html`<div class="berth-toolbar berth-log-toolbar">
        <div class="clr-select-wrapper">
          <select class="clr-select" id="selectKey" aria-label="Filter by"
            @change=${(e: Event) => {
              this.key = (e.target as HTMLSelectElement).value;
              if (this.list.filter) this.list.reloadFromFirstPage();
            }}>
            ${FILTER_KEYS.map(([k, label]) => html`<option value=${k} ?selected=${k === this.key}>${label}</option>`)}
          </select>
        </div>
        <label class="berth-inline" for="log-from">From
          <input class="clr-input" id="log-from" type="date" .value=${this.from} max=${this.to || ''}
            @change=${(e: Event) => this.setRange('from', (e.target as HTMLInputElement).value)} /></label>
        <label class="berth-inline" for="log-to">To
          <input class="clr-input" id="log-to" type="date" .value=${this.to} min=${this.from || ''}
            @change=${(e: Event) => this.setRange('to', (e.target as HTMLInputElement).value)} /></label>
        ${filterBox('Filter Logs', this.list.filter, this.list.onFilterInput, () => this.list.load())}
      </div>
      ${alertStrip('danger', this.list.error)}
      <table class="table berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="left">Username</th><th class="left">Resource</th><th class="left">Resource Type</th>
            <th class="left">Operation</th><th class="left">Timestamp</th>
          </tr>
        </thead>
        <tbody>${this.list.body(5, (l) => this.renderRow(l), "We couldn't find any logs!")}</tbody>
      </table>
      ${this.list.pager()}`;
  }
}
