// Harbor's ACTION ▾ dropdown of a list page's action bar (Clarity's dropdown markup): items,
// optional section headers ("Set Role") and dividers. Keyboard as a menu button: Enter/Space or
// ArrowDown opens it on the first enabled item, arrows move, Escape closes and returns to the
// button, Tab or a click elsewhere closes it.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LightElement } from './light-element';

export type MenuEntry =
  // ariaLabel: the item's name when its section header gives it meaning ("Set role: Guest").
  | { kind?: 'item'; id?: string; label: string; ariaLabel?: string; disabled?: boolean; run: () => void }
  | { kind: 'header'; label: string }
  | { kind: 'divider' };

@customElement('berth-action-menu')
export class BerthActionMenu extends LightElement {
  @property() label = 'Action';
  // The button's id (Harbor's UI tests use ids such as member-action).
  @property() buttonId = '';
  @property({ type: Boolean }) disabled = false;
  @property({ attribute: false }) entries: MenuEntry[] = [];
  @state() private open = false;

  private readonly onDocClick = (e: Event) => {
    if (!this.contains(e.target as Node)) this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.onDocClick);
  }
  override disconnectedCallback(): void {
    document.removeEventListener('click', this.onDocClick);
    super.disconnectedCallback();
  }

  private items(): HTMLButtonElement[] {
    return [...this.querySelectorAll<HTMLButtonElement>('.dropdown-item:not([disabled])')];
  }

  private async show(focusFirst: boolean): Promise<void> {
    this.open = true;
    await this.updateComplete;
    if (focusFirst) this.items()[0]?.focus();
  }

  private close(refocus: boolean): void {
    this.open = false;
    if (refocus) this.querySelector<HTMLButtonElement>('.dropdown-toggle')?.focus();
  }

  private onToggleKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' && !this.disabled) {
      e.preventDefault();
      void this.show(true);
    }
  }

  private onMenuKey(e: KeyboardEvent): void {
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      // Only the menu closes, not a dialog around the page.
      e.stopPropagation();
      this.close(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (e.key === 'Tab') {
      this.open = false;
    }
  }

  private pick(run: () => void): void {
    this.close(true);
    run();
  }

  private renderEntry(entry: MenuEntry) {
    if (entry.kind === 'header') return html`<h4 class="dropdown-header" aria-hidden="true">${entry.label}</h4>`;
    if (entry.kind === 'divider') return html`<div class="dropdown-divider" role="separator"></div>`;
    return html`<button type="button" class="dropdown-item" role="menuitem" id=${entry.id || nothing}
      aria-label=${entry.ariaLabel || nothing} ?disabled=${!!entry.disabled} @click=${() => this.pick(entry.run)}>${entry.label}</button>`;
  }

  override render() {
    return html`<div class="dropdown berth-action-menu ${this.open ? 'open' : ''}">
      <button type="button" class="btn btn-link btn-sm dropdown-toggle" id=${this.buttonId || nothing}
        aria-haspopup="menu" aria-expanded=${String(this.open)} ?disabled=${this.disabled}
        @click=${() => (this.open ? this.close(false) : void this.show(false))} @keydown=${this.onToggleKey}>
        ${this.label}
        <cds-icon shape="angle" direction="down" aria-hidden="true"></cds-icon>
      </button>
      ${this.open
        ? html`<div class="dropdown-menu" role="menu" aria-label=${this.label} @keydown=${this.onMenuKey}>
            ${this.entries.map((e) => this.renderEntry(e))}
          </div>`
        : nothing}
    </div>`;
  }
}
