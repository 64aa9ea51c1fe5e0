// The artifact filter at the right of the Artifacts tab (harbor-portal.md §2d): a select of
// Type / Tags / Label and, beside it, the value: Type offers IMAGE, CHART, CNAB, WASM; Tags offers
// All / Tagged / Untagged or free text ("Filter Artifacts"); Label a label of the project or a
// global one. It fires `filter-change` with the q= value Harbor's portal sends ('' for none).
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from '../../components/light-element';
import { errorText } from '../../format';
import type { Label } from '../../labels';
import { artifactLabels } from './artifact-label-source';

type Kind = 'type' | 'tags' | 'labels';
const TYPES = ['IMAGE', 'CHART', 'CNAB', 'WASM'];
const TAG_STATES: [string, string][] = [
  ['', 'All'],
  ['*', 'Tagged'],
  ['nil', 'Untagged'],
];

@customElement('berth-artifact-filter')
export class BerthArtifactFilter extends LightElement {
  @property({ type: Number }) projectId = 0;
  @state() private kind: Kind = 'tags';
  @state() private labels: Label[] | null = null;
  @state() private labelError = '';
  private textTimer = 0;

  override disconnectedCallback(): void {
    clearTimeout(this.textTimer);
    super.disconnectedCallback();
  }

  private emit(q: string): void {
    this.dispatchEvent(new CustomEvent('filter-change', { detail: q, bubbles: true }));
  }

  private async setKind(kind: Kind): Promise<void> {
    this.kind = kind;
    this.emit('');
    if (kind === 'labels' && !this.labels) {
      try {
        this.labels = await artifactLabels(this.projectId);
      } catch (e) {
        this.labelError = `Could not load the labels: ${errorText(e)}`;
      }
    }
  }

  // Free text: tags containing it, half a second after the last key (Harbor's tags=~text).
  private onText(e: Event): void {
    const v = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.textTimer);
    this.textTimer = window.setTimeout(() => this.emit(v ? `tags=~${v}` : ''), 500);
  }

  // Keyed by id: switching Type / Tags / Label draws a fresh select that starts at its first option.
  private select(id: string, label: string, options: [string, string][], onChange: (v: string) => void, current = '') {
    return keyed(id, html`<select class="clr-select" id=${id} aria-label=${label}
      @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === current}>${text}</option>`)}
    </select>`);
  }

  private renderValue() {
    if (this.kind === 'type')
      return this.select('artifact-filter-type', 'Artifact type', [['', 'All'], ...TYPES.map((t): [string, string] => [t, t])],
        (v) => this.emit(v ? `type=${v}` : ''));
    if (this.kind === 'labels') {
      if (this.labelError) return html`<span class="berth-inline-error" role="alert">${this.labelError}</span>`;
      if (!this.labels) return html`<span class="spinner spinner-inline" aria-label="Loading labels"></span>`;
      return this.select('artifact-filter-label', 'Label', [['', 'All'], ...this.labels.map((l): [string, string] =>
        [String(l.id), `${l.name}${l.scope === 'g' ? ' (global)' : ''}`])], (v) => this.emit(v ? `labels=(${v})` : ''));
    }
    return html`${this.select('artifact-filter-tags', 'Tags', TAG_STATES, (v) => this.emit(v ? `tags=${v}` : ''))}
      <div class="clr-input-wrapper berth-filter">
        <cds-icon shape="search" aria-hidden="true"></cds-icon>
        <input class="clr-input" type="search" placeholder="Filter Artifacts" aria-label="Filter Artifacts"
          id="artifact-filter-text" @input=${(e: Event) => this.onText(e)} />
      </div>`;
  }

  override render() {
    return html`<div class="berth-artifact-filter">
      ${this.select('artifact-filter-kind', 'Filter by', [['type', 'Type'], ['tags', 'Tags'], ['labels', 'Label']],
        (v) => void this.setKind(v as Kind), this.kind)}
      ${this.renderValue()}
    </div>`;
  }
}
