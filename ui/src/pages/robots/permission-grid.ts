// Harbor's robot permission grid: one row per resource, one column per action, a checkbox
// where the resource has that action in the catalogue, and Select all / Unselect all. Read-only
// when showing a robot's grants. Emits `access-change` with the new access list (not `change`:
// the checkboxes' own change events bubble through this element).
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from '../../components/light-element';
import { actionName, resourceName, sameAccess, type Access } from '../../robots';

@customElement('berth-permission-grid')
export class BerthPermissionGrid extends LightElement {
  // What may be granted (rows and columns come from it, sorted as Harbor sorts them).
  @property({ attribute: false }) candidates: Access[] = [];
  @property({ attribute: false }) value: Access[] = [];
  @property({ type: Boolean }) readonly = false;
  // Distinguishes the checkboxes of several grids on one screen.
  @property() gridId = 'perm';

  private has(a: Access): boolean {
    return this.value.some((v) => sameAccess(v, a));
  }

  private emit(value: Access[]): void {
    this.value = value;
    this.dispatchEvent(new CustomEvent<Access[]>('access-change', { detail: value, bubbles: false }));
  }

  private set(a: Access, on: boolean): void {
    const rest = this.value.filter((v) => !sameAccess(v, a));
    this.emit(on ? [...rest, { resource: a.resource, action: a.action }] : rest);
  }

  private allSelected(): boolean {
    return this.candidates.length > 0 && this.candidates.every((c) => this.has(c));
  }

  override render() {
    const resources = [...new Set(this.candidates.map((c) => c.resource))].sort();
    const actions = [...new Set(this.candidates.map((c) => c.action))].sort();
    const all = this.allSelected();
    return html`${this.readonly
        ? nothing
        : html`<button type="button" class="btn btn-outline btn-sm" id="${this.gridId}-select-all"
            @click=${() => this.emit(all ? [] : this.candidates.map((c) => ({ resource: c.resource, action: c.action })))}>
            ${all ? 'Unselect all' : 'Select all'}</button>`}
      <table class="table table-compact berth-perm-grid" id=${this.gridId}>
        <thead>
          <tr><th class="left">Resource</th>${actions.map((a) => html`<th>${actionName(a)}</th>`)}</tr>
        </thead>
        <tbody>
          ${resources.map(
            (r) => html`<tr>
              <th scope="row" class="left">${resourceName(r)}</th>
              ${actions.map((action) => {
                const a = { resource: r, action };
                if (!this.candidates.some((c) => sameAccess(c, a))) return html`<td></td>`;
                return html`<td><input type="checkbox" data-perm="${r}:${action}" ?disabled=${this.readonly}
                  aria-label="${resourceName(r)}: ${actionName(action)}" .checked=${this.has(a)}
                  @change=${(e: Event) => this.set(a, (e.target as HTMLInputElement).checked)} /></td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>`;
  }
}
