// The repository's Tags view (harbor-portal.md §4.4: Harbor has no tag-centric view and no sort
// by tag): one row per tag with its artifact's digest (a link to the artifact page), size, push
// and pull times and the tag's pull command, sorted by Tag, Push Time or Pull Time and filtered by tag name
// on the server. Berth's GET .../repositories/{repo}/tags answers each row whole.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { query } from '../../api';
import {
  artifactPath,
  everHappened,
  pullByTag,
  registryHostName,
  repoApi,
  shortDigest,
  sizeText,
  type Tag,
} from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { filterBox } from '../../components/filter-box';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { shortDate } from '../../format';
import { type Project } from '../../projects';
import { appUrl } from '../../app-url';
import { copyCommand } from './pull-command';
import { sortHeader, type Sort } from './sort-header';

// A tag of the repository-wide list: Harbor's Tag plus its artifact's digest and size.
export interface RepositoryTag extends Tag {
  artifact_id: number;
  digest: string;
  size: number;
}

@customElement('berth-tag-list')
export class BerthTagList extends LightElement {
  @property({ attribute: false }) project!: Project;
  @property() repo = '';
  @state() private host = '';
  @state() private sort: Sort = { field: 'name', desc: false };

  private list = new PagedList<RepositoryTag>(this, {
    url: (page, pageSize, filter) =>
      `${repoApi(this.project.name, this.repo)}/tags` +
      query({
        page,
        page_size: pageSize,
        q: filter ? `name=~${filter}` : undefined,
        sort: (this.sort.desc ? '-' : '') + this.sort.field,
      }),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    void registryHostName().then((h) => (this.host = h));
  }

  private get fullName(): string {
    return `${this.project.name}/${this.repo}`;
  }

  private renderRow(t: RepositoryTag) {
    const command = pullByTag(this.host, this.fullName, t.name);
    return html`<tr data-tag=${t.name}>
      <td class="left berth-tag-name">${t.name}</td>
      <td>
        <button type="button" class="btn btn-link btn-icon btn-sm" aria-label="Copy the pull command of ${t.name}"
          title=${command} @click=${() => void copyCommand(command)}><cds-icon shape="copy"></cds-icon></button>
      </td>
      <td class="left">
        <a class="berth-digest" href=${appUrl(artifactPath(this.project.project_id, this.repo, t.digest))}>${shortDigest(t.digest)}</a>
      </td>
      <td>${sizeText(t.size)}</td>
      <td>${shortDate(t.push_time)}</td>
      <td>${everHappened(t.pull_time) ? shortDate(t.pull_time) : ''}</td>
    </tr>`;
  }

  override render() {
    const list = this.list;
    const sortable = (label: string, field: string, cls = '') =>
      sortHeader(label, field, this.sort, (s) => ((this.sort = s), list.reloadFromFirstPage()), cls);
    return html`<div class="berth-page-head berth-subhead">
        <span></span>
        <div class="berth-toolbar">
          ${filterBox('Filter Tags', list.filter, list.onFilterInput, () => void list.load(), 'filter-tags')}
        </div>
      </div>
      ${alertStrip('danger', list.error)}
      <table class="table berth-grid" id="tag-list" aria-busy=${String(list.loading)}>
        <thead>
          <tr>
            ${sortable('Tag', 'name', 'left')}<th>Pull Command</th><th class="left">Digest</th><th>Size</th>
            ${sortable('Push Time', 'push_time')}${sortable('Pull Time', 'pull_time')}
          </tr>
        </thead>
        <tbody>
          ${list.body(6, (t) => this.renderRow(t), "We couldn't find any tags!")}
        </tbody>
      </table>
      ${list.pager('tags')}`;
  }
}
