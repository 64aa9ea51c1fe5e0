// Clarity's modal markup (what clr-modal renders), for the dialogs: a labelled dialog over a
// static backdrop, h3 title, body and footer. The body wrapper keeps a tall form within 70% of
// the window (it scrolls) so the footer's buttons stay on screen. Escape asks the dialog to cancel.
import { html, type TemplateResult } from 'lit';

export interface ModalParts {
  id: string;
  title: string;
  body: TemplateResult;
  footer: TemplateResult;
  onEscape: () => void;
  size?: 'md' | 'lg';
}

export function modal(p: ModalParts): TemplateResult {
  const titleId = `${p.id}-title`;
  const keydown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      p.onEscape();
    }
  };
  return html`<div class="modal" id=${p.id} @keydown=${keydown}>
      <div class="modal-dialog ${p.size === 'lg' ? 'modal-lg' : ''}" role="dialog" aria-modal="true" aria-labelledby=${titleId}>
        <div class="modal-content">
          <div class="modal-header"><h3 class="modal-title" id=${titleId}>${p.title}</h3></div>
          <div class="modal-body-wrapper"><div class="modal-body">${p.body}</div></div>
          <div class="modal-footer">${p.footer}</div>
        </div>
      </div>
    </div>
    <div class="modal-backdrop" aria-hidden="true"></div>`;
}

// Focuses the first field of a dialog once it is drawn.
export function focusFirstField(root: HTMLElement): void {
  const el = root.querySelector<HTMLElement>('.modal-body input:not([disabled]), .modal-body select, .modal-body textarea');
  el?.focus();
}
