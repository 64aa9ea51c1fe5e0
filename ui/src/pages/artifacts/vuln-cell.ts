// The Vulnerabilities cell (artifact list and artifact page), Harbor's states: Not Scanned,
// Queued, Scanning with a progress bar, Scan stopped, View Log on an error, and on success a
// badge with the first letter of the worst severity and "<n> Total - <m> Fixable" (or "No
// vulnerability"). Hovering or focusing the counts shows the tooltip: the overall severity, one
// bar per severity with its count, the scanner, the duration and when the scan completed.
import { html, nothing } from 'lit';
import { SEVERITIES, scanOverview, scannable, type Artifact, type ScanOverview } from '../../artifacts';
import { shortDate } from '../../format';
import { appUrl } from '../../app-url';

const LETTER_CLASS: Record<string, string> = {
  Critical: 'critical', High: 'high', Medium: 'medium', Low: 'low', None: 'none', Unknown: 'none',
};

function histogram(o: ScanOverview) {
  const counts = o.summary?.summary ?? {};
  const max = Math.max(1, ...SEVERITIES.map((s) => counts[s] ?? 0));
  return html`<div class="berth-histogram">
    ${SEVERITIES.map(
      (s) => html`<div class="berth-histogram-row" data-severity=${s}>
        <span class="berth-histogram-label">${s}</span>
        <span class="berth-histogram-bar sev-${LETTER_CLASS[s]}" style="width: ${((counts[s] ?? 0) / max) * 6}rem"></span>
        <span class="berth-histogram-count">${counts[s] ?? 0}</span>
      </div>`,
    )}
  </div>`;
}

function tooltip(id: string, o: ScanOverview) {
  const scanner = o.scanner ? `${o.scanner.name ?? ''}@${o.scanner.version ?? ''}` : '';
  return html`<div class="berth-vuln-tooltip" role="tooltip" id=${id}>
    <div><strong>Vulnerability Severity:</strong> ${o.severity ?? 'None'}</div>
    ${histogram(o)}
    ${scanner ? html`<div>Scanned by: ${scanner}</div>` : nothing}
    ${o.duration !== undefined ? html`<div>Duration: ${o.duration} sec</div>` : nothing}
    ${o.end_time ? html`<div>Scan completed time: ${shortDate(o.end_time)}</div>` : nothing}
  </div>`;
}

function success(id: string, o: ScanOverview) {
  const total = o.summary?.total ?? 0;
  if (!total) return html`<span class="berth-vuln-none">No vulnerability</span>`;
  const severity = o.severity ?? 'Unknown';
  return html`<span class="berth-vuln" tabindex="0" aria-describedby=${id}>
    <span class="berth-sev-badge sev-${LETTER_CLASS[severity] ?? 'none'}" title="Vulnerability severity: ${severity}">${severity[0]}</span>
    <span class="berth-vuln-counts">${total} Total - ${o.summary?.fixable ?? 0} Fixable</span>
    ${tooltip(id, o)}
  </span>`;
}

// `logUrl` opens the scan log of a failed scan in a new tab.
export function vulnCell(a: Artifact, logUrl: (reportId: string) => string) {
  if (!scannable(a)) return html`<span class="label">Unsupported</span>`;
  const o = scanOverview(a);
  const id = `vuln-tip-${a.digest.slice(7, 19)}`;
  if (!o?.scan_status) return html`<span class="label berth-vuln-state" data-state="not-scanned">Not Scanned</span>`;
  switch (o.scan_status) {
    case 'Pending':
    case 'Scheduled':
      return html`<span class="label label-warning berth-vuln-state" data-state="queued">Queued</span>`;
    case 'Running':
      return html`<div class="berth-vuln-state" data-state="scanning">
        <span class="label label-info">Scanning</span>
        <div class="progress loop berth-scan-progress"><progress aria-label="Scanning"></progress></div>
      </div>`;
    case 'Stopped':
      return html`<span class="label berth-vuln-state" data-state="stopped">Scan stopped</span>`;
    case 'Error':
      return html`<a class="berth-vuln-state berth-view-log" data-state="error" target="_blank" rel="noopener"
        href=${appUrl(logUrl(o.report_id ?? ''))}>View Log</a>`;
    default:
      return html`<div class="berth-vuln-state" data-state="success">${success(id, o)}</div>`;
  }
}
