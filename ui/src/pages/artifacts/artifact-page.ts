// The artifact page (.../artifacts-tab[/depth/<digests>]/artifacts/<digest>), in Harbor's order:
// breadcrumb "< Projects < project < repo", the short digest as title, Tags, Overview, then the
// Additions tabs: Vulnerabilities, Build History, Layers (Berth), Accessories.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson } from '../../api';
import { everHappened, getArtifact, shortDigest, sizeText, type Artifact } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { errorText, shortDate } from '../../format';
import { NO_PERMISSIONS, projectPermissions, type Permissions } from '../../permissions';
import { type Project } from '../../projects';
import './artifact-accessories';
import './artifact-layers';
import './artifact-tags';
import './artifact-vulnerabilities';
import './build-history';
import { labelChip } from '../../components/label-chip';
import { artifactsBreadcrumb } from './breadcrumb';
import { appUrl } from '../../app-url';

type Addition = 'vulnerability' | 'build-history' | 'layers' | 'accessories';

@customElement('berth-artifact-page')
export class BerthArtifactPage extends LightElement {
  @property({ type: Number }) projectId = 0;
  @property() repo = '';
  @property() depth = '';
  @property() digest = '';
  @state() private project: Project | null = null;
  @state() private artifact: Artifact | null = null;
  @state() private perms: Permissions = NO_PERMISSIONS;
  @state() private error = '';
  @state() private addition: Addition | '' = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId') || changed.has('repo') || changed.has('digest')) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    this.artifact = null;
    try {
      const [project, perms] = await Promise.all([
        getJson<Project>(`${API}/projects/${this.projectId}`),
        projectPermissions(this.projectId),
      ]);
      this.project = project;
      this.perms = perms;
      this.artifact = await getArtifact(project.name, this.repo, this.digest);
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private overview(a: Artifact) {
    const attrs = a.extra_attrs ?? {};
    const rows: [string, unknown][] = [
      ['Digest', a.digest],
      ['Type', a.type],
      ['Media Type', a.media_type],
      ['Manifest Media Type', a.manifest_media_type],
      ['Size', sizeText(a.size)],
      ['Creation Time', attrs.created ? shortDate(String(attrs.created)) : ''],
      ['Author', attrs.author],
      ['Architecture', attrs.architecture],
      ['OS', attrs.os],
      ['Push Time', shortDate(a.push_time)],
      ['Pull Time', everHappened(a.pull_time) ? shortDate(a.pull_time) : ''],
    ];
    const annotations = Object.entries(a.annotations ?? {});
    return html`<h4 class="berth-section-title">Overview</h4>
      <dl class="berth-properties" id="artifact-overview">
        ${rows
          .filter(([, v]) => v !== undefined && v !== null && v !== '')
          .map(([k, v]) => html`<dt>${k}</dt><dd data-key=${k}>${String(v)}</dd>`)}
        ${a.labels?.length ? html`<dt>Labels</dt><dd>${a.labels.map(labelChip)}</dd>` : nothing}
        ${annotations.length
          ? html`<dt>Annotations</dt>
              <dd><dl class="berth-properties berth-nested">
                ${annotations.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
              </dl></dd>`
          : nothing}
        ${attrs.config && Object.keys(attrs.config as object).length
          ? html`<dt>Config</dt><dd><pre class="berth-config">${JSON.stringify(attrs.config, null, 2)}</pre></dd>`
          : nothing}
      </dl>`;
  }

  private additions(a: Artifact, p: Project) {
    const links = a.addition_links ?? {};
    const tabs: [Addition, string, boolean][] = [
      ['vulnerability', 'Vulnerabilities', !!links.vulnerabilities],
      ['build-history', 'Build History', !!links.build_history],
      ['layers', 'Layers', !!links.layers],
      ['accessories', 'Accessories', this.perms.can('accessory', 'list')],
    ];
    const shown = tabs.filter(([, , on]) => on);
    if (!shown.length) return nothing;
    const current = shown.find(([k]) => k === this.addition)?.[0] ?? shown[0][0];
    return html`<h4 class="berth-section-title">Additions</h4>
      <ul class="nav" role="tablist" aria-label="Additions">
        ${shown.map(
          ([k, label]) => html`<li class="nav-item" role="presentation">
            <button type="button" class="btn btn-link nav-link ${k === current ? 'active' : ''}" role="tab" id=${k}
              aria-selected=${String(k === current)} @click=${() => (this.addition = k)}>${label}</button>
          </li>`,
        )}
      </ul>
      <section class="berth-tab-body" role="tabpanel" aria-labelledby=${current}>
        ${this.additionBody(current, a, p)}
      </section>`;
  }

  private additionBody(which: Addition, a: Artifact, p: Project) {
    switch (which) {
      case 'vulnerability':
        return html`<berth-artifact-vulnerabilities .project=${p} .repo=${this.repo} .artifact=${a} .perms=${this.perms}
          @artifact-changed=${(e: CustomEvent<Artifact>) => (this.artifact = e.detail)}></berth-artifact-vulnerabilities>`;
      case 'build-history':
        return html`<berth-build-history .href=${a.addition_links?.build_history?.href ?? ''}></berth-build-history>`;
      case 'layers':
        return html`<berth-artifact-layers .href=${a.addition_links?.layers?.href ?? ''}></berth-artifact-layers>`;
      default:
        return html`<berth-artifact-accessories .project=${p} .repo=${this.repo} .digest=${a.digest}></berth-artifact-accessories>`;
    }
  }

  override render() {
    const p = this.project;
    if (this.error)
      return html`${p ? artifactsBreadcrumb(p, this.repo, this.depth, true) : html`<a href=${appUrl('/harbor/projects')}>&lt; Projects</a>`}${alertStrip('danger', this.error)}`;
    const a = this.artifact;
    if (!p || !a) return html`<p class="berth-empty" aria-busy="true">Loading…</p>`;
    return html`${artifactsBreadcrumb(p, this.repo, this.depth, true)}
      <h2 class="berth-artifact-title">
        ${a.references?.length ? html`<cds-icon shape="folder" aria-hidden="true"></cds-icon>` : nothing}
        <span title=${a.digest}>${shortDigest(a.digest)}</span>
      </h2>
      <berth-artifact-tags .project=${p} .repo=${this.repo} .artifact=${a} .perms=${this.perms}></berth-artifact-tags>
      ${this.overview(a)}
      ${this.additions(a, p)}`;
  }
}
