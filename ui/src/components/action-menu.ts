// Harbor's "ACTION ▾" dropdown of a list's action bar (the less common operations on the selected
// rows): Clarity's dropdown markup, closed by Escape, by a click elsewhere, or by choosing an
// item. Opening it focuses the first item; items are buttons, so Tab and Enter reach them, and
// the arrow keys move between them as in a menu (ArrowDown on the button opens it).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { OutsideClick } from './outside-click';
import { LightElement } from './light-element';

export interface ActionItem {
  id: string;
  label: string;
  icon?: string;
  disabled?: boolean;
  // Why the item is disabled, read out and shown as a tooltip.
  reason?: string;
  divider?: boolean; // a line above the item
  header?: string; // a section title above the item (Members' "Set Role")
  // The item's name when its section gives it meaning ("Set role: Guest").
  ariaLabel?: string;
  run: () => void;
}

@customElement('berth-action-menu')
export class BerthActionMenu extends LightElement {
  @property() label = 'Action';
  @property() triggerId = '';
  @property({ type: Boolean }) disabled = false;
  @property({ attribute: false }) items: ActionItem[] = [];
  @state() private open = false;

  // Closes when the user clicks elsewhere.
  protected readonly outside = new OutsideClick(this, (t) => {
    if (this.open && !this.contains(t)) this.open = false;
  });


  private toggle(): void {
    this.open = !this.open;
    if (this.open)
      void this.updateComplete.then(() => this.querySelector<HTMLElement>('.dropdown-item:not([disabled])')?.focus());
  }

  private choose(item: ActionItem): void {
    this.open = false;
    this.querySelector<HTMLButtonElement>('.dropdown-toggle')?.focus();
    item.run();
  }

  private keydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.open) {
      e.stopPropagation();
      this.open = false;
      this.querySelector<HTMLButtonElement>('.dropdown-toggle')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.open) {
        if (e.key === 'ArrowDown' && !this.disabled) this.toggle();
        return;
      }
      const items = [...this.querySelectorAll<HTMLButtonElement>('.dropdown-item:not([disabled])')];
      const at = items.indexOf(document.activeElement as HTMLButtonElement);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  }

  override render() {
    return html`<div class="dropdown ${this.open ? 'open' : ''}" @keydown=${this.keydown}>
      <button type="button" class="btn btn-secondary btn-sm dropdown-toggle" id=${this.triggerId || nothing}
        aria-haspopup="menu" aria-expanded=${String(this.open)} ?disabled=${this.disabled} @click=${this.toggle}>
        ${this.label} <cds-icon shape="angle" direction="down" aria-hidden="true"></cds-icon>
      </button>
      ${this.open
        ? html`<div class="dropdown-menu" role="menu">
            ${this.items.map(
              (item) => html`${item.divider ? html`<div class="dropdown-divider" role="separator"></div>` : nothing}
                ${item.header ? html`<h4 class="dropdown-header" aria-hidden="true">${item.header}</h4>` : nothing}
                <button type="button" class="dropdown-item" role="menuitem" id=${item.id} ?disabled=${item.disabled}
                  aria-label=${item.ariaLabel || nothing}
                  title=${item.disabled && item.reason ? item.reason : nothing} @click=${() => this.choose(item)}>
                  ${item.icon ? html`<cds-icon shape=${item.icon} aria-hidden="true"></cds-icon>` : nothing}
                  ${item.label}
                </button>`,
            )}
          </div>`
        : nothing}
    </div>`;
  }
}
