// NEW ROBOT ACCOUNT and EDIT, as Harbor's wizard ("Create System Robot Account" / "Create Robot
// Account"): Basic Information (Name after the robot$ prefix, Description, Expiration time),
// then the permissions: for a project robot one grid on its project; for a system robot "Cover
// all projects" with one grid, or a grid per chosen project (robot-project-picker). A system
// permissions step appears only when Berth offers system grants (GET /permissions says none
// yet). Finish creates the robot (the list then shows its secret once) or saves the edit.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getPage, postJson, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, textArea, textInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { shortDate } from '../../format';
import type { Project } from '../../projects';
import {
  DEFAULT_DURATION_DAYS, ROBOT_NAME_RULE, ROBOT_PREFIX, pushWithoutPull,
  type Access, type PermissionCatalogue, type Robot, type RobotCreated, type RobotPermission,
} from '../../robots';
import './permission-grid';
import './robot-project-picker';
import type { ProjectAccess } from './robot-project-picker';

type Expiration = 'default' | 'days' | 'never';
type Step = 'basic' | 'system' | 'project';

const STEP_TITLES: Record<Step, string> = {
  basic: 'Basic Information',
  system: 'Select System Permissions',
  project: 'Select Project Permissions',
};
const NAME_MESSAGE =
  'Robot name should be 1~128 characters long with lower case characters, numbers and ._- and must be start with characters or numbers.';
const PUSH_MESSAGE = 'Push permission can not work alone, it must work with pull permission';

@customElement('berth-robot-dialog')
export class BerthRobotDialog extends FormDialog {
  // The project of a project robot; null for a system robot.
  @property({ attribute: false }) project: Project | null = null;
  // The robot to edit; null for NEW ROBOT ACCOUNT.
  @property({ attribute: false }) robot: Robot | null = null;
  @property({ attribute: false }) catalogue: PermissionCatalogue = { system: [], project: [] };
  @state() private step = 0;
  @state() private name = '';
  @state() private description = '';
  @state() private expiration: Expiration = 'default';
  @state() private days = String(DEFAULT_DURATION_DAYS);
  @state() private coverAll = false;
  @state() private allAccess: Access[] = [];
  @state() private systemAccess: Access[] = [];
  @state() private projects: ProjectAccess = {};
  @state() private nameTaken = false;
  // Whether Next or Finish was pressed on this step (its errors show from then on).
  @state() private pressed = false;

  override connectedCallback(): void {
    super.connectedCallback();
    const r = this.robot;
    if (!r) return;
    this.name = r.name.slice(this.namePrefix().length);
    this.description = r.description ?? '';
    this.expiration = r.duration === -1 ? 'never' : 'days';
    this.days = String(r.duration === -1 ? DEFAULT_DURATION_DAYS : r.duration);
    for (const p of r.permissions ?? []) {
      if (p.kind === 'system') this.systemAccess = p.access;
      else if (this.project) this.allAccess = p.access;
      else if (p.namespace === '*') (this.coverAll = true), (this.allAccess = p.access);
      else this.projects = { ...this.projects, [p.namespace]: p.access };
    }
  }

  private namePrefix(): string {
    return this.project ? `${ROBOT_PREFIX}${this.project.name}+` : ROBOT_PREFIX;
  }

  private steps(): Step[] {
    return this.project || !this.catalogue.system.length ? ['basic', 'project'] : ['basic', 'system', 'project'];
  }

  private stepTitle(s: Step): string {
    return s === 'project' && this.project ? 'Select Permissions' : STEP_TITLES[s];
  }

  private nameError(): string {
    if (this.robot) return '';
    if (!ROBOT_NAME_RULE.test(this.name) || this.name.length > 128) return NAME_MESSAGE;
    return this.nameTaken ? 'Robot Account already exists.' : '';
  }

  private daysError(): string {
    if (this.expiration !== 'days') return '';
    const n = Number(this.days);
    return Number.isInteger(n) && n >= 1 && n <= 36500 ? '' : 'Field is required and should be an integer other than 0.';
  }

  private duration(): number {
    if (this.expiration === 'never') return -1;
    return this.expiration === 'default' ? DEFAULT_DURATION_DAYS : Number(this.days);
  }

  // Counted from the robot's creation, as Berth and Harbor count it.
  private expiresAt(): string {
    if (this.expiration === 'never' || this.daysError()) return this.expiration === 'never' ? 'Never Expires' : '';
    const start = this.robot?.creation_time ? new Date(this.robot.creation_time).getTime() : Date.now();
    return shortDate(new Date(start + this.duration() * 86_400_000).toISOString());
  }

  private permissions(): RobotPermission[] {
    const out: RobotPermission[] = [];
    if (this.project) return [{ kind: 'project', namespace: this.project.name, access: this.allAccess }];
    if (this.systemAccess.length) out.push({ kind: 'system', namespace: '/', access: this.systemAccess });
    if (this.coverAll) out.push({ kind: 'project', namespace: '*', access: this.allAccess });
    else
      for (const [name, access] of Object.entries(this.projects))
        if (access.length) out.push({ kind: 'project', namespace: name, access });
    return out;
  }

  private permissionError(): string {
    const perms = this.permissions();
    if (!perms.some((p) => p.access.length)) return 'Choose at least one permission.';
    return perms.some((p) => pushWithoutPull(p.access)) ? PUSH_MESSAGE : '';
  }

  private async checkName(): Promise<void> {
    if (this.robot || !ROBOT_NAME_RULE.test(this.name)) return;
    const name = this.name;
    const full = this.namePrefix() + name;
    const scope = this.project ? `Level=project,ProjectID=${this.project.project_id},` : '';
    try {
      const page = await getPage<Robot>(`${API}/robots` + query({ q: `${scope}name=${full}`, page_size: 1 }));
      // Only if the name was not changed meanwhile.
      this.nameTaken = this.name === name && page.items.some((r) => r.name === full);
    } catch {
      /* a courtesy check: Berth answers 409 on Finish anyway */
    }
  }

  private next(): void {
    this.pressed = true;
    if (this.step === 0 && (this.nameError() || this.daysError())) return;
    this.step = Math.min(this.step + 1, this.steps().length - 1);
    this.pressed = false;
  }

  private finish(): void {
    this.pressed = true;
    if (this.nameError() || this.daysError() || this.permissionError()) return;
    const body = {
      name: this.name, description: this.description, duration: this.duration(),
      level: this.project ? 'project' : 'system', disable: false, permissions: this.permissions(),
    };
    const robot = this.robot;
    void this.submit(async () => {
      if (robot) {
        await request('PUT', `${API}/robots/${robot.id}`, {
          json: { ...robot, description: body.description, duration: body.duration, permissions: body.permissions },
        });
        toast('success', 'Updated robot successfully');
        this.emit('saved');
      } else {
        const created = (await (await postJson(`${API}/robots`, body)).json()) as RobotCreated;
        this.emit('created', created);
      }
    });
  }

  private renderBasic() {
    const nameErr = this.pressed || this.name ? this.nameError() : '';
    const daysErr = this.daysError();
    return dialogForm(() => this.next(), html`
      ${formRow('name', 'Name',
        html`<div class="berth-inline"><span class="berth-prefix" id="name-prefix">${this.namePrefix()}</span>
          <div @focusout=${this.checkName}>${textInput('name', this.name,
            (v) => ((this.name = v), (this.nameTaken = false)),
            { error: nameErr, disabled: !!this.robot, maxlength: 128 })}</div></div>`,
        { error: nameErr, required: true,
          helper: this.project
            ? 'The final project robot name consists of the prefix,the project name,a plus mark and the current input value'
            : 'The final system robot name consists of the prefix and the current input value' })}
      ${formRow('description', 'Description',
        textArea('description', this.description, (v) => (this.description = v)))}
      ${formRow('expiration-type', 'Expiration time',
        html`<div class="berth-inline">
          <div class="clr-select-wrapper">
            <select class="clr-select" id="expiration-type"
              @change=${(e: Event) => (this.expiration = (e.target as HTMLSelectElement).value as Expiration)}>
              <option value="default" ?selected=${this.expiration === 'default'}>${DEFAULT_DURATION_DAYS} days(default)</option>
              <option value="days" ?selected=${this.expiration === 'days'}>Specify # of days</option>
              <option value="never" ?selected=${this.expiration === 'never'}>Never</option>
            </select>
          </div>
          ${this.expiration === 'days'
            ? html`<input class="clr-input berth-days" id="robotTokenExpiration" type="number" min="1" max="36500"
                aria-label="Number of days" .value=${this.days} aria-invalid=${daysErr ? 'true' : 'false'}
                aria-describedby=${daysErr ? 'expiration-type-error' : nothing}
                @input=${(e: Event) => (this.days = (e.target as HTMLInputElement).value)} />`
            : nothing}
        </div>`,
        { error: daysErr, required: true,
          helper: html`<span id="expires-at-preview">Expires at: ${this.expiresAt()}</span>
            <span id="expiration-help" class="berth-help">The days count from the robot's creation, also when you change
              them later (so a longer duration revives an expired robot). Refreshing the secret does not extend it. An
              expired robot can no longer log in.</span>` })}`);
  }

  private renderProjectStep() {
    const grid = (gridId: string) => html`<berth-permission-grid .gridId=${gridId} .candidates=${this.catalogue.project}
      .value=${this.allAccess} @access-change=${(e: CustomEvent<Access[]>) => (this.allAccess = e.detail)}></berth-permission-grid>`;
    if (this.project) return grid('perm-project');
    return html`<div class="clr-checkbox-wrapper berth-cover-all">
        <input type="checkbox" class="clr-checkbox" id="coverAll" .checked=${this.coverAll}
          @change=${(e: Event) => (this.coverAll = (e.target as HTMLInputElement).checked)} />
        <label for="coverAll">Cover all projects</label>
        <span class="clr-subtext">Check to be applied to all existing and future projects</span>
      </div>
      ${this.coverAll
        ? html`<p class="berth-hint">All current and future projects selected.</p>${grid('perm-cover-all')}`
        : html`<berth-robot-project-picker .candidates=${this.catalogue.project} .value=${this.projects}
            @projects-change=${(e: CustomEvent<ProjectAccess>) => (this.projects = e.detail)}></berth-robot-project-picker>`}`;
  }

  private renderStep(s: Step) {
    if (s === 'basic') return this.renderBasic();
    if (s === 'system')
      return html`<berth-permission-grid gridId="perm-system" .candidates=${this.catalogue.system} .value=${this.systemAccess}
        @access-change=${(e: CustomEvent<Access[]>) => (this.systemAccess = e.detail)}></berth-permission-grid>`;
    return this.renderProjectStep();
  }

  private dialogTitle(): string {
    const verb = this.robot ? 'Edit' : 'Create';
    return this.project ? `${verb} Robot Account` : `${verb} System Robot Account`;
  }

  override render() {
    const steps = this.steps();
    const current = steps[this.step];
    const last = this.step === steps.length - 1;
    const permErr = last && this.pressed ? this.permissionError() : '';
    const body = html`<div class="berth-wizard">
        <ol class="berth-wizard-steps" aria-label="Steps">
          ${steps.map(
            (s, i) => html`<li class=${i === this.step ? 'active' : i < this.step ? 'complete' : ''}>
              <button type="button" class="btn btn-link" ?disabled=${i > this.step} aria-current=${i === this.step ? 'step' : nothing}
                @click=${() => (this.step = i)}><span class="berth-step-no">${i + 1}</span> ${this.stepTitle(s)}</button>
            </li>`,
          )}
        </ol>
        <div class="berth-wizard-page">
          <p class="berth-wizard-summary">${this.project
            ? `${this.robot ? 'Edit' : 'Create'} a robot account for this project`
            : `${this.robot ? 'Edit' : 'Create'} a system Robot Account that will cover permissions for the system as well as for specific projects`}</p>
          <h4 class="berth-wizard-page-title" id="wizard-step-title">${this.stepTitle(current)}</h4>
          ${alertStrip('danger', this.error || permErr, 'robot-error')}
          ${this.renderStep(current)}
        </div>
      </div>`;
    const footer = html`${cancelButton('robot-cancel', () => this.close())}
      ${this.step > 0 ? html`<button type="button" class="btn btn-outline" id="robot-back" @click=${() => (this.step -= 1)}>Back</button>` : nothing}
      ${last
        ? busyButton('robot-finish', 'Finish', { busy: this.saving, onClick: () => this.finish() })
        : html`<button type="button" class="btn btn-primary" id="robot-next" @click=${this.next}>Next</button>`}`;
    return modal({ id: 'robot-dialog', title: this.dialogTitle(), body, footer, onEscape: () => this.close(), size: 'lg' });
  }
}
