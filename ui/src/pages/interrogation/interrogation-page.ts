// Administration › Interrogation Services (/harbor/interrogation-services/<tab>, harbor-portal.md
// §2f): the title and Harbor's sub-tabs. Harbor opens on Security Hub, whose data
// (/security/summary, /security/vul) Berth's API does not serve: that tab is left out and its
// path shows Scanners (routes.ts), as the Harbor docs of older versions describe the page.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from '../../components/light-element';
import './scanners-tab';
import './vulnerability-tab';
import { appUrl } from '../../app-url';

const TABS = [
  { key: 'scanners', label: 'Scanners', render: () => html`<berth-scanners-tab></berth-scanners-tab>` },
  { key: 'vulnerability', label: 'Vulnerability', render: () => html`<berth-vulnerability-tab></berth-vulnerability-tab>` },
];

@customElement('berth-interrogation-page')
export class BerthInterrogationPage extends LightElement {
  @property() tab = 'scanners';

  override render() {
    const current = TABS.find((t) => t.key === this.tab);
    return html`<h2>Interrogation Services</h2>
      <ul class="nav" role="tablist" aria-label="Interrogation Services">
        ${TABS.map(
          (t) => html`<li class="nav-item" role="presentation">
            <a class="nav-link ${t === current ? 'active' : ''}" role="tab" id="interrogation-tab-${t.key}"
              aria-selected=${String(t === current)} href=${appUrl(`/harbor/interrogation-services/${t.key}`)}>${t.label}</a>
          </li>`,
        )}
      </ul>
      <section class="berth-tab-body" role="tabpanel" aria-labelledby="interrogation-tab-${this.tab}">
        ${current ? current.render() : html`<p>Interrogation Services has no <code>${this.tab}</code> tab.</p>`}
      </section>`;
  }
}
