// NEW PROJECT (harbor-portal.md §2c): Project Name with Harbor's rule and a live duplicate check,
// Access Level Public, and for administrators the storage quota, the Proxy Cache switch with the
// endpoint pull-down, the endpoint's URL and the bandwidth limit. OK posts Harbor's ProjectReq.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API, getPage, postJson, query, request } from '../api';
import { alertStrip } from '../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../components/form-dialog';
import { formRow, textInput } from '../components/form-row';
import { modal } from '../components/modal';
import { toast } from '../components/toasts';
import { PROXY_CACHE_TYPES, type Registry } from '../registries';
import { quotaBytes, storageQuotaRow, type QuotaUnit } from './storage-quota-field';
import { appUrl } from '../app-url';

const NAME_RULE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const NAME_RULE_TEXT =
  'Project name should be 1~255 characters long with lower case characters, numbers and ._- and must be start with characters or numbers.';

@customElement('berth-new-project-dialog')
export class BerthNewProjectDialog extends FormDialog {
  @state() private name = '';
  @state() private nameTaken = false;
  @state() private isPublic = false;
  @state() private proxy = false;
  @state() private registries: Registry[] | null = null;
  @state() private registryId = 0;
  @state() private bandwidth = '-1';
  @state() private bandwidthUnit: 'Kbps' | 'Mbps' = 'Kbps';
  @state() private admin = false; // the endpoints answered: a system administrator
  @state() private quota = '-1';
  @state() private quotaUnit: QuotaUnit = 'GiB';
  private checkTimer = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadRegistries();
  }

  // Only administrators may read the endpoints, and only they may make proxy-cache projects or set
  // a quota: for anyone else the list answers 403 and neither is shown. Filtered here by type, as the
  // types a proxy cache can use are a fixed list.
  private async loadRegistries(): Promise<void> {
    try {
      const page = await getPage<Registry>(`${API}/registries` + query({ page: 1, page_size: 100 }));
      this.registries = page.items.filter((r) => PROXY_CACHE_TYPES.includes(r.type));
      this.admin = true;
    } catch {
      this.admin = false;
    }
  }

  private get nameError(): string {
    const n = this.name;
    if (!n || n.length > 255 || !NAME_RULE.test(n)) return NAME_RULE_TEXT;
    if (this.nameTaken) return 'Project name already exists.';
    return '';
  }

  private onName(name: string): void {
    this.name = name;
    this.touch('name');
    this.nameTaken = false;
    clearTimeout(this.checkTimer);
    if (!NAME_RULE.test(name)) return;
    this.checkTimer = window.setTimeout(async () => {
      try {
        await request('HEAD', `${API}/projects` + query({ project_name: name }));
        if (this.name === name) this.nameTaken = true;
      } catch {
        /* 404: free */
      }
    }, 300);
  }

  private get bandwidthError(): string {
    const n = Number(this.bandwidth);
    return Number.isInteger(n) && (n === -1 || n > 0) ? '' : 'Please enter -1 or an integer greater than 0. ';
  }

  private get valid(): boolean {
    if (this.nameError) return false;
    if (this.proxy && (!this.registryId || this.bandwidthError)) return false;
    return !this.admin || quotaBytes(this.quota, this.quotaUnit) !== null;
  }

  private save(): void {
    this.touch('name');
    if (!this.valid) return;
    const metadata: Record<string, string> = { public: String(this.isPublic) };
    const body: Record<string, unknown> = { project_name: this.name, metadata };
    // Only administrators set a quota (Berth gives everyone else no limit).
    if (this.admin) body.storage_limit = quotaBytes(this.quota, this.quotaUnit);
    if (this.proxy) {
      body.registry_id = this.registryId;
      const n = Number(this.bandwidth);
      metadata.proxy_speed_kb = String(n === -1 ? -1 : this.bandwidthUnit === 'Mbps' ? n * 1024 : n);
    }
    void this.submit(async () => {
      await postJson(`${API}/projects`, body);
      toast('success', 'Created project successfully.');
      this.emit('created');
    });
  }

  private renderProxy() {
    if (!this.admin) return nothing;
    const regs = this.registries ?? [];
    const chosen = regs.find((r) => r.id === this.registryId);
    return html`${formRow(
        'proxy-cache',
        'Proxy Cache',
        html`<div class="clr-toggle-wrapper">
            <input type="checkbox" class="clr-toggle" id="proxy-cache" .checked=${this.proxy}
              @change=${(e: Event) => (this.proxy = (e.target as HTMLInputElement).checked)} />
            <label for="proxy-cache"><span class="clr-sr-only">Proxy Cache</span></label>
          </div>`,
        { helper: 'Proxy a registry endpoint: images pulled through this project are cached here.' },
      )}
      ${this.proxy
        ? html`${regs.length
              ? formRow(
                  'registry',
                  'Endpoint',
                  html`<div class="clr-select-wrapper">
                    <select class="clr-select" id="registry" required
                      @change=${(e: Event) => (this.registryId = Number((e.target as HTMLSelectElement).value))}>
                      <option value="0" ?selected=${!this.registryId}>Select an endpoint</option>
                      ${regs.map((r) => html`<option value=${r.id} ?selected=${r.id === this.registryId}>${r.name}-${r.url}</option>`)}
                    </select>
                  </div>`,
                  { required: true },
                )
              : html`<p class="berth-hint" id="no-endpoint">Please add an endpoint first: <a href=${appUrl('/harbor/registries')}>Endpoints</a></p>`}
            ${chosen
              ? formRow('endpoint', 'Endpoint URL', html`<input class="clr-input berth-wide" id="endpoint" readonly .value=${chosen.url} />`)
              : nothing}
            ${formRow(
              'bandwidth',
              'Bandwidth',
              html`<div class="berth-inline">
                <input class="clr-input" id="bandwidth" type="number" min="-1" step="1" required .value=${this.bandwidth}
                  aria-invalid=${this.bandwidthError ? 'true' : 'false'}
                  @input=${(e: Event) => (this.bandwidth = (e.target as HTMLInputElement).value)} />
                <div class="clr-select-wrapper">
                  <select class="clr-select" id="bandwidth_unit" aria-label="Bandwidth unit"
                    @change=${(e: Event) => (this.bandwidthUnit = (e.target as HTMLSelectElement).value as 'Kbps' | 'Mbps')}>
                    <option value="Kbps" selected>Kbps</option>
                    <option value="Mbps">Mbps</option>
                  </select>
                </div>
              </div>`,
              { error: this.bandwidthError, required: true, helper: '-1 means unlimited.' },
            )}`
        : nothing}`;
  }

  override render() {
    const nameErr = this.touched.has('name') || this.nameTaken ? this.nameError : '';
    const body = html`${alertStrip('danger', this.error, 'project-error')}
      ${dialogForm(() => this.save(), html`
        ${formRow(
          'create_project_name',
          'Project Name',
          textInput('create_project_name', this.name, (v) => this.onName(v), { error: nameErr, maxlength: 255, required: true }),
          { error: nameErr, required: true },
        )}
        ${formRow(
          'create_project_public',
          'Access Level',
          html`<div class="clr-checkbox-wrapper">
              <input type="checkbox" class="clr-checkbox" id="create_project_public" .checked=${this.isPublic}
                @change=${(e: Event) => (this.isPublic = (e.target as HTMLInputElement).checked)} />
              <label for="create_project_public">Public</label>
            </div>`,
          { helper: 'A public project lets anyone pull its images, without signing in.' },
        )}
        ${this.admin
          ? storageQuotaRow(this.quota, this.quotaUnit, (v) => (this.quota = v), (u) => (this.quotaUnit = u))
          : nothing}
        ${this.renderProxy()}`)}`;
    const footer = html`${cancelButton('new-project-cancel', () => this.close())}
      ${busyButton('new-project-ok', 'OK', { disabled: !this.valid, busy: this.saving, onClick: () => this.save() })}`;
    return modal({ id: 'new-project-dialog', title: 'New Project', body, footer, onEscape: () => this.close() });
  }
}
