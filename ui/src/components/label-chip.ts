// A label drawn as Harbor draws it: a chip in the label's colour (white when it has none) with
// readable text, an icon for its scope (global: administrator, project: organization), and the
// description as its title.
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { textColorFor, type Label } from '../labels';

export function labelChip(l: Label) {
  const bg = (l.color || '#FFFFFF').toUpperCase();
  const style = {
    'background-color': bg,
    color: textColorFor(bg),
    border: bg === '#FFFFFF' ? '1px solid #A1A1A1' : 'none',
  };
  return html`<span class="label berth-label-chip" style=${styleMap(style)} title=${l.description || l.name}>
    <cds-icon shape=${l.scope === 'p' ? 'organization' : 'administrator'} size="12" aria-hidden="true"></cds-icon>
    <span class="berth-label-name">${l.name}</span>
  </span>`;
}
