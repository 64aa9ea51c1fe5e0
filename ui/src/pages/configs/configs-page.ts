// Administration › Configuration (/harbor/configs/<tab>, harbor-portal.md §2g). Harbor's page has
// Authentication, Security and System Settings, all from /configurations, which Berth's API does
// not serve (Berth reads those settings from its config file). What Berth's API does expose is the
// system CVE allowlist, Harbor's Security tab: that is the one tab shown.
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from '../../components/light-element';
import './security-tab';
import { appUrl } from '../../app-url';

const TABS = [{ key: 'security', label: 'Security', render: () => html`<berth-security-config></berth-security-config>` }];

@customElement('berth-configs-page')
export class BerthConfigsPage extends LightElement {
  @property() tab = 'security';

  override render() {
    const current = TABS.find((t) => t.key === this.tab);
    return html`<h2>Configuration</h2>
      <ul class="nav" role="tablist" aria-label="Configuration">
        ${TABS.map(
          (t) => html`<li class="nav-item" role="presentation">
            <a class="nav-link ${t === current ? 'active' : ''}" role="tab" id="config-${t.key}"
              aria-selected=${String(t === current)} href=${appUrl(`/harbor/configs/${t.key}`)}>${t.label}</a>
          </li>`,
        )}
      </ul>
      <section class="berth-tab-body" role="tabpanel" aria-labelledby="config-${this.tab}">
        ${current
          ? current.render()
          : html`<p id="config-not-here">Berth takes its authentication and system settings from its configuration file
              (berth.yml), not from this page. <a href=${appUrl('/harbor/configs/security')}>Security</a> holds the settings
              Berth's API exposes.</p>`}
      </section>`;
  }
}
