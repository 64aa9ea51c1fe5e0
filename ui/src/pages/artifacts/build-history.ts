// The Build History tab: the image config's history (GET additions/build_history, Harbor's
// format), one row per step with "Create on" and "Commands"; the shell wrapper Docker records
// around each step is shortened to the Dockerfile instruction, as Harbor shows it.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getJson } from '../../api';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { errorText, shortDate } from '../../format';

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

// "/bin/sh -c #(nop)  CMD [...]" → "CMD [...]"; "/bin/sh -c apt-get …" → "RUN apt-get …".
export function command(h: HistoryEntry): string {
  const by = h.created_by ?? '';
  if (!by) return h.comment ?? '';
  const nop = by.match(/^\/bin\/sh -c #\(nop\)\s*(.*)$/s);
  if (nop) return nop[1].trim();
  const run = by.match(/^\/bin\/sh -c (.*)$/s);
  return run ? `RUN ${run[1].trim()}` : by;
}

@customElement('berth-build-history')
export class BerthBuildHistory extends LightElement {
  @property() href = '';
  @state() private entries: HistoryEntry[] | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    getJson<HistoryEntry[] | null>(this.href)
      .then((h) => (this.entries = h ?? []))
      .catch((e) => (this.error = errorText(e)));
  }

  override render() {
    const rows = this.entries ?? [];
    return html`${alertStrip('danger', this.error)}
      <table class="table berth-grid" id="build-history" aria-busy=${String(this.entries === null && !this.error)}>
        <thead><tr><th class="left berth-history-time">Create on</th><th class="left">Commands</th></tr></thead>
        <tbody>
          ${rows.length
            ? rows.map((h) => html`<tr><td class="left">${shortDate(h.created)}</td><td class="left berth-command-cell"><code>${command(h)}</code></td></tr>`)
            : html`<tr><td colspan="2" class="berth-empty">${this.entries === null && !this.error ? 'Loading…' : 'No build history recorded in the image config.'}</td></tr>`}
        </tbody>
      </table>
      <div class="berth-pager"><span>${rows.length} commands</span></div>`;
  }
}
