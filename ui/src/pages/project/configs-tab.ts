// The project's Configuration tab (/harbor/projects/:id/configs), Harbor's rows in Harbor's order:
// Project registry (Public), Deployment security (Prevent vulnerable images from running, with
// the severity), Vulnerability scanning (Automatically scan images on push), CVE allowlist; SAVE
// and CANCEL. Only project admins and system administrators may change it; everyone else sees it
// read-only. SAVE is one PUT /projects/{id} with the metadata and the project's allowlist.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { type CveAllowlist, type Project } from '../../projects';
import { type AllowlistValue } from './cve-allowlist-field';
import { type TabContext } from './tabs';
import './cve-allowlist-field';

interface ConfigForm extends AllowlistValue {
  isPublic: boolean;
  preventVul: boolean;
  severity: string;
  autoScan: boolean;
}

// Harbor's severities, highest first; a project without one blocks from Low up (Harbor's default).
const SEVERITIES: [string, string][] = [
  ['critical', 'Critical'],
  ['high', 'High'],
  ['medium', 'Medium'],
  ['low', 'Low'],
  ['none', 'None'],
];

function formOf(p: Project): ConfigForm {
  const m = p.metadata ?? {};
  return {
    isPublic: m.public === 'true',
    preventVul: m.prevent_vul === 'true',
    severity: m.severity || 'low',
    autoScan: m.auto_scan === 'true',
    reuseSys: m.reuse_sys_cve_allowlist !== 'false', // absent = the system's, as Harbor
    items: (p.cve_allowlist?.items ?? []).map((i) => i.cve_id),
    expiresAt: p.cve_allowlist?.expires_at ?? null,
  };
}

const same = (a: ConfigForm, b: ConfigForm) => JSON.stringify(a) === JSON.stringify(b);

@customElement('berth-project-configs')
export class BerthProjectConfigs extends LightElement {
  @property({ attribute: false }) ctx!: TabContext;
  @state() private form!: ConfigForm;
  @state() private system: CveAllowlist | null = null;
  @state() private saving = false;
  @state() private error = '';
  @state() private confirmCancel = false;
  private baseline!: ConfigForm;
  private shownFor: Project | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    getJson<CveAllowlist>(`${API}/system/CVEAllowlist`)
      .then((s) => (this.system = s))
      .catch((e) => (this.error = 'Could not load the system CVE allowlist: ' + errorText(e)));
  }

  // A project loaded again (after SAVE, or another project) resets the form to what it holds.
  override willUpdate(): void {
    if (this.ctx.project === this.shownFor) return;
    this.shownFor = this.ctx.project;
    this.baseline = formOf(this.ctx.project);
    this.form = { ...this.baseline };
  }

  private set(change: Partial<ConfigForm>): void {
    this.form = { ...this.form, ...change };
  }

  private async save(): Promise<void> {
    this.saving = true;
    this.error = '';
    const f = this.form;
    const body = {
      metadata: {
        public: String(f.isPublic),
        prevent_vul: String(f.preventVul),
        severity: f.severity,
        auto_scan: String(f.autoScan),
        reuse_sys_cve_allowlist: String(f.reuseSys),
      },
      cve_allowlist: { items: f.items.map((cve_id) => ({ cve_id })), expires_at: f.expiresAt },
    };
    try {
      await request('PUT', `${API}/projects/${this.ctx.project.project_id}`, { json: body });
      toast('success', 'Configuration has been successfully saved.');
      this.baseline = { ...f };
      this.ctx.reload();
    } catch (e) {
      this.error = 'Could not save the configuration: ' + errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private row(label: string, id: string, content: unknown) {
    return html`<div class="clr-form-control clr-row berth-config-row" role="group" aria-labelledby="${id}-label">
      <span class="clr-control-label clr-col-12 clr-col-md-2" id="${id}-label">${label}</span>
      <div class="clr-control-container clr-col-12 clr-col-md-10">${content}</div>
    </div>`;
  }

  private checkbox(id: string, label: string, checked: boolean, onChange: (on: boolean) => void, help: string) {
    return html`<div class="clr-checkbox-wrapper">
        <input type="checkbox" class="clr-checkbox" id=${id} .checked=${checked} ?disabled=${!this.ctx.canManage}
          aria-describedby="${id}-help" @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)} />
        <label for=${id}>${label}</label>
      </div>
      <span class="clr-subtext" id="${id}-help">${help}</span>`;
  }

  private renderSeverity() {
    const f = this.form;
    return html`<div class="berth-inline berth-severity">
      <label for="severity">Prevent images with vulnerability severity of</label>
      <div class="clr-select-wrapper">
        <select class="clr-select" id="severity" ?disabled=${!f.preventVul || !this.ctx.canManage}
          @change=${(e: Event) => this.set({ severity: (e.target as HTMLSelectElement).value })}>
          ${SEVERITIES.map(([v, l]) => html`<option value=${v} ?selected=${v === f.severity}>${l}</option>`)}
        </select>
      </div>
      <span>and above from being deployed.</span>
    </div>`;
  }

  private renderConfirmCancel() {
    return confirmDialog({
      id: 'config-cancel-confirm',
      title: 'Confirm to cancel',
      message: 'Some changes have not been saved. Do you want to discard them?',
      action: 'Confirm',
      danger: false,
      onCancel: () => (this.confirmCancel = false),
      onConfirm: () => {
        this.confirmCancel = false;
        this.form = { ...this.baseline };
      },
    });
  }

  override render() {
    const f = this.form;
    const manage = this.ctx.canManage;
    const dirty = !same(f, this.baseline);
    return html`${alertStrip('danger', this.error, 'config-error')}
      ${manage
        ? nothing
        : alertStrip('info', 'Only project admins and system administrators can change the configuration of this project.', 'config-readonly')}
      <form class="clr-form clr-form-horizontal berth-project-config" @submit=${(e: Event) => e.preventDefault()}>
        ${this.row(
          'Project registry',
          'row-public',
          this.checkbox('clr-checkbox-wrapper-public', 'Public', f.isPublic, (on) => this.set({ isPublic: on }),
            'Making a project registry public will make all repositories accessible to everyone.'),
        )}
        ${this.row(
          'Deployment security',
          'row-prevent',
          html`${this.checkbox('prevent-vulnerability-image', 'Prevent vulnerable images from running.', f.preventVul,
              (on) => this.set({ preventVul: on }),
              'Pulls of images that were never scanned, or whose findings reach the severity below, are refused.')}
            ${this.renderSeverity()}`,
        )}
        ${this.row(
          'Vulnerability scanning',
          'row-scan',
          this.checkbox('scan-image-on-push', 'Automatically scan images on push', f.autoScan, (on) => this.set({ autoScan: on }),
            'Automatically scan images when they are pushed to the project registry.'),
        )}
        ${this.row(
          'CVE allowlist',
          'row-allowlist',
          html`<berth-cve-allowlist .value=${f} .system=${this.system} ?disabled=${!manage}
            @allowlist-change=${(e: CustomEvent<AllowlistValue>) => this.set(e.detail)}></berth-cve-allowlist>`,
        )}
        <div class="berth-form-buttons">
          <button type="button" class="btn btn-primary" id="config-save" ?disabled=${!manage || !dirty || this.saving}
            @click=${this.save}>
            ${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing}Save
          </button>
          <button type="button" class="btn btn-outline" id="config-cancel" ?disabled=${!manage || !dirty || this.saving}
            @click=${() => (this.confirmCancel = true)}>Cancel</button>
        </div>
      </form>
      ${this.confirmCancel ? this.renderConfirmCancel() : nothing}`;
  }
}
