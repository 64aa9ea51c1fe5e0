// The portal may be served under a path prefix: a reverse proxy maps https://host/reg/ to
// Berth's /, and Berth writes `<base href="/reg/">` into index.html (always a base element: "/"
// without a proxy). The app itself speaks in app paths ('/harbor/projects', '/api/v2.0/users',
// '/c/login'); these two functions are the only place they meet the browser's URLs: api.ts and
// upload() call appUrl() for every request, the router strips the base from location and adds it
// on navigate(), and every link's href is appUrl(...) so that middle-click and "open in new tab"
// land under the prefix too.

// "/reg/" or "/". Read once: the base element never changes while the page lives. Without one
// (the Vite dev server) the app is at the root.
const BASE = (() => {
  const el = document.querySelector('base[href]');
  if (!el) return '/';
  const path = new URL((el as HTMLBaseElement).href).pathname;
  return path.endsWith('/') ? path : path + '/';
})();

export function basePath(): string {
  return BASE;
}

// '/harbor/projects?x=1' → '/reg/harbor/projects?x=1'. Anything that is not an app path (an
// absolute URL, 'data:...', '//host/...') is returned as is.
export function appUrl(path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  return BASE + path.slice(1);
}

// The app path of a browser path: '/reg/harbor/projects' → '/harbor/projects'; null when the
// path is outside the base (not this app's).
export function appPath(pathname: string): string | null {
  if (BASE === '/') return pathname;
  if (pathname + '/' === BASE) return '/';
  return pathname.startsWith(BASE) ? '/' + pathname.slice(BASE.length) : null;
}
