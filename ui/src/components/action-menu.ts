// Harbor's "Actions ▾" button of a grid's action bar (Clarity's dropdown markup): a menu of the
// less common operations on the selected rows. Closes on a pick, on Escape and on a click
// elsewhere; the items are buttons, so Tab and Enter reach them.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LightElement } from './light-element';

export interface MenuItem {
  id: string;
  label: string;
  disabled?: boolean;
  run: () => void;
}
export type MenuEntry = MenuItem | 'divider';

@customElement('berth-action-menu')
export class BerthActionMenu extends LightElement {
  @property() label = 'Actions';
  @property() menuId = '';
  @property({ type: Boolean }) disabled = false;
  @property({ attribute: false }) items: MenuEntry[] = [];
  @state() private open = false;

  private readonly onDocClick = (e: MouseEvent) => {
    if (this.open && !this.contains(e.target as Node)) this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.onDocClick);
  }
  override disconnectedCallback(): void {
    document.removeEventListener('click', this.onDocClick);
    super.disconnectedCallback();
  }

  private toggle(): void {
    this.open = !this.open;
    if (this.open) void this.updateComplete.then(() => this.querySelector<HTMLElement>('.dropdown-item:not([disabled])')?.focus());
  }

  private pick(item: MenuItem): void {
    this.open = false;
    item.run();
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || !this.open) return;
    e.stopPropagation();
    this.open = false;
    this.querySelector<HTMLElement>('.dropdown-toggle')?.focus();
  }

  override render() {
    return html`<div class="dropdown ${this.open ? 'open' : ''}" @keydown=${this.onKeydown}>
      <button type="button" class="dropdown-toggle btn btn-secondary btn-sm" id=${this.menuId || nothing}
        aria-haspopup="menu" aria-expanded=${String(this.open)} ?disabled=${this.disabled} @click=${this.toggle}>
        ${this.label} <cds-icon shape="angle" direction="down" aria-hidden="true"></cds-icon>
      </button>
      ${this.open
        ? html`<div class="dropdown-menu" role="menu">
            ${this.items.map((it) =>
              it === 'divider'
                ? html`<div class="dropdown-divider" role="separator"></div>`
                : html`<button type="button" class="dropdown-item" role="menuitem" id=${it.id}
                    ?disabled=${!!it.disabled} @click=${() => this.pick(it)}>${it.label}</button>`,
            )}
          </div>`
        : nothing}
    </div>`;
  }
}
