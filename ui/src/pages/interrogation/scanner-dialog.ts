// NEW SCANNER / EDIT ("Add Scanner" / "Edit Scanner", harbor-portal.md §2f): Name, Description,
// Endpoint, Authorization (None / Basic → Username + Password / Bearer → Token / APIKey →
// APIKey), Options (Skip certificate verification, Use internal registry address); TEST
// CONNECTION pings the adapter with these fields and says why it failed; ADD / SAVE stores it.
// Name and endpoint clashes are caught while typing, against the registrations already there.
// Berth never shows a stored credential: when editing, an empty credential keeps the old one.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson, postJson, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, textArea, textInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { IDLE, pingWith, testConnectionButton, type Ping } from '../../components/ping';
import { toast } from '../../components/toasts';
import { API_KEY_AUTH, authLabel, type Scanner } from '../../scanning';

type AuthChoice = 'None' | 'Basic' | 'Bearer' | 'APIKey';

const URL_PATTERN = /^https?:\/\//i;

function authChoice(auth: string): AuthChoice {
  return authLabel(auth) as AuthChoice;
}

@customElement('berth-scanner-dialog')
export class BerthScannerDialog extends FormDialog {
  // The registration to edit; null adds a new one.
  @property({ attribute: false }) scanner: Scanner | null = null;
  @state() private name = '';
  @state() private description = '';
  @state() private url = '';
  @state() private auth: AuthChoice = 'None';
  @state() private username = '';
  @state() private password = '';
  @state() private token = '';
  @state() private apiKey = '';
  @state() private skipCert = false;
  @state() private useInner = false;
  @state() private others: Scanner[] = [];
  @state() private ping: Ping = IDLE;

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.scanner;
    if (s) {
      this.name = s.name;
      this.description = s.description ?? '';
      this.url = s.url;
      this.auth = authChoice(s.auth);
      this.skipCert = s.skip_certVerify;
      this.useInner = s.use_internal_addr;
    }
    void this.loadOthers();
  }

  // The other registrations, for the "already exists" checks (a handful: one page is enough).
  private async loadOthers(): Promise<void> {
    try {
      const all = await getJson<Scanner[]>(`${API}/scanners?page=1&page_size=100`);
      this.others = (all ?? []).filter((s) => s.uuid !== this.scanner?.uuid);
    } catch {
      /* Berth checks again on save and says so */
    }
  }

  private get editing(): boolean {
    return !!this.scanner;
  }
  // Editing without changing the kind of authorization: an empty credential keeps the stored one.
  private get keepsCredential(): boolean {
    return this.editing && this.auth === authChoice(this.scanner!.auth);
  }

  private get nameError(): string {
    const n = this.name.trim();
    if (!n) return 'Name is required';
    return this.others.some((s) => s.name === n) ? 'Name already exists' : '';
  }
  private get urlError(): string {
    const u = this.url.trim();
    if (!u) return 'EndpointUrl is required';
    if (!URL_PATTERN.test(u)) return 'EndpointUrl is illegal: it must start with http:// or https://';
    return this.others.some((s) => s.url === u) ? 'EndpointUrl already exists' : '';
  }
  private credentialError(field: 'username' | 'password' | 'token' | 'apiKey'): string {
    if (this.keepsCredential || this[field]) return '';
    return { username: 'Username is required', password: 'Password is required', token: 'Token is required', apiKey: 'APIKey is required' }[field];
  }
  private get credentialsValid(): boolean {
    if (this.auth === 'Basic') return !this.credentialError('username') && !this.credentialError('password');
    if (this.auth === 'Bearer') return !this.credentialError('token');
    if (this.auth === 'APIKey') return !this.credentialError('apiKey');
    return true;
  }
  private get valid(): boolean {
    return !this.nameError && !this.urlError && this.credentialsValid;
  }
  // SAVE (editing) waits for a change, as Harbor's does.
  private get changed(): boolean {
    const s = this.scanner;
    if (!s) return true;
    return this.name.trim() !== s.name || this.description !== (s.description ?? '') || this.url.trim() !== s.url ||
      this.auth !== authChoice(s.auth) || this.skipCert !== s.skip_certVerify || this.useInner !== s.use_internal_addr ||
      !!(this.username || this.password || this.token || this.apiKey);
  }

  // The request body: ScannerRegistrationReq with Berth's spelling of the API-key header.
  private body(): Record<string, unknown> {
    const auth = { None: '', Basic: 'Basic', Bearer: 'Bearer', APIKey: API_KEY_AUTH }[this.auth];
    const credential = { None: '', Basic: `${this.username}:${this.password}`, Bearer: this.token, APIKey: this.apiKey }[this.auth];
    const b: Record<string, unknown> = {
      name: this.name.trim(),
      description: this.description,
      url: this.url.trim(),
      auth,
      skip_certVerify: this.skipCert,
      use_internal_addr: this.useInner,
    };
    const typed = this.auth === 'Basic' ? !!(this.username || this.password) : !!credential;
    if (this.auth === 'None' || typed || !this.keepsCredential) b.access_credential = credential;
    return b;
  }

  private async testConnection(): Promise<void> {
    this.ping = { state: 'testing' };
    this.ping = await pingWith(() => postJson(`${API}/scanners/ping`, this.body()));
  }

  private save(): void {
    this.touch('name', 'url', 'credential');
    if (!this.valid || !this.changed) return;
    const scanner = this.scanner;
    void this.submit(async () => {
      if (scanner) {
        await request('PUT', `${API}/scanners/${scanner.uuid}`, { json: this.body() });
        toast('success', 'Successfully updated');
      } else {
        await postJson(`${API}/scanners`, this.body());
        toast('success', `Successfully added ${this.name.trim()}`);
      }
      this.emit('saved');
    });
  }

  // A text input bound to one field; typing in it forgets the last TEST CONNECTION result.
  private input(id: string, field: 'name' | 'url' | 'username' | 'password' | 'token' | 'apiKey', error: string, opts: { type?: string; placeholder?: string } = {}) {
    return textInput(id, this[field], (v) => {
      this[field] = v;
      this.ping = IDLE;
      this.touch(field === 'name' || field === 'url' ? field : 'credential');
    }, { error, ...opts });
  }

  private renderCredentials() {
    const shown = this.touched.has('credential');
    const helper = this.keepsCredential && this.auth !== 'None' ? 'Leave empty to keep the stored credential.' : '';
    const field = (id: string, label: string, f: 'username' | 'password' | 'token' | 'apiKey', type = 'text') => {
      const error = shown ? this.credentialError(f) : '';
      return formRow(id, label, this.input(id, f, error, { type }), { error, required: !this.keepsCredential, helper });
    };
    if (this.auth === 'Basic')
      return html`${field('scanner-username', 'Username', 'username')}${field('scanner-password', 'Password', 'password', 'password')}`;
    if (this.auth === 'Bearer') return field('scanner-token', 'Token', 'token');
    if (this.auth === 'APIKey') return field('scanner-apiKey', 'APIKey', 'apiKey');
    return nothing;
  }

  private checkbox(id: string, label: string, checked: boolean, set: (on: boolean) => void, help: string) {
    return html`<div class="clr-checkbox-wrapper">
        <input type="checkbox" class="clr-checkbox" id=${id} .checked=${checked} aria-describedby="${id}-help"
          @change=${(e: Event) => set((e.target as HTMLInputElement).checked)} />
        <label for=${id}>${label}</label>
      </div>
      <span class="clr-subtext berth-option-help" id="${id}-help">${help}</span>`;
  }

  private renderPing() {
    if (this.ping.state === 'ok') return alertStrip('success', 'Test passed', 'scanner-ping-result');
    if (this.ping.state === 'failed')
      return alertStrip('danger', `Ping: registration ${this.name.trim()}:${this.url.trim()} is unreachable. ${this.ping.reason}`, 'scanner-ping-result');
    return nothing;
  }

  override render() {
    const nameErr = this.shown('name', this.nameError);
    const urlErr = this.shown('url', this.urlError);
    const body = html`${alertStrip('danger', this.error, 'scanner-error')}
      ${dialogForm(() => this.save(), html`
        ${formRow('scanner-name', 'Name', this.input('scanner-name', 'name', nameErr), { error: nameErr, required: true })}
        ${formRow('scanner-description', 'Description', textArea('scanner-description', this.description, (v) => (this.description = v)))}
        ${formRow('scanner-endpoint', 'Endpoint',
          this.input('scanner-endpoint', 'url', urlErr, { placeholder: 'http(s)://192.168.1.1' }), { error: urlErr, required: true })}
        ${formRow('scanner-authorization', 'Authorization', html`<div class="clr-select-wrapper">
          <select class="clr-select" id="scanner-authorization" @change=${(e: Event) => {
            this.auth = (e.target as HTMLSelectElement).value as AuthChoice;
            this.ping = IDLE;
          }}>
            ${(['None', 'Basic', 'Bearer', 'APIKey'] as AuthChoice[]).map(
              (a) => html`<option value=${a} ?selected=${a === this.auth}>${a}</option>`)}
          </select>
        </div>`)}
        ${this.renderCredentials()}
        <fieldset class="clr-form-control clr-row">
          <legend class="clr-control-label clr-col-12 clr-col-md-4">Options</legend>
          <div class="clr-control-container clr-col-12 clr-col-md-8">
            ${this.checkbox('scanner-skipCertVerify', 'Skip certificate verification', this.skipCert, (on) => (this.skipCert = on),
              'Check this box to skip certificate verification when the remote registry uses a self-signed or untrusted certificate.')}
            ${this.checkbox('scanner-use-inner', 'Use internal registry address', this.useInner, (on) => (this.useInner = on),
              'If the option is checked, the scanner will be forced to use the internal registry address to access the related contents.')}
          </div>
        </fieldset>`)}
      ${this.renderPing()}`;
    const footer = html`${testConnectionButton('button-test', this.ping, !!this.urlError || !this.credentialsValid, () => this.testConnection())}
      ${cancelButton('button-cancel', () => this.close())}
      ${busyButton(this.editing ? 'button-save' : 'button-add', this.editing ? 'Save' : 'Add',
        { disabled: !this.valid || !this.changed, busy: this.saving, onClick: () => this.save() })}`;
    return modal({
      id: 'scanner-dialog',
      title: this.editing ? 'Edit Scanner' : 'Add Scanner',
      body,
      footer,
      onEscape: () => this.close(),
    });
  }
}
