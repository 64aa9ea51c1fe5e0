// ACTION › REFRESH SECRET (Harbor's "Refresh Secret" dialog): Berth picks a new random secret,
// shown once afterwards; or, with the toggle on, the administrator types one (Harbor's
// password rule, typed twice). PATCH /robots/{id}.
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API, request } from '../../api';
import { alertStrip } from '../../components/alert';
import { FormDialog, busyButton, cancelButton, dialogForm } from '../../components/form-dialog';
import { formRow, passwordInput } from '../../components/form-row';
import { modal } from '../../components/modal';
import { toast } from '../../components/toasts';
import type { Robot } from '../../robots';
import { passwordError } from '../../users';

const SECRET_MESSAGE = 'Secret should be 8-128 characters long with at least 1 uppercase, 1 lowercase and 1 number.';

@customElement('berth-refresh-secret-dialog')
export class BerthRefreshSecretDialog extends FormDialog {
  @property({ attribute: false }) robot!: Robot;
  @state() private manual = false;
  @state() private secret = '';
  @state() private confirm = '';

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

  private refresh(): void {
    const errs = this.errors();
    if (errs.secret || errs.confirm) return;
    void this.submit(async () => {
      const res = await request('PATCH', `${API}/robots/${this.robot.id}`, { json: this.manual ? { secret: this.secret } : {} });
      const { secret } = (await res.json()) as { secret: string };
      if (this.manual) toast('success', 'Refreshed secret successfully');
      this.emit('refreshed', this.manual ? null : secret);
    });
  }

  // Its error shows once something was typed in it.
  private secretRow(id: string, label: string, value: string, err: string, set: (v: string) => void, placeholder: string) {
    const error = value ? err : '';
    return formRow(id, label, passwordInput(id, value, set, { error, placeholder }), { error });
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
        ? dialogForm(() => this.refresh(), html`
            ${this.secretRow('new-token', 'New Secret', this.secret, errs.secret, (v) => (this.secret = v), 'Input new secret')}
            ${this.secretRow('confirm-token', 'Confirm Secret', this.confirm, errs.confirm, (v) => (this.confirm = v), 'Input secret again')}`)
        : nothing}`;
    const footer = html`${cancelButton('refresh-token-cancel', () => this.close())}
      ${busyButton('refresh-token-refresh', 'Refresh', { disabled: !!errs.secret || !!errs.confirm, busy: this.saving, onClick: () => this.refresh() })}`;
    return modal({ id: 'refresh-secret-dialog', title: `Refresh Secret | ${this.robot.name}`, body, footer, onEscape: () => this.close() });
  }
}
