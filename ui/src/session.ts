// Who is signed in, and Berth's system information. The session itself is the `sid` cookie
// (HttpOnly): the portal only learns whether it is valid by asking /users/current.
import { API, ApiError, getJson, request } from './api';

export interface CurrentUser {
  user_id: number;
  username: string;
  email?: string;
  realname?: string;
  sysadmin_flag: boolean;
  admin_role_in_auth?: boolean;
}

export interface SystemInfo {
  auth_mode?: string;
  harbor_version?: string;
  registry_url?: string;
  external_url?: string;
  banner_message?: string;
  project_creation_restriction?: string;
  read_only?: boolean;
  self_registration?: boolean;
}

const DEFAULT_PASSWORD_KEY = 'berth-default-admin-password';

export function isAdmin(u: CurrentUser | null): boolean {
  return !!u && (u.sysadmin_flag || !!u.admin_role_in_auth);
}

// null when nobody is signed in (401).
export async function currentUser(): Promise<CurrentUser | null> {
  try {
    return await getJson<CurrentUser>(`${API}/users/current`, { expect401: true });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 412)) return null;
    throw e;
  }
}

export async function systemInfo(): Promise<SystemInfo> {
  return getJson<SystemInfo>(`${API}/systeminfo`, { expect401: true });
}

export async function signIn(principal: string, password: string): Promise<void> {
  await request('POST', '/c/login', { form: { principal, password }, expect401: true });
  // Berth has no API that says whether the admin password is still the first-start default; the
  // portal knows it when that is the password just typed, and reminds the admin until they leave.
  if (principal === 'admin' && password === 'Harbor12345') sessionStorage.setItem(DEFAULT_PASSWORD_KEY, '1');
  else sessionStorage.removeItem(DEFAULT_PASSWORD_KEY);
}

export async function signOut(): Promise<void> {
  sessionStorage.removeItem(DEFAULT_PASSWORD_KEY);
  await request('GET', '/c/log_out', { expect401: true });
}

// The password was changed in the portal: the default-password reminder goes.
export function forgetDefaultPassword(): void {
  sessionStorage.removeItem(DEFAULT_PASSWORD_KEY);
}

export function adminPasswordIsDefault(): boolean {
  return sessionStorage.getItem(DEFAULT_PASSWORD_KEY) === '1';
}
