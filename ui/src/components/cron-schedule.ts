// Harbor's schedule row ("Schedule to scan all", GC, log rotation): the current schedule and EDIT;
// editing shows the None / Hourly / Daily / Weekly / Custom select, a 6-field cron input for
// Custom, SAVE and CANCEL. The page saves through `save` (which throws the API's error); the
// error is shown in the row, and the row leaves editing only once the save worked.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { errorText } from '../format';
import { alertStrip } from './alert';
import { LightElement } from './light-element';

export interface CronValue {
  type: string;
  cron: string;
}

const TYPES = ['None', 'Hourly', 'Daily', 'Weekly', 'Custom'];
// Harbor's presets and its words for them.
const PRESETS: Record<string, { cron: string; hint: string }> = {
  Hourly: { cron: '0 0 * * * *', hint: 'Run once an hour, beginning of hour. Equivalent to 0 0 * * * *.' },
  Daily: { cron: '0 0 0 * * *', hint: 'Run once a day, midnight. Equivalent to 0 0 0 * * *.' },
  Weekly: { cron: '0 0 0 * * 0', hint: 'Run once a week, midnight between Sat/Sun. Equivalent to 0 0 0 * * 0.' },
};
const FIELD = /^[0-9A-Za-z*/,?-]+$/;

// Six fields of cron characters (Berth checks the values themselves and says what is wrong).
export function cronLooksValid(cron: string): boolean {
  const fields = cron.trim().split(/\s+/);
  return fields.length === 6 && fields.every((f) => FIELD.test(f));
}

@customElement('berth-cron-schedule')
export class BerthCronSchedule extends LightElement {
  @property() label = '';
  @property({ attribute: false }) value: CronValue = { type: 'None', cron: '' };
  @property({ type: Boolean }) disabled = false;
  @property({ attribute: false }) save: (v: CronValue) => Promise<void> = async () => {};
  @state() private editing = false;
  @state() private type = 'None';
  @state() private cron = '';
  @state() private saving = false;
  @state() private error = '';

  private edit(): void {
    this.type = TYPES.includes(this.value.type) ? this.value.type : 'None';
    this.cron = this.value.type === 'Custom' ? this.value.cron : '0 0 0 * * *';
    this.error = '';
    this.editing = true;
    void this.updateComplete.then(() => this.querySelector<HTMLSelectElement>('#selectPolicy')?.focus());
  }

  private get cronError(): string {
    return this.type === 'Custom' && !cronLooksValid(this.cron) ? 'Field is required and should be in cron format.' : '';
  }

  private async submit(): Promise<void> {
    if (this.cronError || this.saving) return;
    const cron = this.type === 'Custom' ? this.cron.trim().replace(/\s+/g, ' ') : (PRESETS[this.type]?.cron ?? '');
    this.saving = true;
    this.error = '';
    try {
      await this.save({ type: this.type, cron });
      this.editing = false;
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private renderCurrent() {
    const { type, cron } = this.value;
    return html`<span class="berth-cron-label">${this.label}</span>
      <span id="schedule-type">${type || 'None'}</span>
      ${PRESETS[type] ? html`<span class="berth-muted">(${PRESETS[type].hint})</span>` : nothing}
      ${type === 'Custom' ? html`<span>cron : <code id="schedule-cron">${cron}</code></span>` : nothing}
      <button type="button" class="btn btn-link btn-sm" id="editSchedule" ?disabled=${this.disabled}
        @click=${this.edit}>Edit</button>`;
  }

  private renderEditor() {
    const err = this.cronError;
    return html`<label class="berth-cron-label" for="selectPolicy">${this.label}</label>
      <div class="clr-select-wrapper">
        <select class="clr-select" id="selectPolicy"
          @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value)}>
          ${TYPES.map((t) => html`<option value=${t} ?selected=${t === this.type}>${t}</option>`)}
        </select>
      </div>
      ${this.type === 'Custom'
        ? html`<label class="required" for="targetCron">cron</label>
            <div class="clr-control-container ${err ? 'clr-error' : ''}">
              <input class="clr-input" id="targetCron" type="text" autocomplete="off" .value=${this.cron}
                aria-invalid=${err ? 'true' : 'false'} aria-describedby="targetCron-help"
                @input=${(e: Event) => (this.cron = (e.target as HTMLInputElement).value)}
                @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && void this.submit()} />
              <span class="clr-subtext" id="targetCron-help">${err ||
                'Seconds Minutes Hours Day-of-month Month Day-of-week (UTC), e.g. 0 30 2 * * 1'}</span>
            </div>`
        : nothing}
      <button type="button" class="btn btn-link btn-sm" id="config-save" ?disabled=${!!err || this.saving}
        @click=${this.submit}>
        ${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} Save
      </button>
      <button type="button" class="btn btn-link btn-sm" id="config-cancel" @click=${() => (this.editing = false)}>Cancel</button>`;
  }

  override render() {
    return html`<div class="berth-cron">${this.editing ? this.renderEditor() : this.renderCurrent()}</div>
      ${alertStrip('danger', this.error, 'schedule-error')}`;
  }
}
