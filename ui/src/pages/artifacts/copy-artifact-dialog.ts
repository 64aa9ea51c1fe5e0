// Actions › Copy: Harbor's retag dialog ("Copy": Project Name, Repository, CONFIRM). It copies
// the artifact with POST …/artifacts?from=<project>/<repo>@<digest>; Berth, like Harbor, brings
// the artifact's tags, index children and accessories along. A refusal (no such project, no push
// right, a proxy cache project) shows in the dialog.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, getJson, query, request } from '../../api';
import { repoApi, shortDigest } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, textInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';

// Harbor's RETAG.TIP_REPO rule: path components of lower-case letters and digits, joined by
// '.', '_' or '-', separated by '/'; under 256 characters.
const REPO_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const PROJECT_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

@customElement('berth-copy-artifact-dialog')
export class BerthCopyArtifactDialog extends FormDialog {
  // The source: project name, repository below it, digest.
  @property() project = '';
  @property() repo = '';
  @property() digest = '';
  @state() private toProject = '';
  @state() private toRepo = '';
  // Projects whose names contain what was typed, offered under the field (Harbor's select box).
  @state() private suggestions: string[] = [];
  private suggestTimer = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.toRepo = this.repo;
  }

  override disconnectedCallback(): void {
    clearTimeout(this.suggestTimer);
    super.disconnectedCallback();
  }

  private onProject(v: string): void {
    this.toProject = v.trim();
    this.touch('project');
    clearTimeout(this.suggestTimer);
    this.suggestTimer = window.setTimeout(() => void this.suggest(this.toProject), 300);
  }

  private async suggest(name: string): Promise<void> {
    try {
      const found = await getJson<{ name: string }[] | null>(`${API}/projects` + query({ name, page_size: 10 }));
      this.suggestions = (found ?? []).map((p) => p.name);
    } catch {
      this.suggestions = []; // only a convenience: the copy itself says what is wrong
    }
  }

  private projectInput(error: string) {
    return html`<div class="clr-input-wrapper">
      <input class="clr-input berth-wide" id="project-name" type="text" autocomplete="off" list="copy-project-options"
        .value=${this.toProject} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'project-name-error' : nothing}
        @input=${(e: Event) => this.onProject((e.target as HTMLInputElement).value)} />
      <datalist id="copy-project-options">${this.suggestions.map((n) => html`<option value=${n}></option>`)}</datalist>
    </div>`;
  }

  private projectError(): string {
    if (!this.touched.has('project') && !this.toProject) return '';
    return PROJECT_PATTERN.test(this.toProject) ? '' : 'Enter the name of an existing project (lower-case letters, digits, . _ -).';
  }

  private repoError(): string {
    return REPO_PATTERN.test(this.toRepo) && this.toRepo.length < 256
      ? ''
      : 'A repository name is made of lower-case letters and digits, optionally separated by periods, dashes or underscores; path components are separated by a forward slash (/).';
  }

  private copy(): void {
    const [project, repo] = [this.toProject, this.toRepo];
    const from = `${this.project}/${this.repo}@${this.digest}`;
    void this.submit(async () => {
      await request('POST', `${repoApi(project, repo)}/artifacts` + query({ from }));
      toast('success', 'Copy artifact successfully');
      this.emit('copied', { project, repo });
      this.close();
    }, (e) => `Could not copy ${shortDigest(this.digest)} to ${project}/${repo}: ${errorText(e)}`);
  }

  override render() {
    const pErr = this.projectError();
    const rErr = this.repoError();
    const ready = !!this.toProject && !pErr && !rErr;
    return modal({
      id: 'copy-artifact-dialog',
      title: 'Copy',
      onEscape: () => this.close(),
      body: html`${alertStrip('danger', this.error || null, 'copy-artifact-error')}
        <p>Copy ${shortDigest(this.digest)} with its tags, its index children and its accessories.</p>
        ${dialogForm(() => ready && this.copy(), html`
          ${formRow('project-name', 'Project Name', this.projectInput(pErr), { required: true, error: pErr })}
          ${formRow('repo-name', 'Repository', textInput('repo-name', this.toRepo, (v) => (this.toRepo = v.trim()), { error: rErr }), { required: true, error: rErr })}`)}`,
      footer: html`${cancelButton('copy-artifact-cancel', () => this.close())}
        ${busyButton('copy-artifact-ok', 'Confirm', { disabled: !ready, busy: this.saving, onClick: () => this.copy() })}`,
    });
  }
}
