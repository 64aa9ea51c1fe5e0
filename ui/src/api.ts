// Every call to Berth goes through here: the CSRF token as Harbor's portal handles it (copied from
// the X-Harbor-CSRF-Token response header into localStorage `__csrf`, sent back on unsafe
// methods, one retry on "CSRF token invalid"), Harbor's error format turned into one sentence,
// and a 401 on an API call announced as an expired session.

const CSRF_HEADER = 'X-Harbor-CSRF-Token';
const CSRF_KEY = '__csrf';
export const API = '/api/v2.0';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  json?: unknown;
  form?: Record<string, string>;
  // A 401 is the caller's answer (sign-in, the session check), not an expired session.
  expect401?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

// Fired on window when an API call answers 401: the app returns to sign-in, then to this page.
export const SESSION_EXPIRED = 'berth-session-expired';

function unsafe(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(method);
}

function storeCsrf(res: Response): void {
  const token = res.headers.get(CSRF_HEADER);
  if (token) localStorage.setItem(CSRF_KEY, token);
}

// Harbor's {"errors":[{"code","message"}]}; otherwise the status text.
async function errorMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    const first = body?.errors?.[0];
    if (first?.message) return String(first.message);
    if (body?.message) return String(body.message);
  } catch {
    /* not JSON */
  }
  if (res.status >= 500) return 'Berth is not available right now (HTTP ' + res.status + ').';
  return text.trim() || `HTTP ${res.status} ${res.statusText}`;
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  if (unsafe(method)) headers[CSRF_HEADER] = localStorage.getItem(CSRF_KEY) ?? '';
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  storeCsrf(res);
  return res;
}

export async function request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  let res = await send(method, path, opts);
  if (res.status === 403 && unsafe(method)) {
    const msg = await res.clone().text();
    if (msg.includes('CSRF token invalid')) res = await send(method, path, opts);
  }
  if (res.ok) return res;
  if (res.status === 401 && !opts.expect401) window.dispatchEvent(new CustomEvent(SESSION_EXPIRED));
  throw new ApiError(res.status, await errorMessage(res));
}

export async function getJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await request('GET', path, opts);
  return (await res.json()) as T;
}

// A paged list: the items and X-Total-Count.
export async function getPage<T>(path: string): Promise<Page<T>> {
  const res = await request('GET', path);
  const items = ((await res.json()) as T[] | null) ?? [];
  const total = Number(res.headers.get('X-Total-Count') ?? items.length);
  return { items, total };
}

export async function postJson(path: string, json: unknown): Promise<Response> {
  return request('POST', path, { json });
}

// Query string from defined values only.
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}
