// The last scan-all run as Harbor draws it: Manual or Scheduled, "Total n", one bar split into
// error / finished / running / stopped, and the count of each status. Berth adds "n of m done"
// and makes the bar a progressbar for screen readers.
import { html, nothing } from 'lit';
import { type ScanAllMetrics } from '../../scanning';

const SEGMENTS: [status: string, cls: string][] = [
  ['Error', 'berth-seg-error'],
  ['Success', 'berth-seg-finished'],
  ['Running', 'berth-seg-running'],
  ['Stopped', 'berth-seg-stopped'],
];
const ORDER = ['Pending', 'Running', 'Stopped', 'Error', 'Success', 'Scheduled'];

export function scanAllProgress(m: ScanAllMetrics) {
  if (!m.total) return html`<p class="berth-muted" id="scan-all-progress">No scan-all run yet.</p>`;
  const counts = m.metrics ?? {};
  const trigger = m.trigger.toLowerCase().startsWith('manual') ? 'Manual' : m.trigger ? 'Scheduled' : '';
  const text = `${m.completed} of ${m.total} done`;
  return html`<div class="berth-scan-progress" id="scan-all-progress" data-ongoing=${String(m.ongoing)}>
    <div class="berth-scan-total">
      ${trigger ? html`<span id="scan-all-trigger">${trigger}</span>` : nothing}
      <span>Total <span id="scan-all-total">${m.total}</span></span>
      <span class="berth-muted" id="scan-all-done">${text}${m.ongoing ? '' : ', finished'}</span>
    </div>
    <div class="berth-scan-bar" role="progressbar" aria-label="Scan all" aria-valuemin="0" aria-valuemax=${m.total}
      aria-valuenow=${m.completed} aria-valuetext=${text}>
      ${SEGMENTS.map(([status, cls]) =>
        counts[status] ? html`<div class=${cls} style="width: ${(counts[status] / m.total) * 100}%"></div>` : nothing)}
    </div>
    <ul class="berth-scan-states">
      ${ORDER.filter((s) => counts[s] !== undefined).map(
        (s) => html`<li data-status=${s}><span class="badge berth-badge-${s.toLowerCase()}">${counts[s]}</span> ${s}</li>`)}
    </ul>
  </div>`;
}
