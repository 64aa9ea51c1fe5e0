// Rows with accessories (signatures, SBOMs) expand to a sub-table, as in Harbor's artifact grid.
// AccessoryRows asks, once per digest on screen, how many accessories refer to it (a request of
// one item: X-Total-Count says it) and remembers which rows the user opened.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { getPage, query } from '../../api';
import { artifactApi, shortDigest, type Accessory } from '../../artifacts';
import { type Project } from '../../projects';
import './artifact-accessories';

export class AccessoryRows implements ReactiveController {
  private counts = new Map<string, number>();
  private open = new Set<string>();
  private place = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly where: () => { project: Project; repo: string },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  count(digest: string): number {
    return this.counts.get(digest) ?? 0;
  }

  // Counts for the digests not asked yet; a failure counts as none (the row just does not expand).
  fetch(digests: string[]): void {
    const { project, repo } = this.where();
    const place = `${project.name}/${repo}`;
    if (place !== this.place) {
      this.place = place;
      this.counts.clear();
      this.open.clear();
    }
    for (const d of digests) {
      if (this.counts.has(d)) continue;
      this.counts.set(d, 0);
      getPage<Accessory>(`${artifactApi(project.name, repo, d)}/accessories` + query({ page: 1, page_size: 1 }))
        .then((p) => {
          if (p.total) {
            this.counts.set(d, p.total);
            this.host.requestUpdate();
          }
        })
        .catch(() => undefined);
    }
  }

  // The caret before a digest that opens its accessories; nothing for rows without any.
  toggle(digest: string) {
    if (!this.count(digest)) return html`<span class="berth-expand-spacer"></span>`;
    const open = this.open.has(digest);
    return html`<button type="button" class="btn btn-link btn-icon berth-expand" aria-expanded=${String(open)}
      aria-label="${open ? 'Hide' : 'Show'} the ${this.count(digest)} accessories of ${shortDigest(digest)}"
      @click=${() => {
        if (open) this.open.delete(digest);
        else this.open.add(digest);
        this.host.requestUpdate();
      }}><cds-icon shape="angle" direction=${open ? 'down' : 'right'}></cds-icon></button>`;
  }

  // The sub-table row under an open artifact row.
  subRow(digest: string, columns: number) {
    if (!this.open.has(digest) || !this.count(digest)) return nothing;
    const { project, repo } = this.where();
    return html`<tr class="berth-accessory-row" data-subject=${digest}>
      <td colspan=${columns}><berth-artifact-accessories .project=${project} .repo=${repo} .digest=${digest}></berth-artifact-accessories></td>
    </tr>`;
  }
}
