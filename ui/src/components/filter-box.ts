// The search box and refresh icon at the right of a list page's title, as in Harbor (inside the
// page's .berth-toolbar).
import { html, nothing } from 'lit';

// `id`: the input's DOM id where Harbor's UI tests name it (filter-rules, filter-executions).
export function filterBox(
  placeholder: string,
  value: string,
  onInput: (e: Event) => void,
  onRefresh: () => void,
  id = '',
) {
  return html`<div class="clr-input-wrapper berth-filter">
      <cds-icon shape="search" aria-hidden="true"></cds-icon>
      <input class="clr-input" type="search" placeholder=${placeholder} aria-label=${placeholder} id=${id || nothing}
        .value=${value} @input=${onInput} />
    </div>
    <button type="button" class="btn btn-link btn-icon" aria-label="Refresh" @click=${onRefresh}>
      <cds-icon shape="refresh"></cds-icon>
    </button>`;
}

// A row's selection checkbox cell.
export function selectCell(label: string, checked: boolean, onChange: (on: boolean) => void) {
  return html`<td class="berth-select-cell">
    <input type="checkbox" aria-label="Select ${label}" .checked=${checked}
      @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)} />
  </td>`;
}
