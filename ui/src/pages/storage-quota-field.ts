// NEW PROJECT's "Project quota limits" row (administrators only, as in Harbor): a whole number
// (#create_project_storage_limit, -1 or empty for no limit) and its unit
// (#create_project_storage_limit_unit: MiB, GiB, TiB), sent as `storage_limit` in bytes.
import { html } from 'lit';

export type QuotaUnit = 'MiB' | 'GiB' | 'TiB';
const UNIT_BYTES: Record<QuotaUnit, number> = { MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
const MAX_BYTES = 1024 * 2 ** 40; // Harbor caps quotas at 1024 TB

export const QUOTA_RULE_TEXT =
  "The upper limit of Storage Quota only takes integer values, capped at '1024TB'. Enter '-1' for unlimited quota";

// The limit in bytes, -1 for none, or null when the value breaks Harbor's rule.
export function quotaBytes(value: string, unit: QuotaUnit): number | null {
  const v = value.trim();
  if (v === '' || v === '-1') return -1;
  if (!/^\d+$/.test(v) || Number(v) === 0) return null;
  const bytes = Number(v) * UNIT_BYTES[unit];
  return bytes <= MAX_BYTES ? bytes : null;
}

export function storageQuotaRow(value: string, unit: QuotaUnit, onValue: (v: string) => void, onUnit: (u: QuotaUnit) => void) {
  const bad = quotaBytes(value, unit) === null;
  return html`<div class="clr-form-control clr-row">
    <label class="clr-control-label clr-col-12 clr-col-md-4" for="create_project_storage_limit">Project quota limits</label>
    <div class="clr-control-container clr-col-12 clr-col-md-8 ${bad ? 'clr-error' : ''}">
      <div class="berth-inline">
        <input class="clr-input" id="create_project_storage_limit" type="text" inputmode="numeric" autocomplete="off"
          aria-invalid=${bad ? 'true' : 'false'} aria-describedby="create_project_storage_limit-help"
          .value=${value} @input=${(e: Event) => onValue((e.target as HTMLInputElement).value)} />
        <div class="clr-select-wrapper">
          <select class="clr-select" id="create_project_storage_limit_unit" aria-label="Storage quota unit"
            @change=${(e: Event) => onUnit((e.target as HTMLSelectElement).value as QuotaUnit)}>
            ${(['MiB', 'GiB', 'TiB'] as QuotaUnit[]).map((u) => html`<option value=${u} ?selected=${u === unit}>${u}</option>`)}
          </select>
        </div>
      </div>
      <span class="clr-subtext" id="create_project_storage_limit-help">${bad
        ? QUOTA_RULE_TEXT
        : 'Storage quota: -1 (or empty) means unlimited.'}</span>
    </div>
  </div>`;
}
