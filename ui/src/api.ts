// Every call to Berth goes through here: the CSRF token as Harbor's portal handles it (copied from
// the X-Harbor-CSRF-Token response header into localStorage `__csrf`, sent back on unsafe
// methods, one retry on "CSRF token invalid"), Harbor's error format turned into one sentence,
// and a 401 on an API call announced as an expired session. Paths are app paths ('/api/v2.0/...'):
// appUrl() puts them under the base the portal is served at (a reverse proxy's prefix).

import { appUrl } from './app-url';

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

// Requests the portal makes by itself (a poller refreshing a running job) carry this header so
// that Berth does not count them as the user's activity: the session timeout is an idle timeout
// that only the user's own requests renew (Harbor #22822; docs/API.md). A user request sent
// during a poll's few milliseconds is marked too; the user's next action renews the session.
export const BACKGROUND_HEADER = 'X-Berth-Background';
let backgroundDepth = 0;

// Runs `work` with every API request it sends marked as background.
export async function inBackground<T>(work: () => Promise<T>): Promise<T> {
  backgroundDepth++;
  try {
    return await work();
  } finally {
    backgroundDepth--;
  }
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
function messageOf(status: number, statusText: string, text: string): string {
  try {
    const body = JSON.parse(text);
    const first = body?.errors?.[0];
    if (first?.message) return String(first.message);
    if (body?.message) return String(body.message);
  } catch {
    /* not JSON */
  }
  if (status >= 500) return 'Berth is not available right now (HTTP ' + status + ').';
  return text.trim() || `HTTP ${status} ${statusText}`;
}

async function errorMessage(res: Response): Promise<string> {
  return messageOf(res.status, res.statusText, await res.text().catch(() => ''));
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
  if (backgroundDepth > 0) headers[BACKGROUND_HEADER] = '1';
  const res = await fetch(appUrl(path), { method, headers, body, credentials: 'same-origin' });
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

// Sends a file as the request body and reports the upload's progress, which fetch() cannot:
// XMLHttpRequest with the same CSRF header, one retry on "CSRF token invalid", the error as one
// sentence and a 401 announced as an expired session, as request() does. Resolves with the
// response text. `signal` aborts the upload (the promise then rejects with "cancelled").
export function upload(
  method: string,
  path: string,
  file: Blob,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const once = () =>
    new Promise<XMLHttpRequest>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, appUrl(path));
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.setRequestHeader(CSRF_HEADER, localStorage.getItem(CSRF_KEY) ?? '');
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onload = () => {
        const token = xhr.getResponseHeader(CSRF_HEADER);
        if (token) localStorage.setItem(CSRF_KEY, token);
        resolve(xhr);
      };
      xhr.onerror = () => reject(new ApiError(0, 'The upload stopped: Berth could not be reached.'));
      xhr.onabort = () => reject(new ApiError(0, 'The upload was cancelled.'));
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(file);
    });
  return once()
    .then((xhr) => (xhr.status === 403 && xhr.responseText.includes('CSRF token invalid') ? once() : xhr))
    .then((xhr) => {
      if (xhr.status >= 200 && xhr.status < 300) return xhr.responseText;
      if (xhr.status === 401) window.dispatchEvent(new CustomEvent(SESSION_EXPIRED));
      throw new ApiError(xhr.status, messageOf(xhr.status, xhr.statusText, xhr.responseText));
    });
}
