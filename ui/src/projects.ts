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
}

export const ROLES: Record<number, string> = {
  1: 'Project Admin',
  2: 'Developer',
  3: 'Guest',
  4: 'Maintainer',
  5: 'Limited Guest',
};

export function isProxyCache(p: Project): boolean {
  return !!p.registry_id;
}
