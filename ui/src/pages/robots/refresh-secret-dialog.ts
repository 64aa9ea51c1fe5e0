// ACTION › REFRESH SECRET (Harbor's "Refresh Secret" dialog): Berth picks a new random secret,
// shown once afterwards; or, with the toggle on, the administrator types one (Harbor's
// password rule, typed twice). PATCH /robots/{id}.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { formRow } from '../../components/form-row';
import { LightElement } from '../../components/light-element';
import { modal } from '../../components/modal';
import '../../components/password-input';
import { toast } from '../../components/toasts';
import { errorText } from '../../format';
import type { Robot } from '../../robots';
import { passwordError } from '../../users';

const SECRET_MESSAGE = 'Secret should be 8-128 characters long with at least 1 uppercase, 1 lowercase and 1 number.';

@customElement('berth-refresh-secret-dialog')
export class BerthRefreshSecretDialog extends LightElement {
  @property({ attribute: false }) robot!: Robot;
  @state() private manual = false;
  @state() private secret = '';
  @state() private confirm = '';
  @state() private saving = false;
  @state() private error = '';

  override firstUpdated(): void {
    this.querySelector<HTMLElement>('#enable-new-secret')?.focus();
  }

  private errors() {
    if (!this.manual) return { secret: '', confirm: '' };
    return {
      secret: passwordError(this.secret) ? SECRET_MESSAGE : '',
      confirm: this.secret === this.confirm ? '' : 'Two secrets are inconsistent',
    };
  }

  private async refresh(): Promise<void> {
    const errs = this.errors();
    if (errs.secret || errs.confirm || this.saving) return;
    this.saving = true;
    this.error = '';
    try {
      const res = await request('PATCH', `${API}/robots/${this.robot.id}`, { json: this.manual ? { secret: this.secret } : {} });
      const { secret } = (await res.json()) as { secret: string };
      if (this.manual) toast('success', 'Refreshed secret successfully');
      this.dispatchEvent(new CustomEvent('refreshed', { detail: this.manual ? null : secret, bubbles: true }));
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.saving = false;
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('closed', { bubbles: true }));
  }

  private secretRow(id: string, label: string, value: string, err: string, set: (v: string) => void, placeholder: string) {
    const shown = value ? err : '';
    return formRow(id, label,
      html`<berth-password-input .inputId=${id} .value=${value} .invalid=${!!shown} .placeholder=${placeholder}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}></berth-password-input>`,
      { error: shown });
  }

  override render() {
    const errs = this.errors();
    const body = html`${alertStrip('danger', this.error, 'refresh-secret-error')}
      <p>Refresh the robot account secret automatically, or optionally open the details to manually specify a new secret</p>
      <div class="clr-toggle-wrapper">
        <input type="checkbox" class="clr-toggle" id="enable-new-secret" .checked=${this.manual}
          @change=${(e: Event) => (this.manual = (e.target as HTMLInputElement).checked)} />
        <label for="enable-new-secret">Enable this option to manually specify a new secret</label>
      </div>
      ${this.manual
        ? html`<form class="clr-form clr-form-horizontal" novalidate @submit=${(e: Event) => (e.preventDefault(), this.refresh())}>
            ${this.secretRow('new-token', 'New Secret', this.secret, errs.secret, (v) => (this.secret = v), 'Input new secret')}
            ${this.secretRow('confirm-token', 'Confirm Secret', this.confirm, errs.confirm, (v) => (this.confirm = v), 'Input secret again')}
            <button type="submit" hidden aria-hidden="true" tabindex="-1"></button>
          </form>`
        : nothing}`;
    const footer = html`<button type="button" class="btn btn-outline" id="refresh-token-cancel" @click=${this.close}>Cancel</button>
      <button type="button" class="btn btn-primary" id="refresh-token-refresh" ?disabled=${!!errs.secret || !!errs.confirm || this.saving}
        @click=${this.refresh}>${this.saving ? html`<span class="spinner spinner-inline" aria-hidden="true"></span>` : nothing} Refresh</button>`;
    return modal({ id: 'refresh-secret-dialog', title: `Refresh Secret | ${this.robot.name}`, body, footer, onEscape: () => this.close() });
  }
}
