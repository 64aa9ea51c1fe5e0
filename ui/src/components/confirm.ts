// Harbor's confirmation dialog ("Confirm Endpoint Deletion" … CANCEL / DELETE): one for every
// destructive action in the portal. `details` adds what the message alone cannot say (which of
// the selected items cannot go, and why); `error` shows a refusal where it happened, in the
// dialog; `busy` shows the action running.
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { alertStrip } from './alert';
import { busyButton } from './form-dialog';
import { modal } from './modal';

export interface ConfirmParts {
  id: string;
  title: string;
  message: string;
  action: string; // the button's label: Delete, Stop, Replicate, …
  danger?: boolean;
  details?: unknown;
  error?: string;
  busy?: boolean;
  disabled?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

// Focus moves into the dialog once, when it opens (keyboard users land on Cancel, the safe choice).
const focused = new WeakSet<Element>();
const focusOnce = ref((el) => {
  if (el && !focused.has(el)) {
    focused.add(el);
    (el as HTMLElement).focus();
  }
});

export function confirmDialog(p: ConfirmParts) {
  return modal({
    id: p.id,
    title: p.title,
    onEscape: p.onCancel,
    body: html`${alertStrip('danger', p.error ?? null, `${p.id}-error`)}<p>${p.message}</p>${p.details ?? nothing}`,
    footer: html`<button type="button" class="btn btn-outline" id="${p.id}-cancel" ${focusOnce} @click=${p.onCancel}>Cancel</button>
      ${busyButton(`${p.id}-ok`, p.action, {
        kind: p.danger === false ? 'primary' : 'danger', disabled: p.disabled, busy: p.busy, onClick: p.onConfirm,
      })}`,
  });
}
