// A sortable column header as Clarity's datagrid draws it: the label is a button, a click sorts
// ascending, the next descending (sent as sort=field / sort=-field), and aria-sort says which.
import { html } from 'lit';

export interface Sort {
  field: string;
  desc: boolean;
}

export function sortHeader(label: string, field: string, sort: Sort, onSort: (s: Sort) => void, cls = '') {
  const active = sort.field === field;
  const next = { field, desc: active ? !sort.desc : false };
  return html`<th class=${cls} aria-sort=${active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
    <button type="button" class="btn btn-link btn-sm berth-sort" @click=${() => onSort(next)}>
      ${label}
      ${active ? html`<cds-icon shape="arrow" direction=${sort.desc ? 'down' : 'up'} size="12" aria-hidden="true"></cds-icon>` : ''}
    </button>
  </th>`;
}
