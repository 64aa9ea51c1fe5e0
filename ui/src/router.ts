// History-API routing with Harbor's paths (no hash): navigate() and links inside the app change
// the URL without a reload; the app re-renders on ROUTE_CHANGED. Reloading a deep link works
// because Berth answers every path under /harbor and /account with index.html.

export const ROUTE_CHANGED = 'berth-route-changed';

export interface Location {
  path: string;
  params: URLSearchParams;
}

export function current(): Location {
  return { path: location.pathname.replace(/\/+$/, '') || '/', params: new URLSearchParams(location.search) };
}

export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  if (url === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new CustomEvent(ROUTE_CHANGED));
}

// The path and query of the page, to come back to it after signing in.
export function here(): string {
  return location.pathname + location.search;
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
    if (!/^\/(harbor|account)(\/|$)/.test(a.pathname)) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
}
