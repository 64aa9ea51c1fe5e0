// A scanner row's detail (Harbor's expanded row): what the adapter says of itself, or why it could
// not be asked.
import { html } from 'lit';
import { alertStrip } from '../../components/alert';
import { shortDate } from '../../format';
import { type Health } from '../../scanning';

// Properties holding a time are shown as dates, as Harbor's parseDate does.
function propertyValue(key: string, value: string): string {
  return /-at$|_at$/.test(key) && !isNaN(Date.parse(value)) ? shortDate(value) : value;
}

export function scannerMetadata(h: Health | undefined) {
  if (!h || h.state === 'loading') return html`<p aria-busy="true">Loading…</p>`;
  if (h.state === 'unhealthy')
    return h.reason ? alertStrip('danger', `The scanner adapter did not answer: ${h.reason}`) : html`<p aria-busy="true">Asking the adapter…</p>`;
  const m = h.metadata;
  return html`<dl class="berth-metadata">
    <dt>Scanner:</dt>
    <dd>
      <div>Name: <span id="scannerMetadata-name">${m.scanner?.name ?? ''}</span></div>
      <div>Vendor: ${m.scanner?.vendor ?? ''}</div>
      <div>Version: ${m.scanner?.version ?? ''}</div>
    </dd>
    <dt>Capabilities:</dt>
    <dd>
      ${(m.capabilities ?? []).map(
        (c, i) => html`<div>${i}:
          <div class="berth-indent">Consumes Mime Types: ${(c.consumes_mime_types ?? []).join(', ')}</div>
          <div class="berth-indent">Produces Mime Types: ${(c.produces_mime_types ?? []).join(', ')}</div>
          ${c.type ? html`<div class="berth-indent">Type: ${c.type === 'sbom' ? 'SBOM' : c.type === 'vulnerability' ? 'Vulnerability' : c.type}</div>` : ''}
        </div>`,
      )}
    </dd>
    <dt>Properties</dt>
    <dd>
      ${Object.entries(m.properties ?? {}).map(([k, v]) => html`<div>${k}: ${propertyValue(k, v)}</div>`)}
    </dd>
  </dl>`;
}
