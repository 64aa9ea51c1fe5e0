// Harbor's label form, shown inline above the label list (not a modal): Label Name, Color (the
// palette dropdown and the chosen value), Description, CANCEL / OK. Creates a label of the list's
// scope, or edits the one given. A name already used in the same scope is reported as soon as
// the field is left, and again by Berth on OK (409).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { API, getPage, postJson, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { labelChip } from '../../components/label-chip';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { LABEL_COLORS, textColorFor, type Label } from '../../labels';

@customElement('berth-label-form')
export class BerthLabelForm extends LightElement {
  @property() scope: 'g' | 'p' = 'g';
  @property({ type: Number }) projectId = 0;
  // The label being edited; null for NEW LABEL.
  @property({ attribute: false }) label: Label | null = null;
  @state() private name = '';
  @state() private color = '';
  @state() private description = '';
  @state() private paletteOpen = false;
  @state() private nameTaken = false;
  @state() private saving = false;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.name = this.label?.name ?? '';
    this.color = this.label?.color ?? '';
    this.description = this.label?.description ?? '';
  }

  override firstUpdated(): void {
    this.querySelector<HTMLInputElement>('#name')?.focus();
  }

  private async checkName(): Promise<void> {
    const name = this.name.trim();
    if (!name || name === this.label?.name) return;
    const scope = this.scope === 'p' ? { scope: 'p', project_id: this.projectId } : { scope: 'g' };
    try {
      const page = await getPage<Label>(`${API}/labels` + query({ ...scope, q: `name=${name}`, page_size: 1 }));
      this.nameTaken = page.total > 0 && this.name.trim() === name;
    } catch {
      /* a courtesy check: Berth refuses a duplicate on OK anyway */
    }
  }

  private async save(): Promise<void> {
    const name = this.name.trim();
    if (!name || this.nameTaken || this.saving) return;
    this.saving = true;
    this.error = '';
    const fields = { name, color: this.color, description: this.description };
    try {
      if (this.label) await request('PUT', `${API}/labels/${this.label.id}`, { json: fields });
      else
        await postJson(`${API}/labels`, {
          ...fields, scope: this.scope, ...(this.scope === 'p' ? { project_id: this.projectId } : {}),
        });
      toast('success', this.label ? 'Updated label successfully.' : 'Created label successfully.');
      this.dispatchEvent(new CustomEvent('saved', { bubbles: true }));
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  private renderPalette() {
    return html`<div class="dropdown ${this.paletteOpen ? 'open' : ''} berth-palette"
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), (this.paletteOpen = false))}>
      <button type="button" class="btn btn-outline btn-sm dropdown-toggle" id="label-color-toggle"
        aria-label="Color dropdown" aria-haspopup="true" aria-expanded=${String(this.paletteOpen)}
        @click=${() => (this.paletteOpen = !this.paletteOpen)}>
        <cds-icon shape="angle" direction="down" aria-hidden="true"></cds-icon>
      </button>
      ${this.paletteOpen
        ? html`<div class="dropdown-menu berth-palette-menu" role="group" aria-label="Label colours">
            ${LABEL_COLORS.map(
              (c) => html`<button type="button" class="berth-swatch" data-color=${c} aria-label=${c}
                aria-pressed=${String(this.color.toUpperCase() === c)}
                style=${styleMap({ 'background-color': c, color: textColorFor(c), border: c === '#FFFFFF' ? '1px solid #A1A1A1' : 'none' })}
                @click=${() => ((this.color = c), (this.paletteOpen = false))}>Aa</button>`,
            )}
          </div>`
        : nothing}
    </div>`;
  }

  override render() {
    const nameErr = this.nameTaken ? 'Label name already exists.' : '';
    const preview: Label = { id: 0, name: this.name || 'label', color: this.color, scope: this.scope, description: this.description };
    return html`<form class="clr-form berth-label-form" id="label-form" novalidate
        @submit=${(e: Event) => (e.preventDefault(), this.save())}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.cancel()}>
      ${alertStrip('danger', this.error, 'label-error')}
      <div class="berth-label-fields">
        <div class="clr-form-control">
          <label class="clr-control-label required" for="name">Label Name</label>
          <div class="clr-control-container ${nameErr ? 'clr-error' : ''}">
            <div class="clr-input-wrapper">
              <input class="clr-input" id="name" type="text" required autocomplete="off" maxlength="128"
                .value=${this.name} aria-invalid=${nameErr ? 'true' : 'false'} aria-describedby=${nameErr ? 'name-error' : nothing}
                @input=${(e: Event) => ((this.name = (e.target as HTMLInputElement).value), (this.nameTaken = false))}
                @blur=${this.checkName} />
            </div>
            ${nameErr ? html`<span class="clr-subtext" id="name-error">${nameErr}</span>` : nothing}
          </div>
        </div>
        <div class="clr-form-control">
          <label class="clr-control-label" for="color">Color</label>
          <div class="clr-control-container berth-inline">
            ${this.renderPalette()}
            <div class="clr-input-wrapper">
              <input class="clr-input berth-color-input" id="color" type="text" size="8" readonly .value=${this.color} />
            </div>
            ${labelChip(preview)}
          </div>
        </div>
        <div class="clr-form-control">
          <label class="clr-control-label" for="description">Description</label>
          <div class="clr-control-container">
            <div class="clr-input-wrapper">
              <input class="clr-input" id="description" type="text" maxlength="1024" .value=${this.description}
                @input=${(e: Event) => (this.description = (e.target as HTMLInputElement).value)} />
            </div>
          </div>
        </div>
        <div class="berth-label-buttons">
          <button type="button" class="btn btn-outline btn-sm" id="label-cancel" ?disabled=${this.saving} @click=${this.cancel}>Cancel</button>
          <button type="submit" class="btn btn-primary btn-sm" id="label-ok" ?disabled=${!this.name.trim() || !!nameErr || this.saving}>
            ${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} OK
          </button>
        </div>
      </div>
    </form>`;
  }
}
