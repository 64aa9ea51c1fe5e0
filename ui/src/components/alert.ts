import { html, nothing } from 'lit';

// Clarity's inline alert strip, for an error where it happened (top of a dialog or a page).
export function alertStrip(kind: 'danger' | 'success' | 'info' | 'warning', text: string | null, id = '') {
  if (!text) return nothing;
  const icon = kind === 'success' ? 'check-circle' : kind === 'info' ? 'info-circle' : 'exclamation-circle';
  return html`<div class="alert alert-${kind} alert-sm" id=${id || nothing} role=${kind === 'danger' ? 'alert' : 'status'}>
    <div class="alert-items">
      <div class="alert-item static">
        <div class="alert-icon-wrapper"><cds-icon class="alert-icon" shape=${icon}></cds-icon></div>
        <span class="alert-text">${text}</span>
      </div>
    </div>
  </div>`;
}
