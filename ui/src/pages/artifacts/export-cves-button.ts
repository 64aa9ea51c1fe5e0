// "Export CVEs" for one artifact (its Vulnerabilities tab) or one whole repository (the
// repository page's header): downloads a CSV with Harbor's export columns (cve-export.ts). The
// button shows its progress while the reports are read and says in a toast what went in.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type Artifact } from '../../artifacts';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';
import { csvFileName, exportArtifactCves, exportRepositoryCves, saveCsv } from '../../cve-export';
import { errorText } from '../../format';

@customElement('berth-export-cves')
export class BerthExportCves extends LightElement {
  @property() project = '';
  @property() repo = '';
  // Set: this artifact only; unset: every artifact of the repository.
  @property({ attribute: false }) artifact: Artifact | null = null;
  @state() private progress = '';

  private async run(): Promise<void> {
    this.progress = 'Exporting…';
    try {
      const result = this.artifact
        ? await exportArtifactCves(this.project, this.repo, this.artifact)
        : await exportRepositoryCves(this.project, this.repo, (done, total) => (this.progress = `Exporting ${done}/${total}…`));
      if (!result.artifacts) {
        toast('warning', this.artifact ? 'This artifact has no scan report to export.' : 'No artifact of this repository has a scan report to export.');
        return;
      }
      saveCsv(csvFileName(this.project, this.repo, this.artifact?.digest), result.csv);
      toast('success', `Exported ${result.findings} CVE${result.findings === 1 ? '' : 's'} from ${result.artifacts} scanned artifact${result.artifacts === 1 ? '' : 's'}.`);
    } catch (e) {
      toast('danger', `Could not export the CVEs: ${errorText(e)}`);
    } finally {
      this.progress = '';
    }
  }

  override render() {
    return html`<button type="button" class="btn btn-secondary btn-sm" id="export-cve" ?disabled=${!!this.progress}
      aria-busy=${String(!!this.progress)} @click=${() => void this.run()}
      title=${this.artifact ? "This artifact's findings as CSV" : "Every scanned artifact's findings in this repository as CSV"}>
      ${this.progress || 'Export CVEs'}</button>`;
  }
}
