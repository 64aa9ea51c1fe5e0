// The Accessories tab: what refers to this artifact (signatures, SBOMs, other OCI referrers), as
// Harbor's accessories API lists them, paged on the server; each links to its own artifact page.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { query } from '../../api';
import { artifactApi, artifactPath, shortDigest, sizeText, type Accessory } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { PagedList } from '../../components/paged-list';
import { shortDate } from '../../format';
import { type Project } from '../../projects';
import { appUrl } from '../../app-url';

const TYPE_NAMES: Record<string, string> = {
  'signature.cosign': 'Signature (Cosign)',
  'signature.notation': 'Signature (Notation)',
  'sbom.harbor': 'SBOM',
  'subject.accessory': 'Referrer',
};

@customElement('berth-artifact-accessories')
export class BerthArtifactAccessories extends LightElement {
  @property({ attribute: false }) project!: Project;
  @property() repo = '';
  @property() digest = '';
  private list = new PagedList<Accessory>(this, {
    url: (page, pageSize) =>
      `${artifactApi(this.project.name, this.repo, this.digest)}/accessories` + query({ page, page_size: pageSize }),
  });

  override render() {
    return html`${alertStrip('danger', this.list.error)}
      <table class="table berth-grid" id="artifact-accessories" aria-busy=${String(this.list.loading)}>
        <thead><tr><th class="left">Artifacts</th><th class="left">Type</th><th>Size</th><th>Creation Time</th></tr></thead>
        <tbody>
          ${this.list.body(
            4,
            (a) => html`<tr data-digest=${a.digest} data-type=${a.type}>
              <td class="left"><a href=${appUrl(artifactPath(this.project.project_id, this.repo, a.digest))}>${shortDigest(a.digest)}</a></td>
              <td class="left">${TYPE_NAMES[a.type] ?? a.type}</td>
              <td>${sizeText(a.size)}</td>
              <td>${shortDate(a.creation_time)}</td>
            </tr>`,
            'No signatures, SBOMs or other accessories refer to this artifact.',
          )}
        </tbody>
      </table>
      ${this.list.pager()}`;
  }
}
