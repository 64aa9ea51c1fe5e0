// /account/sign-in as in Harbor: Username (#login_username), Password (#login_password) with the
// eye toggle, Remember me (#rememberme, cookie rem-username), LOG IN (#log_in, disabled until
// both are filled), "Invalid user name or password." under the form.
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../api';
import { signIn } from '../session';
import { LightElement } from './light-element';

const REMEMBER_COOKIE = 'rem-username';

function rememberedName(): string {
  const m = document.cookie.match(/(?:^|;\s*)rem-username=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

@customElement('berth-sign-in')
export class BerthSignIn extends LightElement {
  @property() productName = 'Berth';
  @state() private username = rememberedName();
  @state() private password = '';
  @state() private remember = rememberedName() !== '';
  @state() private showPassword = false;
  @state() private busy = false;
  @state() private error = '';

  override firstUpdated(): void {
    this.querySelector<HTMLInputElement>(this.username ? '#login_password' : '#login_username')?.focus();
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.username || !this.password || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await signIn(this.username, this.password);
      document.cookie = this.remember
        ? `${REMEMBER_COOKIE}=${encodeURIComponent(this.username)}; path=/; max-age=${10 * 24 * 3600}; SameSite=Strict`
        : `${REMEMBER_COOKIE}=; path=/; max-age=0`;
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true }));
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      this.error =
        status === 429 ? 'Too many failed attempts: wait a minute, then try again.'
        : status >= 400 && status < 500 ? 'Invalid user name or password.'
        : 'Core service is not available.';
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<main class="login-wrapper">
      <form class="login" @submit=${this.submit} novalidate>
        <section class="title">
          <h1 class="welcome">${this.productName}</h1>
          <span class="hint">A Harbor-compatible container registry</span>
        </section>
        <div class="login-group">
          <div class="clr-form-control">
            <label class="clr-sr-only" for="login_username">Username</label>
            <input class="clr-input username" id="login_username" name="login_username" type="text"
              placeholder="Username" autocomplete="username" required .value=${this.username}
              @input=${(e: Event) => (this.username = (e.target as HTMLInputElement).value)} />
          </div>
          <div class="clr-form-control berth-password">
            <label class="clr-sr-only" for="login_password">Password</label>
            <input class="clr-input password" id="login_password" name="login_password"
              type=${this.showPassword ? 'text' : 'password'} placeholder="Password"
              autocomplete="current-password" required .value=${this.password}
              @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)} />
            <button type="button" class="btn btn-link btn-icon berth-eye"
              aria-label=${this.showPassword ? 'Hide password' : 'Show password'}
              @click=${() => (this.showPassword = !this.showPassword)}>
              <cds-icon shape=${this.showPassword ? 'eye-hide' : 'eye'}></cds-icon>
            </button>
          </div>
          <div class="clr-checkbox-wrapper">
            <input type="checkbox" class="clr-checkbox" id="rememberme" .checked=${this.remember}
              @change=${(e: Event) => (this.remember = (e.target as HTMLInputElement).checked)} />
            <label for="rememberme">Remember me</label>
          </div>
          <div class="error active" role="alert" id="login-error">${this.error}</div>
          <button type="submit" class="btn btn-primary" id="log_in"
            ?disabled=${!this.username || !this.password || this.busy}>Log In</button>
        </div>
      </form>
    </main>`;
  }
}
