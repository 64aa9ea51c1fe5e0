// History-API routing with Harbor's paths (no hash): navigate() and links inside the app change
// the URL without a reload; the app re-renders on ROUTE_CHANGED. Reloading a deep link works
// because Berth answers every path under /harbor and /account with index.html. Everything here
// is an app path ('/harbor/projects'); the base the portal is served under (app-url.ts) is
// stripped from location and added back on the way out.

import { appPath, appUrl } from './app-url';

export const ROUTE_CHANGED = 'berth-route-changed';

export interface Location {
  path: string;
  params: URLSearchParams;
}

// A browser path outside the base cannot happen (Berth serves the page only under it); it is
// treated as the root, which leads to Projects.
function appPathname(): string {
  return appPath(location.pathname) ?? '/';
}

export function current(): Location {
  return { path: appPathname().replace(/\/+$/, '') || '/', params: new URLSearchParams(location.search) };
}

export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  const target = appUrl(url);
  if (target === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  window.dispatchEvent(new CustomEvent(ROUTE_CHANGED));
}

// The app path and query of the page, to come back to it after signing in.
export function here(): string {
  return appPathname() + location.search;
}

export function signInUrl(redirect: string, signout = false): string {
  const q = new URLSearchParams();
  if (signout) q.set('signout', 'true');
  if (redirect && !redirect.startsWith('/account/')) q.set('redirect_url', redirect);
  const s = q.toString();
  return '/account/sign-in' + (s ? '?' + s : '');
}

// Only paths of this app are followed after sign-in (never another origin).
export function safeRedirect(url: string | null): string {
  if (url && url.startsWith('/harbor')) return url;
  return '/harbor/projects';
}

export function startRouter(): void {
  window.addEventListener('popstate', () => window.dispatchEvent(new CustomEvent(ROUTE_CHANGED)));
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.('a[href]') as HTMLAnchorElement | null;
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    const path = appPath(a.pathname);
    if (path === null || !/^\/(harbor|account)(\/|$)/.test(path)) return;
    e.preventDefault();
    navigate(path + a.search);
  });
}
