// What the signed-in user may do in a project, as Harbor's portal learns it: the role's
// {resource, action} pairs from /users/current/permissions (system admins get them all). Pages
// hide or disable the buttons the user may not use; the server checks again.
import { API, getJson, query } from './api';

export interface Permissions {
  can(resource: string, action: string): boolean;
}

interface Grant {
  resource: string;
  action: string;
}

const cache = new Map<number, Promise<Permissions>>();

export function projectPermissions(projectId: number): Promise<Permissions> {
  let p = cache.get(projectId);
  if (!p) {
    p = getJson<Grant[]>(`${API}/users/current/permissions` + query({ scope: `/project/${projectId}`, relative: 'true' }))
      .then((grants) => {
        const set = new Set((grants ?? []).map((g) => `${g.resource}:${g.action}`));
        return { can: (resource: string, action: string) => set.has(`${resource}:${action}`) };
      })
      .catch((e) => {
        cache.delete(projectId); // ask again next time
        throw e;
      });
    cache.set(projectId, p);
  }
  return p;
}

// Nothing allowed: until the answer arrives, or when it failed.
export const NO_PERMISSIONS: Permissions = { can: () => false };
