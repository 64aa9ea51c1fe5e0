// The application: sign-in, or Harbor's shell (header, left panel, banners, toasts) around the
// page of the current route. Entering any /harbor/... path checks the session first; without one
// (or when an API call later answers 401) the user goes to sign-in and comes back afterwards.
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SESSION_EXPIRED } from '../api';
import { errorText } from '../format';
import { ADMINISTRATION, TOP_ENTRIES, isActive, type NavEntry } from '../nav';
import { ROUTE_CHANGED, current, here, navigate, safeRedirect, signInUrl } from '../router';
import { redirectFor, resolvePage } from '../routes';
import {
  adminPasswordIsDefault,
  currentUser,
  isAdmin,
  signOut,
  systemInfo,
  type CurrentUser,
  type SystemInfo,
} from '../session';
import { alertStrip } from './alert';
import logoUrl from '../logo.svg';
import { LightElement } from './light-element';
import './sign-in';
import './toasts';
import '../pages/account/change-password-dialog';
import '../pages/account/user-profile-dialog';
import '../pages/search/global-search';
import { appUrl } from '../app-url';

type Theme = 'LIGHT' | 'DARK';
const THEME_KEY = 'styleModeLocal';

function initialTheme(): Theme {
  const stored = localStorage.getItem(THEME_KEY);
  if (stored === 'DARK' || stored === 'LIGHT') return stored;
  // Harbor forces dark on a first visit (a complaint, §4.10): Berth follows the system setting.
  return matchMedia?.('(prefers-color-scheme: dark)').matches ? 'DARK' : 'LIGHT';
}

@customElement('berth-app')
export class BerthApp extends LightElement {
  @state() private route = current();
  @state() private user: CurrentUser | null = null;
  @state() private info: SystemInfo = {};
  @state() private checking = false;
  @state() private loadError = '';
  @state() private theme: Theme = initialTheme();
  @state() private adminGroupOpen = true;
  @state() private userMenuOpen = false;
  // The header menu's dialogs (pages/account/).
  @state() private accountDialog: 'profile' | 'password' | null = null;
  // Set when the session check just answered "nobody": the sign-in page need not ask again.
  private signedOut = false;

  private readonly onRoute = () => {
    this.route = current();
    this.userMenuOpen = false;
    void this.guard();
  };
  private readonly onExpired = () => {
    if (this.route.path.startsWith('/account/')) return;
    this.user = null;
    this.signedOut = true;
    navigate(signInUrl(here()), { replace: true });
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(ROUTE_CHANGED, this.onRoute);
    window.addEventListener(SESSION_EXPIRED, this.onExpired);
    this.applyTheme();
    void this.start();
  }
  override disconnectedCallback(): void {
    window.removeEventListener(ROUTE_CHANGED, this.onRoute);
    window.removeEventListener(SESSION_EXPIRED, this.onExpired);
    super.disconnectedCallback();
  }

  // The system information (which also brings the first CSRF token, a response header, before
  // anyone presses LOG IN) and the session check go out together.
  private async start(): Promise<void> {
    const info = systemInfo().then((i) => (this.info = i)).catch(() => undefined);
    await Promise.all([info, this.guard()]);
  }

  // Redirects as Harbor's router does: / and /harbor to the projects, pages to sign-in without a
  // session, sign-in to the projects with one (unless signing out).
  private async guard(): Promise<void> {
    const { path, params } = this.route;
    if (path === '/' || path === '/harbor') return navigate('/harbor/projects', { replace: true });
    const redirect = redirectFor(path);
    if (redirect) return navigate(redirect + location.search, { replace: true });
    if (path === '/account/sign-in') {
      if (params.get('signout') === 'true') {
        this.user = null;
        return;
      }
      const user = this.user ?? (this.signedOut ? null : await currentUser().catch(() => null));
      if (user) {
        this.user = user;
        navigate(safeRedirect(params.get('redirect_url')), { replace: true });
      }
      return;
    }
    if (this.user) return;
    this.checking = true;
    this.loadError = '';
    try {
      const user = await currentUser();
      this.signedOut = !user;
      if (!user) return navigate(signInUrl(here()), { replace: true });
      this.user = user;
    } catch (e) {
      this.loadError = errorText(e);
    } finally {
      this.checking = false;
    }
  }

  private async signedIn(): Promise<void> {
    this.signedOut = false;
    this.user = await currentUser();
    this.info = await systemInfo().catch(() => this.info);
    navigate(safeRedirect(this.route.params.get('redirect_url')), { replace: true });
  }

  private async logOut(): Promise<void> {
    const back = here();
    await signOut().catch(() => undefined);
    this.user = null;
    this.signedOut = true;
    navigate(signInUrl(back, true));
  }

  private applyTheme(): void {
    document.body.setAttribute('cds-theme', this.theme.toLowerCase());
  }

  private toggleTheme(): void {
    this.theme = this.theme === 'DARK' ? 'LIGHT' : 'DARK';
    localStorage.setItem(THEME_KEY, this.theme);
    this.applyTheme();
  }

  private navLink(entry: NavEntry) {
    const active = isActive(entry, this.route.path);
    return html`<a class="nav-link ${active ? 'active' : ''}" href=${appUrl(entry.path)} aria-current=${active ? 'page' : nothing}>
      <cds-icon class="nav-icon" shape=${entry.icon} aria-hidden="true"></cds-icon>
      <span class="nav-text">${entry.label}</span>
    </a>`;
  }

  private renderNav() {
    const admin = isAdmin(this.user);
    const adminEntries = ADMINISTRATION.children.filter((e) => e.built);
    const groupActive = adminEntries.some((e) => isActive(e, this.route.path));
    return html`<nav class="clr-vertical-nav has-nav-groups has-icons" aria-label="Main">
      <div class="nav-content">
        ${TOP_ENTRIES.filter((e) => e.built).map((e) => this.navLink(e))}
        ${admin && adminEntries.length
          ? html`<div class="nav-group ${groupActive ? 'active' : ''} ${this.adminGroupOpen ? 'expanded' : ''}">
              <div class="nav-group-content">
                <button type="button" class="nav-group-trigger" aria-expanded=${String(this.adminGroupOpen)}
                  @click=${() => (this.adminGroupOpen = !this.adminGroupOpen)}>
                  <cds-icon class="nav-icon" shape=${ADMINISTRATION.icon} aria-hidden="true"></cds-icon>
                  <div class="nav-group-text">${ADMINISTRATION.label}</div>
                  <div class="nav-group-trigger-icon">
                    <cds-icon shape="angle" direction=${this.adminGroupOpen ? 'down' : 'right'} aria-hidden="true"></cds-icon>
                  </div>
                </button>
              </div>
              ${this.adminGroupOpen ? html`<div class="nav-group-children">${adminEntries.map((e) => this.navLink(e))}</div>` : nothing}
            </div>`
          : nothing}
        <div class="berth-nav-bottom">
          <button type="button" class="nav-link berth-theme-toggle" @click=${this.toggleTheme}>
            <cds-icon class="nav-icon" shape=${this.theme === 'DARK' ? 'sun' : 'moon'} aria-hidden="true"></cds-icon>
            <span class="nav-text">${this.theme === 'DARK' ? 'LIGHT' : 'DARK'}</span>
          </button>
        </div>
      </div>
    </nav>`;
  }

  private openAccount(which: 'profile' | 'password'): void {
    this.userMenuOpen = false;
    this.accountDialog = which;
  }

  private renderAccountDialog() {
    const closed = () => (this.accountDialog = null);
    if (this.accountDialog === 'profile') return html`<berth-user-profile-dialog @closed=${closed}></berth-user-profile-dialog>`;
    if (this.accountDialog === 'password' && this.user)
      return html`<berth-change-password-dialog .userId=${this.user.user_id} @closed=${closed}></berth-change-password-dialog>`;
    return nothing;
  }

  private renderHeader() {
    return html`<header class="header berth-header">
      <div class="branding">
        <a class="nav-link" href=${appUrl('/harbor/projects')}>
          <img src=${logoUrl} alt="" width="28" height="28" />
          <span class="title">Berth</span>
        </a>
      </div>
      <berth-global-search></berth-global-search>
      <div class="header-actions">
        ${this.user
          ? html`<div class="dropdown bottom-right ${this.userMenuOpen ? 'open' : ''}">
              <button type="button" class="nav-text dropdown-toggle berth-user-menu" id="user-menu"
                aria-haspopup="menu" aria-expanded=${String(this.userMenuOpen)}
                @click=${() => (this.userMenuOpen = !this.userMenuOpen)}>
                <cds-icon shape="user" aria-hidden="true"></cds-icon>
                <span>${this.user.username}</span>
                <cds-icon shape="angle" direction="down" aria-hidden="true"></cds-icon>
              </button>
              ${this.userMenuOpen
                ? html`<div class="dropdown-menu" role="menu">
                    <button type="button" class="dropdown-item" role="menuitem" id="user-profile"
                      @click=${() => this.openAccount('profile')}>User Profile</button>
                    <button type="button" class="dropdown-item" role="menuitem" id="change-password"
                      @click=${() => this.openAccount('password')}>Change Password</button>
                    <div class="dropdown-divider" role="separator"></div>
                    <button type="button" class="dropdown-item" role="menuitem" id="log-out" @click=${this.logOut}>Log Out</button>
                  </div>`
                : nothing}
            </div>`
          : nothing}
      </div>
    </header>`;
  }

  private renderBanners() {
    return html`${this.info.banner_message ? alertStrip('info', this.info.banner_message) : nothing}
    ${isAdmin(this.user) && adminPasswordIsDefault()
      ? html`<div class="alert alert-app-level alert-warning" role="alert" id="default-password-banner">
          <div class="alert-items"><div class="alert-item static">
            <div class="alert-icon-wrapper"><cds-icon class="alert-icon" shape="exclamation-circle"></cds-icon></div>
            <div class="alert-text">The admin password is still the default (Harbor12345). Change it before anyone else can reach this registry.</div>
          </div></div>
        </div>`
      : nothing}`;
  }

  override render() {
    const path = this.route.path;
    if (path === '/account/sign-in')
      return html`<berth-toasts></berth-toasts><berth-sign-in @signed-in=${this.signedIn}></berth-sign-in>`;
    if (!this.user) {
      return html`<div class="berth-loading">
        ${this.loadError
          ? alertStrip('danger', this.loadError)
          : html`<span class="spinner spinner-md" aria-busy=${String(this.checking)}>Loading…</span>`}
      </div>`;
    }
    return html`<div class="main-container">
      ${this.renderBanners()}
      ${this.renderHeader()}
      <berth-toasts></berth-toasts>
      <div class="content-container">
        ${this.renderNav()}
        <main class="content-area" id="content">${resolvePage(path, this.user)}</main>
      </div>
      ${this.renderAccountDialog()}
    </div>`;
  }
}
