// The label list Harbor shows both under Administration › Labels (global labels, scope g) and
// on a project's Labels tab (scope p): Filter Labels, NEW LABEL / EDIT / DELETE, the inline
// label form, and the grid (Label drawn in its colour, Description, Creation Time).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, query, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { filterBox, selectCell } from '../../components/filter-box';
import { labelChip } from '../../components/label-chip';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import type { Label } from '../../labels';
import './label-form';

@customElement('berth-label-list')
export class BerthLabelList extends LightElement {
  @property() scope: 'g' | 'p' = 'g';
  @property({ type: Number }) projectId = 0;
  // Whether the user may create, edit and delete labels here (maintainers and up in a project).
  @property({ type: Boolean }) canManage = true;
  @state() private form: 'new' | 'edit' | null = null;
  @state() private confirmDelete = false;
  private list = new PagedList<Label>(this, {
    url: (page, pageSize, filter) =>
      `${API}/labels` +
      query({
        scope: this.scope,
        project_id: this.scope === 'p' ? this.projectId : undefined,
        name: filter || undefined,
        page,
        page_size: pageSize,
      }),
    key: (l) => l.id,
  });

  private async deleteSelected(): Promise<void> {
    this.confirmDelete = false;
    const failures: string[] = [];
    for (const l of this.list.selectedRows()) {
      try {
        await request('DELETE', `${API}/labels/${l.id}`);
      } catch (e) {
        failures.push(`${l.name}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not delete ' + failures.join('; '));
    else toast('success', 'Deleted labels successfully.');
    this.list.clearSelection();
    void this.list.load();
  }

  private renderForm() {
    if (!this.form) return nothing;
    const editing = this.form === 'edit' ? this.list.selectedRows()[0] : null;
    return html`<berth-label-form .scope=${this.scope} .projectId=${this.projectId} .label=${editing}
      @closed=${() => (this.form = null)}
      @saved=${() => ((this.form = null), void this.list.load())}></berth-label-form>`;
  }

  private renderRow(l: Label) {
    return html`<tr data-name=${l.name}>
      ${selectCell(l.name, this.list.selected.has(l.id), (on) => this.list.toggle(l.id, on))}
      <td class="left">${labelChip(l)}</td>
      <td class="left">${l.description ?? ''}</td>
      <td class="left">${shortDate(l.creation_time)}</td>
    </tr>`;
  }

  override render() {
    const n = this.list.selected.size;
    const names = this.list.selectedRows().map((l) => l.name);
    return html`<div class="berth-page-head berth-list-head">
        <div class="btn-group berth-actions">
          <button type="button" class="btn btn-secondary btn-sm" id="new-label" ?disabled=${!this.canManage}
            @click=${() => (this.form = 'new')}><cds-icon shape="plus" aria-hidden="true"></cds-icon> New Label</button>
          <button type="button" class="btn btn-secondary btn-sm" id="edit-label" ?disabled=${!this.canManage || n !== 1}
            @click=${() => (this.form = 'edit')}><cds-icon shape="pencil" aria-hidden="true"></cds-icon> Edit</button>
          <button type="button" class="btn btn-secondary btn-sm" id="delete-label" ?disabled=${!this.canManage || n === 0}
            @click=${() => (this.confirmDelete = true)}><cds-icon shape="times" aria-hidden="true"></cds-icon> Delete</button>
        </div>
        <div class="berth-toolbar">
          ${filterBox('Filter Labels', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${this.renderForm()}
      ${alertStrip('danger', this.list.error)}
      <table class="table berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Label</th><th class="left">Description</th><th class="left">Creation Time</th>
          </tr>
        </thead>
        <tbody>${this.list.body(4, (l) => this.renderRow(l), "We couldn't find any labels!")}</tbody>
      </table>
      ${this.list.pager()}
      ${this.confirmDelete
        ? confirmDialog({
            id: 'delete-label-confirm',
            title: 'Confirm Label Deletion',
            message: `Do you want to delete ${names.join(', ')}?`,
            action: 'Delete',
            onCancel: () => (this.confirmDelete = false),
            onConfirm: () => void this.deleteSelected(),
          })
        : nothing}`;
  }
}
