// The artifact page's Tags (Harbor's artifact-tag grid): Name with its pull command, Pull Time,
// Push Time; ADD TAG (an inline Name field, Harbor's tag rule, "Tag already exists under the
// repository") and REMOVE TAG with confirmation. Proxy-cache projects cannot take new tags.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, postJson, query, request } from '../../api';
import { artifactApi, everHappened, pullByTag, registryHostName, type Artifact, type Tag } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { confirmDialog } from '../../components/confirm';
import { selectCell } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { toast } from '../../components/toasts';
import { errorText, shortDate } from '../../format';
import { NO_PERMISSIONS, type Permissions } from '../../permissions';
import { isProxyCache, type Project } from '../../projects';
import { copyCommand } from './pull-command';

const TAG_RULE = /^[\w][\w.-]{0,127}$/;
const TAG_RULE_TEXT =
  'A tag is a label applied to a Docker image in a repository. It needs to match [\\w][\\w.-]{0,127}.';

@customElement('berth-artifact-tags')
export class BerthArtifactTags extends LightElement {
  @property({ attribute: false }) project!: Project;
  @property() repo = '';
  @property({ attribute: false }) artifact!: Artifact;
  @property({ attribute: false }) perms: Permissions = NO_PERMISSIONS;
  @state() private host = '';
  @state() private adding = false;
  @state() private newName = '';
  @state() private nameExists = false;
  @state() private saving = false;
  @state() private formError = '';
  @state() private confirmRemove = false;
  private list = new PagedList<Tag>(this, {
    url: (page, pageSize) =>
      `${artifactApi(this.project.name, this.repo, this.artifact.digest)}/tags` + query({ page, page_size: pageSize }),
    key: (t) => t.name,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    void registryHostName().then((h) => (this.host = h));
  }

  private get nameError(): string {
    if (this.nameExists) return 'Tag already exists under the repository';
    if (this.newName && !TAG_RULE.test(this.newName)) return TAG_RULE_TEXT;
    return '';
  }

  private async addTag(e?: Event): Promise<void> {
    e?.preventDefault();
    if (!this.newName || this.nameError || this.saving) return;
    this.saving = true;
    this.formError = '';
    try {
      await postJson(`${artifactApi(this.project.name, this.repo, this.artifact.digest)}/tags`, { name: this.newName });
      toast('success', `Added tag ${this.newName}.`);
      this.adding = false;
      this.newName = '';
      void this.list.load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) this.nameExists = true;
      else this.formError = errorText(err);
    } finally {
      this.saving = false;
    }
  }

  private async removeSelected(): Promise<void> {
    this.confirmRemove = false;
    const failures: string[] = [];
    for (const t of this.list.selectedRows()) {
      try {
        await request('DELETE', `${artifactApi(this.project.name, this.repo, this.artifact.digest)}/tags/${encodeURIComponent(t.name)}`);
      } catch (e) {
        failures.push(`${t.name}: ${errorText(e)}`);
      }
    }
    if (failures.length) toast('danger', 'Could not delete ' + failures.join('; '));
    else toast('success', 'Deleted successfully.');
    this.list.clearSelection();
    void this.list.load();
  }

  private renderForm() {
    const err = this.nameError;
    return html`<form class="clr-form clr-form-horizontal berth-tag-form" novalidate @submit=${this.addTag}>
      ${alertStrip('danger', this.formError)}
      <div class="clr-form-control clr-row">
        <label class="clr-control-label clr-col-12 clr-col-md-2 required" for="name">Name</label>
        <div class="clr-control-container clr-col-12 clr-col-md-10 ${err ? 'clr-error' : ''}">
          <div class="berth-inline">
            <div class="clr-input-wrapper">
              <input class="clr-input" id="name" type="text" size="20" autocomplete="off" required
                aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? 'name-error' : nothing}
                .value=${this.newName}
                @input=${(e: Event) => ((this.newName = (e.target as HTMLInputElement).value.trim()), (this.nameExists = false))} />
            </div>
            <button type="button" class="btn btn-sm btn-outline" @click=${() => ((this.adding = false), (this.newName = ''))}>Cancel</button>
            <button type="submit" class="btn btn-sm btn-primary" id="add-ok" ?disabled=${!this.newName || !!err || this.saving}>OK</button>
          </div>
          ${err ? html`<span class="clr-subtext" id="name-error">${err}</span>` : nothing}
        </div>
      </div>
    </form>`;
  }

  private renderRow(t: Tag) {
    const cmd = pullByTag(this.host, `${this.project.name}/${this.repo}`, t.name);
    return html`<tr data-tag=${t.name}>
      ${selectCell(t.name, this.list.selected.has(t.name), (on) => this.list.toggle(t.name, on))}
      <td class="left">
        ${t.name}
        ${t.immutable ? html`<span class="label label-info">Immutable</span>` : nothing}
        <button type="button" class="btn btn-link btn-icon btn-sm" aria-label="Copy ${cmd}" title=${cmd}
          @click=${() => void copyCommand(cmd)}><cds-icon shape="copy"></cds-icon></button>
      </td>
      <td>${everHappened(t.pull_time) ? shortDate(t.pull_time) : ''}</td>
      <td>${shortDate(t.push_time)}</td>
    </tr>`;
  }

  override render() {
    const canAdd = this.perms.can('tag', 'create');
    const canRemove = this.perms.can('tag', 'delete') && this.list.selected.size > 0;
    const names = this.list.selectedRows().map((t) => t.name);
    return html`<h4 class="berth-section-title">Tags</h4>
      <div class="btn-group berth-actions">
        ${isProxyCache(this.project)
          ? nothing
          : html`<button type="button" class="btn btn-secondary btn-sm" id="new-tag" ?disabled=${!canAdd}
              @click=${() => (this.adding = true)}><cds-icon shape="plus" aria-hidden="true"></cds-icon> Add Tag</button>`}
        <button type="button" class="btn btn-secondary btn-sm" id="delete-tag" ?disabled=${!canRemove}
          @click=${() => (this.confirmRemove = true)}><cds-icon shape="trash" aria-hidden="true"></cds-icon> Remove Tag</button>
      </div>
      ${this.adding ? this.renderForm() : nothing}
      ${alertStrip('danger', this.list.error)}
      <table class="table berth-grid" id="artifact-tags" aria-busy=${String(this.list.loading)}>
        <thead>
          <tr><th class="berth-select-cell"><span class="clr-sr-only">Select</span></th>
            <th class="left">Name</th><th>Pull Time</th><th>Push Time</th></tr>
        </thead>
        <tbody>${this.list.body(4, (t) => this.renderRow(t), "We couldn't find any tags!")}</tbody>
      </table>
      ${this.list.pager()}
      ${this.confirmRemove
        ? confirmDialog({
            id: 'delete-tag-confirm',
            title: 'Confirm Tag Deletion',
            message: `Do you want to delete tag ${names.join(', ')}?`,
            action: 'Delete',
            onCancel: () => (this.confirmRemove = false),
            onConfirm: () => void this.removeSelected(),
          })
        : nothing}`;
  }
}
