// Projects as the API returns them, and Harbor's names of the project roles.

export interface Project {
  project_id: number;
  name: string;
  registry_id?: number | null;
  repo_count?: number;
  creation_time?: string;
  update_time?: string;
  current_user_role_id?: number;
  current_user_role_ids?: number[];
  owner_name?: string;
  metadata?: Record<string, string>;
  cve_allowlist?: CveAllowlist;
  // Beyond Harbor's Project: its quota, as the project summary gives it (bytes; hard -1 = unlimited).
  quota?: Quota;
}

export interface Quota {
  hard?: { storage?: number };
  used?: { storage?: number };
}

// "1.2 MiB of 10 GiB" / "… of unlimited", as Harbor words a quota.
export function quotaText(q: Quota | undefined, size: (bytes: number) => string): string {
  const hard = q?.hard?.storage ?? -1;
  return `${size(q?.used?.storage ?? 0)} of ${hard < 0 ? 'unlimited' : size(hard)}`;
}

export interface CveAllowlist {
  items?: { cve_id: string }[];
  // Unix seconds; absent or null: never expires.
  expires_at?: number | null;
}

export const ROLES: Record<number, string> = {
  1: 'Project Admin',
  2: 'Developer',
  3: 'Guest',
  4: 'Maintainer',
  5: 'Limited Guest',
};

// Harbor's order of the roles (Set Role, the New Member dialog).
export const ROLE_ORDER = [1, 4, 2, 3, 5];

// A project member as GET /projects/{id}/members returns it.
export interface Member {
  id: number;
  entity_id: number;
  entity_name: string;
  entity_type: string; // u: user, g: group
  role_id: number;
}

export function isProxyCache(p: Project): boolean {
  return !!p.registry_id;
}

// Members and the Members tab may be seen by project members from Guest up (Limited Guests and
// non-members of a public project may not), and by system administrators.
export function canSeeMembers(p: Project, sysadmin: boolean): boolean {
  return sysadmin || [1, 2, 3, 4].includes(p.current_user_role_id ?? 0);
}
