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
import { FormDialog, busyButton, cancelButton, dialogForm } from '../components/form-dialog';
import { formRow, textArea, textInput } from '../components/form-row';
import { modal } from '../components/modal';
import { IDLE, pingWith, testConnectionButton, type Ping } from '../components/ping';
import { toast } from '../components/toasts';
import { errorText } from '../format';
import { providerName, type AdapterInfo, type Registry } from '../registries';
import { changedFields, editPingBody, fieldsOf, type EndpointFields } from './endpoint-changes';

const URL_PATTERN = /^https?:\/\/[^\s/]+/i;

@customElement('berth-endpoint-dialog')
export class BerthEndpointDialog extends FormDialog {
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
  @state() private ping: Ping = IDLE;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadAdapters();
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
    this.ping = IDLE;
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
    this.ping = await pingWith(() => postJson(`${API}/registries/ping`, body));
  }

  private save(): void {
    this.touch('name', 'url');
    if (this.nameError || this.urlError) return;
    if (this.stored) return this.saveEdit();
    const f = this.fields();
    const body: Record<string, unknown> = {
      name: f.name, description: f.description, type: f.type, url: f.url, insecure: f.insecure,
    };
    if (f.access_key || f.access_secret)
      body.credential = { type: 'basic', access_key: f.access_key, access_secret: f.access_secret };
    void this.submit(async () => {
      await postJson(`${API}/registries`, body);
      toast('success', 'Created endpoint successfully.');
      this.emit('created');
    });
  }

  private saveEdit(): void {
    const changes = this.changes;
    if (!Object.keys(changes).length) return;
    void this.submit(async () => {
      await request('PUT', `${API}/registries/${this.registryId}`, { json: changes });
      toast('success', 'Updated endpoint successfully.');
      this.emit('updated');
    });
  }

  private renderUrlInput() {
    const p = this.pattern();
    const list = p?.endpoint_type === 'EndpointPatternTypeList' ? (p.endpoints ?? []) : [];
    const fixed = p?.endpoint_type === 'EndpointPatternTypeFix';
    const err = this.shown('url', this.urlError);
    return formRow(
      'destination_url',
      'Endpoint URL',
      html`<div class="clr-input-wrapper">
          <input class="clr-input berth-wide" id="destination_url" type="text" placeholder="http(s)://192.168.1.1"
            list=${list.length ? 'destination_url_list' : nothing} ?disabled=${fixed} required
            aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? 'destination_url-error' : nothing}
            .value=${this.url}
            @input=${(e: Event) => {
              this.url = (e.target as HTMLInputElement).value;
              this.ping = IDLE;
              this.touch('url');
            }} />
        </div>
        ${list.length
          ? html`<datalist id="destination_url_list">
              ${list.map((ep) => html`<option value=${ep.value}>${ep.key}</option>`)}
            </datalist>`
          : nothing}`,
      { error: err, required: true, helper: list.length ? 'Pick a region from the list, or type the URL.' : '' },
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
    const nameErr = this.shown('name', this.nameError);
    const body = html`${alertStrip('danger', this.error, 'endpoint-error')}
      ${dialogForm(() => this.save(), html`
        ${formRow(
          'adapter',
          'Provider',
          html`<div class="clr-select-wrapper">
            <select class="clr-select" id="adapter" required ?disabled=${!!this.registryId}
              @change=${(e: Event) => this.setType((e.target as HTMLSelectElement).value)}>
              ${this.adapters.map((a) => html`<option value=${a} ?selected=${a === this.type}>${providerName(a)}</option>`)}
            </select>
          </div>`,
          { required: true },
        )}
        ${formRow(
          'destination_name',
          'Name',
          textInput('destination_name', this.name, (v) => ((this.name = v), this.touch('name')),
            { error: nameErr, maxlength: 64, required: true }),
          { error: nameErr, required: true },
        )}
        ${formRow(
          'destination_description',
          'Description',
          textArea('destination_description', this.description, (v) => (this.description = v)),
        )}
        ${this.renderUrlInput()}
        ${formRow(
          'destination_access_key',
          'Access ID',
          textInput('destination_access_key', this.accessId, (v) => ((this.accessId = v), (this.ping = IDLE)),
            { placeholder: 'Access ID' }),
        )}
        ${formRow(
          'destination_password',
          'Access Secret',
          textInput('destination_password', this.accessSecret, (v) => ((this.accessSecret = v), (this.ping = IDLE)),
            { type: 'password', placeholder: 'Access Secret', autocomplete: 'new-password' }),
        )}
        ${formRow(
          'destination_insecure',
          'Verify Remote Cert',
          html`<div class="clr-checkbox-wrapper">
            <input type="checkbox" class="clr-checkbox" id="destination_insecure" .checked=${this.verifyCert}
              @change=${(e: Event) => (this.verifyCert = (e.target as HTMLInputElement).checked)} />
            <label for="destination_insecure"><span class="clr-sr-only">Verify Remote Cert</span></label>
          </div>`,
          { helper: 'Uncheck only for a registry whose certificate is self-signed or untrusted: Berth then skips verifying it.' },
        )}`)}
      ${this.renderPing()}`;
    const footer = html`${testConnectionButton('test-connection', this.ping, !!this.urlError, () => this.testConnection())}
      ${cancelButton('endpoint-cancel', () => this.close())}
      ${busyButton('endpoint-ok', 'OK', { disabled: !!this.nameError || !!this.urlError || unchanged, busy: this.saving, onClick: () => this.save() })}`;
    const title = editing ? 'Edit Endpoint' : 'New Registry Endpoint';
    return modal({ id: 'endpoint-dialog', title, body, footer, onEscape: () => this.close() });
  }
}
