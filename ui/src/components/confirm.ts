// Harbor's confirmation dialog ("Confirm Endpoint Deletion" … CANCEL / DELETE): one for every
// destructive action in the portal.
import { html } from 'lit';
import { modal } from './modal';

export interface ConfirmParts {
  id: string;
  title: string;
  message: string;
  action: string; // the button's label: Delete, Stop, Replicate, …
  danger?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

export function confirmDialog(p: ConfirmParts) {
  return modal({
    id: p.id,
    title: p.title,
    onEscape: p.onCancel,
    body: html`<p>${p.message}</p>`,
    footer: html`<button type="button" class="btn btn-outline" @click=${p.onCancel}>Cancel</button>
      <button type="button" class="btn ${p.danger === false ? 'btn-primary' : 'btn-danger'}" id="${p.id}-ok"
        @click=${p.onConfirm}>${p.action}</button>`,
  });
}
