// NEW ENDPOINT ("New Registry Endpoint", harbor-portal.md §2b): Provider, Name, Description,
// Endpoint URL (a list of URLs for Aws ECR regions, fixed for Docker Hub), Access ID, Access
// Secret, Verify Remote Cert; TEST CONNECTION pings with the same fields and says why it failed
// in Berth's words (unreachable, refused, TLS, wrong key); OK creates the endpoint, which Berth
// checks again (an unhealthy endpoint is refused with the reason, shown at the top).
// With `registryId` it is Harbor's "Edit Endpoint": the stored values, the provider fixed, the
// secret a dummy sent only when typed anew, OK enabled once something changed, and a PUT of the
// changed keys (endpoint-changes.ts).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson, postJson, request } from '../api';
import { alertStrip } from '../components/alert';
import { LightElement } from '../components/light-element';
import { focusFirstField, modal } from '../components/modal';
import { toast } from '../components/toasts';
import { errorText } from '../format';
import { providerName, type AdapterInfo, type Registry } from '../registries';
import { changedFields, editPingBody, fieldsOf, type EndpointFields } from './endpoint-changes';

type Ping = { state: 'idle' | 'testing' | 'ok' | 'failed'; reason?: string };

const URL_PATTERN = /^https?:\/\/[^\s/]+/i;

@customElement('berth-endpoint-dialog')
export class BerthEndpointDialog extends LightElement {
  // 0: NEW ENDPOINT; otherwise the endpoint being edited.
  @property({ type: Number }) registryId = 0;
  // The stored endpoint's values (edit only).
  @state() private stored: EndpointFields | null = null;
  @state() private adapters: string[] = [];
  @state() private infos: Record<string, AdapterInfo> = {};
  @state() private type = '';
  @state() private name = '';
  @state() private description = '';
  @state() private url = '';
  @state() private accessId = '';
  @state() private accessSecret = '';
  @state() private verifyCert = true;
  @state() private touched = new Set<string>();
  @state() private ping: Ping = { state: 'idle' };
  @state() private saving = false;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadAdapters();
  }

  override firstUpdated(): void {
    focusFirstField(this);
  }

  private async loadAdapters(): Promise<void> {
    try {
      const [adapters, infos] = await Promise.all([
        getJson<string[]>(`${API}/replication/adapters`),
        getJson<Record<string, AdapterInfo>>(`${API}/replication/adapterinfos`),
      ]);
      this.adapters = [...adapters].sort((a, b) => providerName(a).localeCompare(providerName(b)));
      this.infos = infos;
      if (this.registryId) await this.loadEndpoint();
      else this.setType(adapters.includes('harbor') ? 'harbor' : (this.adapters[0] ?? ''));
    } catch (e) {
      this.error = 'Could not load the providers: ' + errorText(e);
    }
  }

  private async loadEndpoint(): Promise<void> {
    try {
      const r = await getJson<Registry>(`${API}/registries/${this.registryId}`);
      const f = fieldsOf(r);
      this.type = r.type;
      [this.name, this.description, this.url] = [f.name, f.description, f.url];
      [this.accessId, this.accessSecret, this.verifyCert] = [f.access_key, f.access_secret, !f.insecure];
      this.stored = f;
    } catch (e) {
      this.error = 'Could not load the endpoint: ' + errorText(e);
    }
  }

  private get changes(): Record<string, unknown> {
    const f = this.fields();
    return this.stored ? changedFields(this.stored, f) : {};
  }

  private pattern() {
    return this.infos[this.type]?.endpoint_pattern;
  }

  // Harbor: changing the provider clears the URL; a fixed pattern fills it in.
  private setType(type: string): void {
    this.type = type;
    const p = this.infos[type]?.endpoint_pattern;
    this.url = p?.endpoint_type === 'EndpointPatternTypeFix' ? (p.endpoints?.[0]?.value ?? '') : '';
    this.ping = { state: 'idle' };
  }

  private get nameError(): string {
    return this.name.trim() ? '' : 'Endpoint name is required.';
  }
  private get urlError(): string {
    if (!this.url.trim()) return 'Endpoint URL is required.';
    return URL_PATTERN.test(this.url.trim()) ? '' : 'Endpoint URL must start with http:// or https://';
  }

  private fields() {
    return {
      name: this.name.trim(),
      description: this.description,
      type: this.type,
      url: this.url.trim(),
      insecure: !this.verifyCert,
      access_key: this.accessId,
      access_secret: this.accessSecret,
    };
  }

  private async testConnection(): Promise<void> {
    const f = this.fields();
    // RegistryPing (Harbor's swagger): the connection fields only, nothing to store.
    const body = this.stored
      ? editPingBody(this.registryId, f.type, this.stored, f)
      : {
          type: f.type, url: f.url, insecure: f.insecure,
          credential_type: 'basic', access_key: f.access_key, access_secret: f.access_secret,
        };
    if (typeof body === 'string') {
      this.ping = { state: 'failed', reason: body };
      return;
    }
    this.ping = { state: 'testing' };
    try {
      await postJson(`${API}/registries/ping`, body);
      this.ping = { state: 'ok' };
    } catch (e) {
      this.ping = { state: 'failed', reason: errorText(e) };
    }
  }

  private async save(e?: Event): Promise<void> {
    e?.preventDefault();
    this.touched = new Set(['name', 'url']);
    if (this.nameError || this.urlError || this.saving) return;
    if (this.stored) return this.saveEdit();
    this.saving = true;
    this.error = '';
    const f = this.fields();
    const body: Record<string, unknown> = {
      name: f.name, description: f.description, type: f.type, url: f.url, insecure: f.insecure,
    };
    if (f.access_key || f.access_secret)
      body.credential = { type: 'basic', access_key: f.access_key, access_secret: f.access_secret };
    try {
      await postJson(`${API}/registries`, body);
      toast('success', 'Created endpoint successfully.');
      this.dispatchEvent(new CustomEvent('created', { bubbles: true }));
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.saving = false;
    }
  }

  private async saveEdit(): Promise<void> {
    const changes = this.changes;
    if (!Object.keys(changes).length) return;
    this.saving = true;
    this.error = '';
    try {
      await request('PUT', `${API}/registries/${this.registryId}`, { json: changes });
      toast('success', 'Updated endpoint successfully.');
      this.dispatchEvent(new CustomEvent('updated', { bubbles: true }));
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.saving = false;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  // Errors show once a field was typed in, or on OK (not on blur: a message appearing between a
  // mousedown and its mouseup moves the next control away from the pointer).
  private touch(field: string): void {
    if (!this.touched.has(field)) this.touched = new Set([...this.touched, field]);
  }

  private control(id: string, label: string, input: unknown, error = '', required = false, helper: unknown = nothing) {
    return html`<div class="clr-form-control clr-row">
      <label class="clr-control-label clr-col-12 clr-col-md-4 ${required ? 'required' : ''}" for=${id}>${label}</label>
      <div class="clr-control-container clr-col-12 clr-col-md-8 ${error ? 'clr-error' : ''}">
        ${input}
        ${error ? html`<span class="clr-subtext" id="${id}-error">${error}</span>` : helper}
      </div>
    </div>`;
  }

  private renderUrlInput() {
    const p = this.pattern();
    const list = p?.endpoint_type === 'EndpointPatternTypeList' ? (p.endpoints ?? []) : [];
    const fixed = p?.endpoint_type === 'EndpointPatternTypeFix';
    const err = this.touched.has('url') ? this.urlError : '';
    return this.control(
      'destination_url',
      'Endpoint URL',
      html`<div class="clr-input-wrapper">
          <input class="clr-input berth-wide" id="destination_url" type="text" placeholder="http(s)://192.168.1.1"
            list=${list.length ? 'destination_url_list' : nothing} ?disabled=${fixed} required
            aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? 'destination_url-error' : nothing}
            .value=${this.url}
            @input=${(e: Event) => {
              this.url = (e.target as HTMLInputElement).value;
              this.ping = { state: 'idle' };
              this.touch('url');
            }} />
        </div>
        ${list.length
          ? html`<datalist id="destination_url_list">
              ${list.map((ep) => html`<option value=${ep.value}>${ep.key}</option>`)}
            </datalist>`
          : nothing}`,
      err,
      true,
      list.length ? html`<span class="clr-subtext">Pick a region from the list, or type the URL.</span>` : nothing,
    );
  }

  private renderPing() {
    if (this.ping.state === 'ok') return alertStrip('success', 'Connection tested successfully.', 'ping-result');
    if (this.ping.state === 'failed')
      return alertStrip('danger', `Failed to ping endpoint: ${this.ping.reason}`, 'ping-result');
    return nothing;
  }

  override render() {
    const editing = !!this.registryId;
    const unchanged = editing && (!this.stored || Object.keys(this.changes).length === 0);
    const nameErr = this.touched.has('name') ? this.nameError : '';
    const body = html`${alertStrip('danger', this.error, 'endpoint-error')}
      <form class="clr-form clr-form-horizontal" @submit=${this.save} novalidate>
        ${this.control(
          'adapter',
          'Provider',
          html`<div class="clr-select-wrapper">
            <select class="clr-select" id="adapter" required ?disabled=${!!this.registryId}
              @change=${(e: Event) => this.setType((e.target as HTMLSelectElement).value)}>
              ${this.adapters.map((a) => html`<option value=${a} ?selected=${a === this.type}>${providerName(a)}</option>`)}
            </select>
          </div>`,
          '',
          true,
        )}
        ${this.control(
          'destination_name',
          'Name',
          html`<div class="clr-input-wrapper">
            <input class="clr-input berth-wide" id="destination_name" type="text" required maxlength="64"
              aria-invalid=${nameErr ? 'true' : 'false'} aria-describedby=${nameErr ? 'destination_name-error' : nothing}
              .value=${this.name}
              @input=${(e: Event) => ((this.name = (e.target as HTMLInputElement).value), this.touch('name'))} />
          </div>`,
          nameErr,
          true,
        )}
        ${this.control(
          'destination_description',
          'Description',
          html`<textarea class="clr-textarea berth-wide" id="destination_description" rows="2"
            .value=${this.description}
            @input=${(e: Event) => (this.description = (e.target as HTMLTextAreaElement).value)}></textarea>`,
        )}
        ${this.renderUrlInput()}
        ${this.control(
          'destination_access_key',
          'Access ID',
          html`<div class="clr-input-wrapper">
            <input class="clr-input berth-wide" id="destination_access_key" type="text" placeholder="Access ID"
              autocomplete="off" .value=${this.accessId}
              @input=${(e: Event) => ((this.accessId = (e.target as HTMLInputElement).value), (this.ping = { state: 'idle' }))} />
          </div>`,
        )}
        ${this.control(
          'destination_password',
          'Access Secret',
          html`<div class="clr-input-wrapper">
            <input class="clr-input berth-wide" id="destination_password" type="password" placeholder="Access Secret"
              autocomplete="new-password" .value=${this.accessSecret}
              @input=${(e: Event) => ((this.accessSecret = (e.target as HTMLInputElement).value), (this.ping = { state: 'idle' }))} />
          </div>`,
        )}
        ${this.control(
          'destination_insecure',
          'Verify Remote Cert',
          html`<div class="clr-checkbox-wrapper">
            <input type="checkbox" class="clr-checkbox" id="destination_insecure" .checked=${this.verifyCert}
              @change=${(e: Event) => (this.verifyCert = (e.target as HTMLInputElement).checked)} />
            <label for="destination_insecure"><span class="clr-sr-only">Verify Remote Cert</span></label>
          </div>`,
          '',
          false,
          html`<span class="clr-subtext">Uncheck only for a registry whose certificate is self-signed or untrusted: Berth then skips verifying it.</span>`,
        )}
        <button type="submit" hidden aria-hidden="true" tabindex="-1"></button>
      </form>
      ${this.renderPing()}`;
    const footer = html`<button type="button" class="btn btn-outline" id="test-connection"
        ?disabled=${!!this.urlError || this.ping.state === 'testing'} @click=${this.testConnection}>
        ${this.ping.state === 'testing' ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing}
        Test Connection
      </button>
      <button type="button" class="btn btn-outline" id="endpoint-cancel" @click=${this.close}>Cancel</button>
      <button type="button" class="btn btn-primary" id="endpoint-ok"
        ?disabled=${!!this.nameError || !!this.urlError || this.saving || unchanged} @click=${() => this.save()}>
        ${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} OK
      </button>`;
    const title = editing ? 'Edit Endpoint' : 'New Registry Endpoint';
    return modal({ id: 'endpoint-dialog', title, body, footer, onEscape: () => this.close() });
  }
}
