// NEW / EDIT REPLICATION RULE (harbor-portal.md §2e): Harbor's fields, ids and order — Name,
// Description, Replication mode, Source registry (pull), Source resource filter, Destination
// registry (push), Destination namespace and flattening, Trigger Mode (cron, deletion),
// Bandwidth, options — plus Berth's set-up of repositories created in an Aws ECR destination.
// Each message shows under its field; the server's refusal shows at the top in its own words.
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson, getPage, postJson, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { focusFirstField, modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { type Registry } from '../../registries';
import { FLATTENING, TRIGGER_LABELS, type RegistryInfo, type ReplicationPolicy, type TriggerType } from '../../replication';
import { filterRows } from './rule-filters';
import {
  cronError,
  formFromPolicy,
  nameError,
  namespaceError,
  newRuleForm,
  policyBody,
  speedError,
  type RuleForm,
} from './rule-form';
import { appUrl } from '../../app-url';

// What each trigger does, under the Trigger Mode select (Harbor #7428: the form explains itself).
const TRIGGER_HELP: Record<TriggerType, string> = {
  manual: 'Runs only when you select the rule and press REPLICATE.',
  scheduled: 'Runs by itself at the times of the cron string below.',
  event_based:
    'Runs each time a tag matching the filters is pushed here, copying just that artifact (push-based rules only).',
};

@customElement('berth-rule-dialog')
export class BerthRuleDialog extends LightElement {
  // The rule to edit; 0 for a new one.
  @property({ type: Number }) policyId = 0;
  @state() private form: RuleForm = newRuleForm();
  @state() private registries: Registry[] = [];
  @state() private labels: string[] = [];
  // The source's info (what may be filtered and how it is triggered) and the remote registry's.
  @state() private sourceInfo: RegistryInfo | null = null;
  @state() private remoteInfo: RegistryInfo | null = null;
  @state() private nameTaken = false;
  @state() private touched = new Set<string>();
  @state() private saving = false;
  @state() private loading = true;
  @state() private error = '';
  private initial = '';
  private checkTimer = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [regs, labels] = await Promise.all([
        getPage<Registry>(`${API}/registries` + query({ page: 1, page_size: 100 })),
        // Global labels: a push rule's source is every project, so a project's labels do not fit.
        getPage<{ name: string }>(`${API}/labels` + query({ scope: 'g', page: 1, page_size: 100 })),
      ]);
      this.registries = regs.items;
      this.labels = labels.items.map((l) => l.name);
      if (this.policyId) this.form = formFromPolicy(await getJson<ReplicationPolicy>(`${API}/replication/policies/${this.policyId}`));
      this.initial = JSON.stringify(this.form);
      await this.loadInfos();
    } catch (e) {
      this.error = 'Could not load what the rule needs: ' + errorText(e);
    } finally {
      this.loading = false;
      await this.updateComplete;
      focusFirstField(this);
    }
  }

  // Push: the filters and triggers of this Berth (id 0), chunked copy as the destination allows.
  // Pull: all of it from the source registry.
  private async loadInfos(): Promise<void> {
    const f = this.form;
    const remote = f.mode === 'push' ? f.destRegistryId : f.srcRegistryId;
    const info = (id: number) => getJson<RegistryInfo>(`${API}/registries/${id}/info`);
    this.remoteInfo = remote ? await info(remote) : null;
    this.sourceInfo = f.mode === 'push' ? await info(0) : this.remoteInfo;
    const triggers = this.triggers();
    if (!triggers.includes(this.form.trigger)) this.set('trigger', triggers[0] ?? 'manual');
  }

  private async reloadInfos(): Promise<void> {
    try {
      await this.loadInfos();
    } catch (e) {
      this.error = 'Could not read the registry: ' + errorText(e);
    }
  }

  private triggers(): TriggerType[] {
    return this.sourceInfo?.supported_triggers ?? ['manual', 'scheduled'];
  }

  private set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]): void => {
    this.form = { ...this.form, [key]: value };
    if (!this.touched.has(key)) this.touched = new Set([...this.touched, key]);
  };

  private setMode(mode: 'push' | 'pull'): void {
    this.form = { ...this.form, mode, srcRegistryId: 0, destRegistryId: 0, labels: [] };
    void this.reloadInfos();
  }

  private setRegistry(key: 'srcRegistryId' | 'destRegistryId', id: number): void {
    this.set(key, id);
    void this.reloadInfos();
  }

  private onName(e: Event): void {
    const name = (e.target as HTMLInputElement).value.trim();
    this.set('name', name);
    this.nameTaken = false;
    clearTimeout(this.checkTimer);
    if (nameError(name, false)) return;
    this.checkTimer = window.setTimeout(async () => {
      try {
        const page = await getPage<ReplicationPolicy>(`${API}/replication/policies` + query({ q: `name=${name}` }));
        if (this.form.name === name) this.nameTaken = page.items.some((p) => p.id !== this.policyId);
      } catch {
        /* the server checks again on SAVE */
      }
    }, 300);
  }

  private destRegistry(): Registry | undefined {
    return this.form.mode === 'push' ? this.registries.find((r) => r.id === this.form.destRegistryId) : undefined;
  }

  // Every field's message, by field; empty when the field is fine.
  private errors(): Record<string, string> {
    const f = this.form;
    return {
      name: nameError(f.name, this.nameTaken),
      srcRegistryId: f.mode === 'pull' && !f.srcRegistryId ? 'Source registry is required.' : '',
      destRegistryId: f.mode === 'push' && !f.destRegistryId ? 'Destination registry is required.' : '',
      destNamespace: namespaceError(f.destNamespace),
      cron: f.trigger === 'scheduled' ? cronError(f.cron) : '',
      speed: speedError(f.speed),
    };
  }

  private get valid(): boolean {
    return !this.loading && Object.values(this.errors()).every((e) => !e);
  }

  private get changed(): boolean {
    return !this.policyId || JSON.stringify(this.form) !== this.initial;
  }

  private async save(): Promise<void> {
    this.touched = new Set(Object.keys(this.errors()));
    if (!this.valid || this.saving) return;
    this.saving = true;
    this.error = '';
    const body = policyBody(this.form, this.destRegistry()?.type === 'aws-ecr');
    try {
      if (this.policyId) await request('PUT', `${API}/replication/policies/${this.policyId}`, { json: body });
      else await postJson(`${API}/replication/policies`, body);
      toast('success', this.policyId ? 'Updated replication rule successfully.' : 'Created replication rule successfully.');
      this.dispatchEvent(new CustomEvent('saved', { bubbles: true }));
    } catch (e) {
      this.error = 'Could not save the rule: ' + errorText(e);
      // The message is at the top of the form, which may be scrolled away from SAVE.
      await this.updateComplete;
      this.querySelector('#rule-error')?.scrollIntoView({ block: 'nearest' });
    } finally {
      this.saving = false;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  // One labelled row; `errKey` names the form field whose message shows under it.
  private row(forId: string, label: string, content: unknown, opts: { required?: boolean; help?: unknown; errKey?: string } = {}) {
    const err = opts.errKey && this.touched.has(opts.errKey) ? this.errors()[opts.errKey] : '';
    const cls = `clr-control-label clr-col-12 clr-col-md-3 ${opts.required ? 'required' : ''}`;
    return html`<div class="clr-form-control clr-row">
      ${forId ? html`<label class=${cls} for=${forId}>${label}</label>` : html`<span class=${cls}>${label}</span>`}
      <div class="clr-control-container clr-col-12 clr-col-md-9 ${err ? 'clr-error' : ''}">
        ${content}
        ${err ? html`<span class="clr-subtext" id="${opts.errKey}-error">${err}</span>` : (opts.help ?? nothing)}
      </div>
    </div>`;
  }

  private input(id: string, key: 'name' | 'destNamespace' | 'cron' | 'speed', onInput: (e: Event) => void, extra = '') {
    const err = this.touched.has(key) ? this.errors()[key] : '';
    return html`<input class="clr-input ${extra}" id=${id} type="text" autocomplete="off" .value=${this.form[key]}
      aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? `${key}-error` : nothing} @input=${onInput} />`;
  }

  private checkbox(id: string, key: keyof RuleForm, label: string, help = '') {
    return html`<div class="berth-option">
      <div class="clr-checkbox-wrapper">
        <input type="checkbox" class="clr-checkbox" id=${id} .checked=${!!this.form[key]}
          aria-describedby=${help ? `${id}-help` : nothing}
          @change=${(e: Event) => this.set(key, (e.target as HTMLInputElement).checked as never)} />
        <label for=${id}>${label}</label>
      </div>
      ${help ? html`<span class="clr-subtext" id="${id}-help">${help}</span>` : nothing}
    </div>`;
  }

  private registrySelect(id: string, key: 'srcRegistryId' | 'destRegistryId') {
    if (!this.registries.length)
      return html`<p class="berth-hint" id=${id}>Please add an endpoint first: <a href=${appUrl('/harbor/registries')}>Endpoints</a></p>`;
    return html`<div class="clr-select-wrapper">
      <select class="clr-select berth-wide" id=${id} required
        @change=${(e: Event) => this.setRegistry(key, Number((e.target as HTMLSelectElement).value))}>
        <option value="0" ?selected=${!this.form[key]} disabled>Select a registry</option>
        ${this.registries.map((r) => html`<option value=${r.id} ?selected=${r.id === this.form[key]}>${r.name}-${r.url}</option>`)}
      </select>
    </div>`;
  }

  private renderMode() {
    const radio = (id: string, mode: 'push' | 'pull', label: string) => html`<div class="clr-radio-wrapper">
      <input type="radio" class="clr-radio" id=${id} name="replication-mode" .checked=${this.form.mode === mode}
        ?disabled=${!!this.policyId} @change=${() => this.setMode(mode)} />
      <label for=${id}>${label}</label>
    </div>`;
    return html`<div class="clr-form-control clr-row">
      <span class="clr-control-label clr-col-12 clr-col-md-3" id="replication-mode-label">Replication mode</span>
      <div class="clr-control-container clr-col-12 clr-col-md-9">
        <div class="berth-inline" role="radiogroup" aria-labelledby="replication-mode-label">
          ${radio('push_base', 'push', 'Push-based')} ${radio('pull_base', 'pull', 'Pull-based')}
        </div>
        <span class="clr-subtext">${this.form.mode === 'push'
          ? 'Push the resources from the local Harbor to the remote registry.'
          : 'Pull the resources from the remote registry to the local Harbor.'}</span>
      </div>
    </div>`;
  }

  private renderDestination() {
    const f = this.form;
    const nsErr = this.touched.has('destNamespace') ? this.errors().destNamespace : '';
    return html`<div class="clr-form-control clr-row">
      <span class="clr-control-label clr-col-12 clr-col-md-3">Destination</span>
      <div class="clr-control-container clr-col-12 clr-col-md-9 ${nsErr ? 'clr-error' : ''}">
        <div class="berth-inline">
          <label for="dest_namespace">Namespace:</label>
          ${this.input('dest_namespace', 'destNamespace', (e) => this.set('destNamespace', (e.target as HTMLInputElement).value.trim()))}
          <label for="dest_namespace_replace_count">Flattening:</label>
          <div class="clr-select-wrapper">
            <select class="clr-select" id="dest_namespace_replace_count"
              @change=${(e: Event) => this.set('replaceCount', Number((e.target as HTMLSelectElement).value))}>
              ${FLATTENING.map(([v, label]) => html`<option value=${v} ?selected=${v === f.replaceCount}>${label}</option>`)}
            </select>
          </div>
        </div>
        ${nsErr ? html`<span class="clr-subtext" id="destNamespace-error">${nsErr}</span>` : nothing}
        <span class="clr-subtext">Specify the destination namespace. If empty, the resources will be put under the same
          namespace as the source. Flattening shortens the path: with namespace ns, a/b/c/d/img becomes ns/img (all
          levels), ns/a/b/c/d/img (no flatting), ns/b/c/d/img (1 level), ns/c/d/img (2), ns/d/img (3).</span>
      </div>
    </div>`;
  }

  private renderTrigger() {
    const f = this.form;
    return html`${this.row(
        'ruleTrigger',
        'Trigger Mode',
        html`<div class="clr-select-wrapper">
          <select class="clr-select" id="ruleTrigger" required
            @change=${(e: Event) => this.set('trigger', (e.target as HTMLSelectElement).value as TriggerType)}>
            ${this.triggers().map((t) => html`<option value=${t} ?selected=${t === f.trigger}>${TRIGGER_LABELS[t] ?? t}</option>`)}
          </select>
        </div>`,
        { required: true, help: html`<span class="clr-subtext" id="ruleTrigger-help">${TRIGGER_HELP[f.trigger] ?? ''}</span>` },
      )}
      ${f.trigger === 'scheduled'
        ? this.row('targetCron', 'Cron String', this.input('targetCron', 'cron', (e) => this.set('cron', (e.target as HTMLInputElement).value)), {
            required: true,
            errKey: 'cron',
            help: html`<span class="clr-subtext" id="cron-help">Six fields, in UTC: second minute hour day-of-month month
              day-of-week, e.g. 0 0 3 * * * every day at 03:00. The 1st field of the cron string must be 0 and the 2nd
              filed can not be "*".</span>`,
          })
        : nothing}
      ${f.trigger === 'event_based'
        ? html`<div class="berth-indent">${this.checkbox('ruleDeletion', 'deletion', 'Delete remote resources when locally deleted',
            'When an artifact or tag matching the filters is deleted here, the same one is deleted at the destination. Unchecked, deletions are not copied.')}</div>`
        : nothing}`;
  }

  private renderBandwidth() {
    return this.row(
      'speed',
      'Bandwidth',
      html`<div class="berth-inline">
        ${this.input('speed', 'speed', (e) => this.set('speed', (e.target as HTMLInputElement).value), 'berth-narrow')}
        <div class="clr-select-wrapper">
          <select class="clr-select" id="speed_unit" aria-label="Bandwidth unit"
            @change=${(e: Event) => this.set('speedUnit', (e.target as HTMLSelectElement).value as 'Kbps' | 'Mbps')}>
            <option value="Kbps" ?selected=${this.form.speedUnit === 'Kbps'}>Kbps</option>
            <option value="Mbps" ?selected=${this.form.speedUnit === 'Mbps'}>Mbps</option>
          </select>
        </div>
      </div>`,
      {
        required: true,
        errKey: 'speed',
        help: html`<span class="clr-subtext">-1 means unlimited. The limit applies to each task; several tasks may
          run at once.</span>`,
      },
    );
  }

  private renderRuleOptions() {
    const f = this.form;
    const ecr = this.destRegistry()?.type === 'aws-ecr';
    return html`<div class="clr-form-control clr-row">
      <span class="clr-control-label clr-col-12 clr-col-md-3">Options</span>
      <div class="clr-control-container clr-col-12 clr-col-md-9">
        ${this.checkbox('overridePolicy', 'override', 'Override',
          'Replace a resource at the destination that has the same name; unchecked, it is left as it is.')}
        ${this.policyId ? this.checkbox('enablePolicy', 'enabled', 'Enable rule') : nothing}
        ${this.remoteInfo?.supported_copy_by_chunk
          ? this.checkbox('by-chunk', 'copyByChunk', 'Copy by chunk', 'Upload each blob in pieces, for large blobs or proxies that limit request sizes.')
          : nothing}
        ${f.trigger !== 'event_based'
          ? this.checkbox('singleActiveReplication', 'singleActive', 'Single active replication',
              'Do not start an execution of this rule while another one still runs.')
          : nothing}
        ${ecr
          ? html`${this.checkbox('dest_tag_immutability', 'tagImmutability', 'Tag immutability',
              'Aws ECR repositories the copy creates get immutable tags (existing repositories are left as they are).')}
            ${this.checkbox('dest_scan_on_push', 'scanOnPush', 'Scan on push',
              'Aws ECR repositories the copy creates scan each image on push.')}`
          : nothing}
      </div>
    </div>`;
  }

  private renderForm(): TemplateResult {
    const f = this.form;
    return html`<form class="clr-form clr-form-horizontal berth-rule-form" novalidate
      @submit=${(e: Event) => (e.preventDefault(), void this.save())}>
      ${this.row('ruleName', 'Name', this.input('ruleName', 'name', (e) => this.onName(e), 'berth-wide'), { required: true, errKey: 'name' })}
      ${this.row('ruleDescription', 'Description', html`<textarea class="clr-textarea berth-wide" id="ruleDescription" rows="2"
        .value=${f.description} @input=${(e: Event) => this.set('description', (e.target as HTMLTextAreaElement).value)}></textarea>`)}
      ${this.renderMode()}
      ${f.mode === 'pull' ? this.row(this.registries.length ? 'src_registry_id' : '', 'Source registry', this.registrySelect('src_registry_id', 'srcRegistryId'), { required: true, errKey: 'srcRegistryId' }) : nothing}
      ${this.row('', 'Source resource filter', filterRows({
        form: f, supported: this.sourceInfo?.supported_resource_filters ?? [], labels: this.labels, set: this.set,
      }))}
      ${f.mode === 'push' ? this.row(this.registries.length ? 'dest_registry' : '', 'Destination registry', this.registrySelect('dest_registry', 'destRegistryId'), { required: true, errKey: 'destRegistryId' }) : nothing}
      ${this.renderDestination()}
      ${this.renderTrigger()}
      ${this.renderBandwidth()}
      ${this.renderRuleOptions()}
      <button type="submit" hidden aria-hidden="true" tabindex="-1"></button>
    </form>`;
  }

  override render() {
    const body = html`${alertStrip('danger', this.error, 'rule-error')}
      ${this.loading ? html`<p class="berth-hint"><span class="spinner spinner-inline"></span> Loading…</p>` : this.renderForm()}`;
    const footer = html`<button type="button" class="btn btn-outline" id="ruleBtnCancel" @click=${this.close}>Cancel</button>
      <button type="button" class="btn btn-primary" id="ruleBtnOk" ?disabled=${!this.valid || !this.changed || this.saving}
        @click=${() => this.save()}>
        ${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} Save
      </button>`;
    return modal({
      id: 'rule-dialog',
      title: this.policyId ? 'Edit Replication Rule' : 'New Replication Rule',
      body,
      footer,
      size: 'lg',
      onEscape: () => this.close(),
    });
  }
}
