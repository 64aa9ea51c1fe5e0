// An artifact label drawn in its colour, with black or white text, whichever reads better on it
// (Harbor's palette has both light and dark colours).
import { html } from 'lit';
import { type Label } from '../../artifacts';

function textColour(bg: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(bg);
  if (!m) return '';
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.18 ? '#000' : '#fff';
}

export function labelChip(l: Label) {
  const fg = l.color ? textColour(l.color) : '';
  const style = l.color && fg ? `background:${l.color};color:${fg};border-color:${l.color}` : '';
  return html`<span class="label berth-label-chip" style=${style} title=${l.description ?? ''}>${l.name}</span>`;
}
