// The datagrid footer Harbor shows: page size 15 / 25 / 50 / 100, "1 - 15 of N items", previous
// and next. Emits `page-change` with {page, pageSize}.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from './light-element';

export const PAGE_SIZES = [15, 25, 50, 100];

@customElement('berth-pager')
export class BerthPager extends LightElement {
  @property({ type: Number }) page = 1;
  @property({ type: Number }) pageSize = 15;
  @property({ type: Number }) total = 0;
  @property() label = 'items';

  private emit(page: number, pageSize = this.pageSize): void {
    this.dispatchEvent(new CustomEvent('page-change', { detail: { page, pageSize }, bubbles: true }));
  }

  override render() {
    const last = Math.max(1, Math.ceil(this.total / this.pageSize));
    const from = this.total === 0 ? 0 : (this.page - 1) * this.pageSize + 1;
    const to = Math.min(this.total, this.page * this.pageSize);
    return html`<div class="berth-pager">
      <label class="berth-pager-size">Page size
        <select class="clr-select" .value=${String(this.pageSize)}
          @change=${(e: Event) => this.emit(1, Number((e.target as HTMLSelectElement).value))}>
          ${PAGE_SIZES.map((n) => html`<option value=${n} ?selected=${n === this.pageSize}>${n}</option>`)}
        </select>
      </label>
      <span class="berth-pager-text">${from} - ${to} of ${this.total} ${this.label}</span>
      <button type="button" class="btn btn-link btn-sm" aria-label="Previous page" ?disabled=${this.page <= 1}
        @click=${() => this.emit(this.page - 1)}><cds-icon shape="angle" direction="left"></cds-icon></button>
      <span>${this.page} / ${last}</span>
      <button type="button" class="btn btn-link btn-sm" aria-label="Next page" ?disabled=${this.page >= last}
        @click=${() => this.emit(this.page + 1)}><cds-icon shape="angle" direction="right"></cds-icon></button>
    </div>`;
  }
}
