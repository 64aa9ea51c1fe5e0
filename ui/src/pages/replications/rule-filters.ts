// The "Source resource filter" rows of the rule dialog: Name, Tag (matching / excluding), Label
// (matching / excluding, global labels) and Resource, only those the source registry supports
// (GET /registries/{id}/info). Each row says what it does, as users asked (Harbor #7428).
import { html, nothing, type TemplateResult } from 'lit';
import { type FilterStyle } from '../../replication';
import { type RuleForm } from './rule-form';
import { appUrl } from '../../app-url';

export interface FilterRowsContext {
  form: RuleForm;
  supported: FilterStyle[];
  labels: string[];
  set: <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => void;
}

// Harbor strips spaces while typing: patterns never contain them.
const noSpaces = (e: Event) => (e.target as HTMLInputElement).value.replace(/\s+/g, '');

function filterRow(id: string, label: string, control: TemplateResult, help: string) {
  return html`<div class="berth-filter-row">
    <label class="berth-filter-label" for=${id}>${label}</label>
    <div class="berth-filter-control">
      ${control}
      <span class="clr-subtext" id="${id}-help">${help}</span>
    </div>
  </div>`;
}

function decorationSelect(id: string, label: string, value: string, onChange: (v: 'matches' | 'excludes') => void) {
  return html`<div class="clr-select-wrapper">
    <select class="clr-select" id=${id} aria-label=${label}
      @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value as 'matches' | 'excludes')}>
      <option value="matches" ?selected=${value === 'matches'}>matching</option>
      <option value="excludes" ?selected=${value === 'excludes'}>excluding</option>
    </select>
  </div>`;
}

function nameRow(c: FilterRowsContext) {
  return filterRow(
    'filter_name',
    'Name:',
    html`<input class="clr-input berth-wide" id="filter_name" type="text" autocomplete="off"
      aria-describedby="filter_name-help" .value=${c.form.nameFilter}
      @input=${(e: Event) => c.set('nameFilter', noSpaces(e))} />`,
    "Repositories to copy. Empty or ** is all; library/** is everything under library; * stops at a /.",
  );
}

function tagRow(c: FilterRowsContext) {
  return filterRow(
    'filter_tag',
    'Tag:',
    html`<div class="berth-inline">
      ${decorationSelect('filter_tag_decoration', 'Tag filter matching or excluding', c.form.tagDecoration, (v) => c.set('tagDecoration', v))}
      <input class="clr-input" id="filter_tag" type="text" autocomplete="off" aria-describedby="filter_tag-help"
        .value=${c.form.tagFilter} @input=${(e: Event) => c.set('tagFilter', noSpaces(e))} />
    </div>`,
    'Tags to copy (or to leave out, with excluding). Empty or ** is all; 1.0* is every tag starting with 1.0.',
  );
}

function toggleLabel(c: FilterRowsContext, name: string, on: boolean) {
  const set = new Set(c.form.labels);
  if (on) set.add(name);
  else set.delete(name);
  c.set('labels', [...set]);
}

function labelRow(c: FilterRowsContext) {
  const list = c.labels.length
    ? html`<div class="berth-label-list" id="labelFilter" role="group" aria-label="Labels">
        ${c.labels.map(
          (name, i) => html`<div class="clr-checkbox-wrapper">
            <input type="checkbox" class="clr-checkbox" id="label-filter-${i}" .checked=${c.form.labels.includes(name)}
              @change=${(e: Event) => toggleLabel(c, name, (e.target as HTMLInputElement).checked)} />
            <label for="label-filter-${i}">${name}</label>
          </div>`,
        )}
      </div>`
    : html`<span id="labelFilter">Please add a label first: <a href=${appUrl('/harbor/labels')}>Labels</a></span>`;
  return filterRow(
    'filter_label_decoration',
    'Label:',
    html`<div class="berth-inline berth-top">
      ${decorationSelect('filter_label_decoration', 'Label filter matching or excluding', c.form.labelDecoration, (v) => c.set('labelDecoration', v))}
      ${list}
    </div>`,
    'Only artifacts that carry every chosen label; with excluding, every artifact but those. None chosen: no label filter.',
  );
}

// Berth's API takes image and artifact for every source; the info lists what the source reports.
function resourceRow(c: FilterRowsContext, style: FilterStyle) {
  const values = [...new Set([...(style.values ?? []), 'image', 'artifact'])];
  return filterRow(
    'select_resource',
    'Resource:',
    html`<div class="clr-select-wrapper">
      <select class="clr-select" id="select_resource" aria-describedby="select_resource-help"
        @change=${(e: Event) => c.set('resource', (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!c.form.resource}>All</option>
        ${values.map((v) => html`<option value=${v} ?selected=${c.form.resource === v}>${v}</option>`)}
      </select>
    </div>`,
    'The kind of resource the tasks record (images, Helm charts and other OCI artifacts are all copied).',
  );
}

export function filterRows(c: FilterRowsContext) {
  const has = (t: string) => c.supported.find((s) => s.type === t);
  const resource = has('resource');
  return html`<div class="berth-filters">
    ${has('name') ? nameRow(c) : nothing}
    ${has('tag') ? tagRow(c) : nothing}
    ${has('label') ? labelRow(c) : nothing}
    ${resource ? resourceRow(c, resource) : nothing}
  </div>`;
}
