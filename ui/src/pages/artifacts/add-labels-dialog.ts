// Actions › Add Labels: Harbor's "Add labels to this image" picker, for one artifact or several
// at once (Harbor allows one only: complaint §4.6). The user ticks labels of the project or global
// ones; each ticked label an artifact lacks is POSTed to it. A failure is listed per artifact in
// the dialog, in plain words; what worked stays done.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, postJson } from '../../api';
import { artifactApi, shortDigest, type Artifact } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton } from '../../components/form-dialog';
import { labelChip } from '../../components/label-chip';
import { focusFirstField, modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import type { Label } from '../../labels';
import { type Project } from '../../projects';
import { artifactLabels } from './artifact-label-source';

@customElement('berth-add-labels-dialog')
export class BerthAddLabelsDialog extends FormDialog {
  @property({ attribute: false }) project!: Project;
  @property() repo = '';
  @property({ attribute: false }) artifacts: Artifact[] = [];
  @state() private labels: Label[] | null = null;
  @state() private filter = '';
  @state() private chosen = new Set<number>();
  @state() private failures: string[] = [];

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    try {
      this.labels = await artifactLabels(this.project.project_id);
    } catch (e) {
      this.error = `Could not load the labels: ${errorText(e)}`;
    }
    await this.updateComplete;
    focusFirstField(this);
  }

  private toggle(id: number, on: boolean): void {
    const s = new Set(this.chosen);
    if (on) s.add(id);
    else s.delete(id);
    this.chosen = s;
  }

  // Adds each chosen label to each artifact lacking it; a 409 (added meanwhile) is success. Each
  // failure is listed (submit's single error line does not fit several).
  private async apply(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    const failures: string[] = [];
    for (const a of this.artifacts) {
      const has = new Set((a.labels ?? []).map((l) => l.id));
      for (const l of this.labels ?? []) {
        if (!this.chosen.has(l.id) || has.has(l.id)) continue;
        try {
          await postJson(`${artifactApi(this.project.name, this.repo, a.digest)}/labels`, { id: l.id });
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 409))
            failures.push(`${shortDigest(a.digest)}: could not add label ${l.name}: ${errorText(e)}`);
        }
      }
    }
    this.saving = false;
    this.failures = failures;
    this.emit('labels-changed');
    if (!failures.length) {
      const n = this.artifacts.length;
      toast('success', `Added the labels to ${n} artifact${n === 1 ? '' : 's'}.`);
      this.close();
    }
  }

  private renderLabels() {
    if (!this.labels) return this.error ? nothing : html`<span class="spinner spinner-inline" aria-label="Loading labels"></span>`;
    if (!this.labels.length) return html`<p>There are no labels yet: a project maintainer adds them under the project's Labels tab.</p>`;
    const f = this.filter.toLowerCase();
    const shown = this.labels.filter((l) => l.name.toLowerCase().includes(f));
    return html`<ul class="list-unstyled berth-label-picker" id="add-labels-list">
      ${shown.map(
        (l) => html`<li><label class="berth-label-option">
          <input type="checkbox" data-label=${l.name} .checked=${this.chosen.has(l.id)}
            @change=${(e: Event) => this.toggle(l.id, (e.target as HTMLInputElement).checked)} />
          ${labelChip(l)}</label></li>`,
      )}
    </ul>`;
  }

  override render() {
    const n = this.artifacts.length;
    const which = n === 1 ? shortDigest(this.artifacts[0].digest) : `${n} artifacts`;
    return modal({
      id: 'add-labels-dialog',
      title: 'Add Labels',
      onEscape: () => this.close(),
      body: html`${alertStrip('danger', this.error || null, 'add-labels-error')}
        ${this.failures.length
          ? html`<div class="alert alert-danger alert-sm" role="alert" id="add-labels-failures"><div class="alert-items">
              ${this.failures.map((f) => html`<div class="alert-item static"><span class="alert-text">${f}</span></div>`)}
            </div></div>`
          : nothing}
        <p>Add labels to ${which}:</p>
        <div class="clr-input-wrapper berth-filter">
          <cds-icon shape="search" aria-hidden="true"></cds-icon>
          <input class="clr-input" type="search" id="add-labels-filter" placeholder="Filter labels" aria-label="Filter labels"
            .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
        </div>
        ${this.renderLabels()}`,
      footer: html`${cancelButton('add-labels-cancel', () => this.close())}
        ${busyButton('add-labels-ok', 'OK', { disabled: !this.chosen.size, busy: this.saving, onClick: () => void this.apply() })}`,
    });
  }
}
