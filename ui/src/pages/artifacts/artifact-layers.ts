// The Layers tab (Berth's addition `layers`): the image's layers in order, each with its digest,
// size, media type and the build step that made it (from the image config's history).
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getJson } from '../../api';
import { shortDigest, sizeText } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { errorText } from '../../format';
import { command } from './build-history';

interface Layer {
  digest: string;
  media_type?: string;
  size: number;
  created_by?: string;
  comment?: string;
}

@customElement('berth-artifact-layers')
export class BerthArtifactLayers extends LightElement {
  @property() href = '';
  @state() private layers: Layer[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    getJson<Layer[]>(this.href)
      .then((l) => (this.layers = l ?? []))
      .catch((e) => (this.error = errorText(e)));
  }

  override render() {
    const rows = this.layers ?? [];
    const total = rows.reduce((n, l) => n + (l.size ?? 0), 0);
    return html`${alertStrip('danger', this.error)}
      <table class="table berth-grid" id="artifact-layers" aria-busy=${String(this.layers === null && !this.error)}>
        <thead><tr><th>#</th><th class="left">Digest</th><th>Size</th><th class="left">Media Type</th><th class="left">Commands</th></tr></thead>
        <tbody>
          ${rows.length
            ? rows.map(
                (l, i) => html`<tr data-digest=${l.digest}>
                  <td>${i + 1}</td>
                  <td class="left"><span title=${l.digest}>${shortDigest(l.digest)}</span></td>
                  <td>${sizeText(l.size)}</td>
                  <td class="left">${l.media_type ?? ''}</td>
                  <td class="left berth-command-cell"><code>${command(l)}</code></td>
                </tr>`,
              )
            : html`<tr><td colspan="5" class="berth-empty">${this.layers === null && !this.error ? 'Loading…' : 'This image has no layers.'}</td></tr>`}
        </tbody>
      </table>
      <div class="berth-pager"><span>${rows.length} layers, ${sizeText(total)}</span></div>`;
  }
}
