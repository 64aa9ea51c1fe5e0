// Step "Select Project Permissions" of a system robot when it does not cover all projects:
// Harbor's project grid (Project Name, Creation Time, Permissions) with a permission grid per
// chosen project, RESET ALL PROJECT PERMISSIONS (one grid applied to every chosen project and to
// those chosen later) and SELECT ALL / UNSELECT ALL PROJECTS. The projects are paged on the
// server; the choice (project name → access) lives in `value` and survives paging; `projects-change` reports it.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getPage, query } from '../../api';
import { alertStrip } from '../../components/alert';
import { filterBox } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { errorText, shortDate } from '../../format';
import type { Project } from '../../projects';
import type { Access } from '../../robots';
import './permission-grid';

export type ProjectAccess = Record<string, Access[]>;

@customElement('berth-robot-project-picker')
export class BerthRobotProjectPicker extends LightElement {
  @property({ attribute: false }) candidates: Access[] = [];
  @property({ attribute: false }) value: ProjectAccess = {};
  @state() private defaults: Access[] = [];
  @state() private resetOpen = false;
  @state() private expanded = '';
  @state() private selectingAll = false;
  @state() private error = '';
  private list = new PagedList<Project>(this, {
    url: (page, pageSize, filter) => `${API}/projects` + query({ page, page_size: pageSize, name: filter || undefined }),
    key: (p) => p.project_id,
  });

  private emit(value: ProjectAccess): void {
    this.value = value;
    this.dispatchEvent(new CustomEvent<ProjectAccess>('projects-change', { detail: value }));
  }

  private choose(name: string, on: boolean): void {
    const next = { ...this.value };
    if (on) next[name] = next[name] ?? [...this.defaults];
    else delete next[name];
    this.emit(next);
  }

  private resetAll(access: Access[]): void {
    this.defaults = access;
    const next: ProjectAccess = {};
    for (const name of Object.keys(this.value)) next[name] = [...access];
    this.emit(next);
  }

  // Every project, not only this page: the names come 100 at a time.
  private async selectAll(): Promise<void> {
    this.selectingAll = true;
    this.error = '';
    try {
      const next = { ...this.value };
      for (let page = 1; ; page++) {
        const res = await getPage<Project>(`${API}/projects` + query({ page, page_size: 100 }));
        for (const p of res.items) next[p.name] = next[p.name] ?? [...this.defaults];
        if (res.items.length < 100 || page * 100 >= res.total) break;
      }
      this.emit(next);
    } catch (e) {
      this.error = 'Could not list the projects: ' + errorText(e);
    } finally {
      this.selectingAll = false;
    }
  }

  private renderRow(p: Project) {
    const chosen = this.value[p.name];
    const open = this.expanded === p.name && !!chosen;
    return html`<tr data-name=${p.name}>
        <td class="berth-select-cell">
          <input type="checkbox" aria-label="Select ${p.name}" .checked=${!!chosen}
            @change=${(e: Event) => this.choose(p.name, (e.target as HTMLInputElement).checked)} />
        </td>
        <td class="left">${p.name}</td>
        <td class="left">${shortDate(p.creation_time)}</td>
        <td class="left">
          <button type="button" class="btn btn-link btn-sm berth-perm-toggle" ?disabled=${!chosen}
            aria-expanded=${String(open)} @click=${() => (this.expanded = open ? '' : p.name)}>
            ${chosen?.length ?? 0} PERMISSION(S)
            <cds-icon shape="angle" direction=${open ? 'up' : 'down'} aria-hidden="true"></cds-icon>
          </button>
        </td>
      </tr>
      ${open
        ? html`<tr class="berth-perm-row"><td colspan="4">
            <berth-permission-grid .gridId=${`perm-${p.name}`} .candidates=${this.candidates} .value=${chosen}
              @access-change=${(e: CustomEvent<Access[]>) => this.emit({ ...this.value, [p.name]: e.detail })}></berth-permission-grid>
          </td></tr>`
        : nothing}`;
  }

  override render() {
    const anyChosen = Object.keys(this.value).length > 0;
    return html`<div class="berth-page-head">
        <div class="btn-group">
          <button type="button" class="btn btn-secondary btn-sm" id="reset-all-permissions" aria-expanded=${String(this.resetOpen)}
            @click=${() => (this.resetOpen = !this.resetOpen)}>Reset all project permissions
            <cds-icon shape="angle" direction=${this.resetOpen ? 'up' : 'down'} aria-hidden="true"></cds-icon></button>
          <button type="button" class="btn btn-secondary btn-sm" id="select-all-projects" ?disabled=${this.selectingAll}
            @click=${() => (anyChosen ? this.emit({}) : this.selectAll())}>
            ${anyChosen ? 'Unselect all projects' : 'Select all projects'}</button>
        </div>
        <div class="berth-toolbar">
          ${filterBox('Filter Projects', this.list.filter, this.list.onFilterInput, () => this.list.load())}
        </div>
      </div>
      ${this.resetOpen
        ? html`<div class="berth-reset-panel">
            <p class="berth-hint">These permissions replace those of every chosen project, and are given to projects chosen next.</p>
            <berth-permission-grid gridId="perm-all" .candidates=${this.candidates} .value=${this.defaults}
              @access-change=${(e: CustomEvent<Access[]>) => this.resetAll(e.detail)}></berth-permission-grid>
          </div>`
        : nothing}
      ${alertStrip('danger', this.error || this.list.error)}
      <table class="table table-compact berth-grid" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr>
            <th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Project Name</th><th class="left">Creation Time</th><th class="left">Permissions</th>
          </tr>
        </thead>
        <tbody>${this.list.body(4, (p) => this.renderRow(p), "We couldn't find any projects!")}</tbody>
      </table>
      ${this.list.pager()}`;
  }
}
