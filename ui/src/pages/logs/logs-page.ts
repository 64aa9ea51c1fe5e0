// Logs (/harbor/logs/audit-log; /harbor/logs redirects there as in Harbor): the title, Harbor's
// tab bar, and the audit log grid. Harbor has a second tab, "Audit Logs (Legacy)", for its old
// log table; Berth has one log, served in that legacy shape, so one tab shows it and the legacy
// path shows the same grid.
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LightElement } from '../../components/light-element';
import './audit-log-list';
import { appUrl } from '../../app-url';

@customElement('berth-logs-page')
export class BerthLogsPage extends LightElement {
  override render() {
    return html`<h2>Logs</h2>
      <ul class="nav" role="tablist" aria-label="Logs">
        <li class="nav-item" role="presentation">
          <a class="nav-link active" role="tab" aria-selected="true" id="logs-tab-audit-log" href=${appUrl('/harbor/logs/audit-log')}>Audit Logs</a>
        </li>
      </ul>
      <section class="berth-tab-body" role="tabpanel" aria-labelledby="logs-tab-audit-log">
        <berth-audit-log-list></berth-audit-log-list>
      </section>`;
  }
}
