// A run's status as the grids show it: an icon in the status colour and the word in the text
// colour (coloured words fall below the contrast minimum in the dark theme), and the reason of a
// failure under it in the row itself, not behind an icon (Harbor issues #12362, #20277).
import { html, nothing } from 'lit';
import { isRunning, statusLabel, type RunStatus } from '../../replication';

function icon(s: RunStatus) {
  if (isRunning(s)) return html`<span class="spinner spinner-inline" aria-hidden="true"></span>`;
  if (s === 'Succeed') return html`<cds-icon shape="check-circle" status="success" aria-hidden="true"></cds-icon>`;
  if (s === 'Failed') return html`<cds-icon shape="error-standard" status="danger" aria-hidden="true"></cds-icon>`;
  return html`<cds-icon shape="exclamation-triangle" status="warning" aria-hidden="true"></cds-icon>`;
}

export function runStatus(s: RunStatus, reason?: string, extra: unknown = nothing) {
  return html`<span class="berth-status">${icon(s)} ${statusLabel(s)}</span>
    ${extra}
    ${reason && !isRunning(s) ? html`<div class="berth-status-text">${reason}</div>` : nothing}`;
}
