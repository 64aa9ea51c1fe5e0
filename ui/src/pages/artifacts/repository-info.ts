// The repository's Info tab: its description, with EDIT, then SAVE / CANCEL for users who may
// update the repository (PUT /projects/{p}/repositories/{r} {description}).
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getJson, request } from '../../api';
import { repoApi, type Repository } from '../../artifacts';
import { alertStrip } from '../../components/alert';
import { LightElement } from '../../components/light-element';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import { NO_PERMISSIONS, type Permissions } from '../../permissions';
import { type Project } from '../../projects';

@customElement('berth-repository-info')
export class BerthRepositoryInfo extends LightElement {
  @property({ attribute: false }) project!: Project;
  @property() repo = '';
  @property({ attribute: false }) perms: Permissions = NO_PERMISSIONS;
  @state() private description: string | null = null;
  @state() private draft = '';
  @state() private editing = false;
  @state() private saving = false;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      const r = await getJson<Repository>(repoApi(this.project.name, this.repo));
      this.description = r.description ?? '';
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private async save(): Promise<void> {
    this.saving = true;
    this.error = '';
    try {
      await request('PUT', repoApi(this.project.name, this.repo), { json: { description: this.draft } });
      this.description = this.draft;
      this.editing = false;
      toast('success', 'Saved successfully.');
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private renderEditor() {
    return html`<label class="clr-sr-only" for="repo-description">Description</label>
      <textarea class="clr-textarea berth-repo-description-edit" id="repo-description" rows="8"
        .value=${this.draft} @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}></textarea>
      <div class="berth-actions">
        <button type="button" class="btn btn-primary btn-sm" id="repo-info-save" ?disabled=${this.saving}
          @click=${() => void this.save()}>Save</button>
        <button type="button" class="btn btn-outline btn-sm" id="repo-info-cancel"
          @click=${() => (this.editing = false)}>Cancel</button>
      </div>`;
  }

  override render() {
    if (this.description === null && !this.error) return html`<p class="berth-empty" aria-busy="true">Loading…</p>`;
    const canEdit = this.perms.can('repository', 'update');
    return html`${alertStrip('danger', this.error)}
      ${this.editing
        ? this.renderEditor()
        : html`${canEdit
              ? html`<div class="berth-actions">
                  <button type="button" class="btn btn-secondary btn-sm" id="repo-info-edit"
                    @click=${() => ((this.draft = this.description ?? ''), (this.editing = true))}>Edit</button>
                </div>`
              : nothing}
            ${this.description
              ? html`<div class="berth-repo-description" id="repo-description-text">${this.description}</div>`
              : html`<p class="berth-empty">No description for this repo. You can add it to this repository.</p>`}`}`;
  }
}
