// Configuration › Security: Harbor's "Deployment security" / "CVE allowlist" (GET and PUT
// /system/CVEAllowlist): the system allowlist, ADD (CVE IDs separated by commas or new lines),
// a remove button per CVE, "Expires at" with "Never expires", SAVE and CANCEL once something
// changed. Projects that reuse the system allowlist ignore these CVEs when they block pulls.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getJson, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';

interface Allowlist {
  items: { cve_id: string }[];
  expires_at: number | null; // Unix seconds; null never expires
}

const NVD = 'https://nvd.nist.gov/vuln/detail/';

// A date input's value (local midnight, as Harbor's date picker gives) in Unix seconds, and back.
function toSeconds(date: string): number | null {
  const d = new Date(`${date}T00:00:00`);
  return isNaN(d.getTime()) ? null : Math.floor(d.getTime() / 1000);
}
function toDateInput(seconds: number | null): string {
  if (!seconds) return '';
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

@customElement('berth-security-config')
export class BerthSecurityConfig extends LightElement {
  @state() private origin: Allowlist | null = null;
  @state() private ids: string[] = [];
  @state() private never = true;
  @state() private date = '';
  @state() private adding = false;
  @state() private entry = '';
  @state() private saving = false;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.origin = await getJson<Allowlist>(`${API}/system/CVEAllowlist`);
      this.reset();
    } catch (e) {
      this.error = 'Could not read the system CVE allowlist: ' + errorText(e);
    }
  }

  private reset(): void {
    const o = this.origin;
    this.ids = (o?.items ?? []).map((i) => i.cve_id);
    this.never = !o?.expires_at;
    this.date = toDateInput(o?.expires_at ?? null);
  }

  private get expiresAt(): number | null {
    return this.never ? null : toSeconds(this.date);
  }

  private get changed(): boolean {
    const o = this.origin;
    if (!o) return false;
    const before = (o.items ?? []).map((i) => i.cve_id);
    return before.join('\n') !== this.ids.join('\n') || !o.expires_at !== this.never || (o.expires_at || null) !== this.expiresAt;
  }

  private get hasExpired(): boolean {
    const at = this.origin?.expires_at;
    return !!at && Date.now() > at * 1000;
  }

  // Harbor splits on commas and new lines and skips IDs already listed.
  private addEntered(): void {
    const seen = new Set(this.ids);
    const fresh = this.entry.split(/[\n,]+/).map((s) => s.trim()).filter((s) => s && !seen.has(s) && seen.add(s));
    this.ids = [...this.ids, ...fresh];
    this.entry = '';
    this.adding = false;
    void this.updateComplete.then(() => this.querySelector<HTMLButtonElement>('#show-add-modal-button')?.focus());
  }

  private async save(): Promise<void> {
    if (!this.changed || this.saving) return;
    if (!this.never && this.expiresAt === null) {
      this.error = 'Choose the date the allowlist expires at, or check "Never expires".';
      return;
    }
    this.saving = true;
    this.error = '';
    try {
      const body: Allowlist = { items: this.ids.map((cve_id) => ({ cve_id })), expires_at: this.expiresAt };
      await request('PUT', `${API}/system/CVEAllowlist`, { json: body });
      toast('success', 'Configuration has been successfully saved.');
      // What was just stored is the new starting point (no second read that could overwrite
      // edits made meanwhile).
      this.origin = { ...this.origin, ...body };
      this.reset();
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private renderAdd() {
    if (!this.adding) return nothing;
    return html`<div class="berth-allowlist-add" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.adding = false)}>
      <label for="allowlist-textarea">Enter CVE ID(s)</label>
      <textarea id="allowlist-textarea" class="clr-textarea" rows="3" aria-describedby="allowlist-help" .value=${this.entry}
        @input=${(e: Event) => (this.entry = (e.target as HTMLTextAreaElement).value)}></textarea>
      <span class="clr-subtext" id="allowlist-help">Separator: commas or newline characters</span>
      <div>
        <button type="button" class="btn btn-link btn-sm" id="add-to-system" ?disabled=${!this.entry.trim()}
          @click=${this.addEntered}>Add</button>
        <button type="button" class="btn btn-link btn-sm" @click=${() => (this.adding = false)}>Cancel</button>
      </div>
    </div>`;
  }

  private renderList() {
    return html`<ul class="berth-allowlist" id="system-allowlist" aria-label="System CVE allowlist">
      ${this.ids.length === 0 ? html`<li class="berth-muted">None</li>` : nothing}
      ${this.ids.map(
        (id) => html`<li data-cve=${id}>
          <a href="${NVD}${encodeURIComponent(id)}" target="_blank" rel="noopener noreferrer">${id}</a>
          <button type="button" class="btn btn-link btn-icon btn-sm" aria-label="Remove ${id}"
            @click=${() => (this.ids = this.ids.filter((x) => x !== id))}>
            <cds-icon shape="times-circle"></cds-icon>
          </button>
        </li>`,
      )}
    </ul>`;
  }

  private renderExpiry() {
    return html`<div class="berth-expiry">
      <label for="allowlist-expires">Expires at</label>
      <input type="date" class="clr-input" id="allowlist-expires" .value=${this.date} ?disabled=${this.never}
        @input=${(e: Event) => (this.date = (e.target as HTMLInputElement).value)} />
      <div class="clr-checkbox-wrapper">
        <input type="checkbox" class="clr-checkbox" id="neverExpires" .checked=${this.never}
          @change=${(e: Event) => (this.never = (e.target as HTMLInputElement).checked)} />
        <label for="neverExpires">Never expires</label>
      </div>
    </div>`;
  }

  override render() {
    if (!this.origin && !this.error) return html`<p aria-busy="true">Loading…</p>`;
    return html`${alertStrip('danger', this.error, 'security-error')}
      <section class="berth-section" aria-labelledby="deployment-security">
        <h4 class="berth-section-title" id="deployment-security">Deployment security</h4>
        <p><strong>CVE allowlist</strong></p>
        <p>System allowlist allows vulnerabilities in this list to be ignored when calculating the vulnerability of an image.</p>
        <p>Add CVE IDs to the system allowlist</p>
        ${this.hasExpired
          ? html`<p><span class="label label-warning" id="allowlist-expired">The system CVE allowlist has expired. You can enable the
              allowlist by extending the expiration date.</span></p>`
          : nothing}
        <div class="berth-allowlist-row">
          <div>
            <button type="button" class="btn btn-link btn-sm" id="show-add-modal-button" aria-expanded=${String(this.adding)}
              @click=${() => (this.adding = !this.adding)}>Add</button>
            ${this.renderAdd()}
            ${this.renderList()}
          </div>
          ${this.renderExpiry()}
        </div>
      </section>
      <div class="berth-form-buttons">
        <button type="button" class="btn btn-primary" id="security_save" ?disabled=${!this.changed || this.saving}
          @click=${this.save}>
          ${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} Save
        </button>
        <button type="button" class="btn btn-outline" id="security_cancel" ?disabled=${!this.changed || this.saving}
          @click=${() => this.reset()}>Cancel</button>
      </div>`;
  }
}
