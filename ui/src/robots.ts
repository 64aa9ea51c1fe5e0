// Robot accounts as the API returns them, Harbor's names for the resources and actions of the
// permission grid, and the expiry as Harbor words it.

export interface Access {
  resource: string;
  action: string;
  effect?: string;
}

export interface RobotPermission {
  kind: 'project' | 'system';
  namespace: string; // a project name, or '*' for every project
  access: Access[];
}

export interface Robot {
  id: number;
  name: string;
  description?: string;
  level: 'system' | 'project';
  duration: number;
  disable: boolean;
  expires_at: number; // unix seconds, -1 never
  permissions: RobotPermission[];
  creation_time?: string;
}

// What POST /robots answers, the only time the secret is shown.
export interface RobotCreated {
  id: number;
  name: string;
  secret: string;
  creation_time?: string;
  expires_at?: number;
}

// The grants a robot may be given (GET /permissions).
export interface PermissionCatalogue {
  system: Access[];
  project: Access[];
}

export const ROBOT_PREFIX = 'robot$';
export const DEFAULT_DURATION_DAYS = 30;
// Berth's rule for the part after the prefix (Harbor's lower-case name grammar).
export const ROBOT_NAME_RULE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const RESOURCE_NAMES: Record<string, string> = {
  accessory: 'Accessory',
  artifact: 'Artifact',
  'artifact-addition': 'Artifact Addition',
  'artifact-label': 'Artifact Label',
  'export-cve': 'Export CVE',
  'immutable-tag': 'Immutable Tag',
  label: 'Label',
  log: 'Log',
  member: 'Project Member',
  metadata: 'Project Metadata',
  'notification-policy': 'Notification Policy',
  'preheat-policy': 'Preheat Policy',
  project: 'Project',
  quota: 'Quota',
  repository: 'Repository',
  robot: 'Robot Account',
  sbom: 'SBOM',
  scan: 'Scan',
  scanner: 'Scanner',
  tag: 'Tag',
  'tag-retention': 'Tag Retention',
  'webhook-policy': 'Webhook Policy',
};

const ACTION_NAMES: Record<string, string> = {
  create: 'Create', delete: 'Delete', list: 'List', operate: 'Operate', pull: 'Pull', push: 'Push',
  read: 'Read', stop: 'Stop', update: 'Update',
};

export function resourceName(r: string): string {
  return RESOURCE_NAMES[r] ?? r;
}
export function actionName(a: string): string {
  return ACTION_NAMES[a] ?? a;
}

export function sameAccess(a: Access, b: Access): boolean {
  return a.resource === b.resource && a.action === b.action;
}

// Harbor refuses a robot that may push but not pull (a push needs the pull).
export function pushWithoutPull(access: Access[]): boolean {
  const has = (action: string) => access.some((a) => a.resource === 'repository' && a.action === action);
  return has('push') && !has('pull');
}

// The expiry in plain words (Harbor #13983, #8282, #11764: Harbor's "29d 23h 59m" left users
// guessing): "Never Expires", "Expires in N days" (hours or minutes in the last day), "Expired";
// `date` says when, for the line under it.
export function expiresIn(
  expiresAt: number,
  now = Date.now(),
): { text: string; date: string; tone: 'ok' | 'warn' | 'expired' } {
  if (expiresAt === -1) return { text: 'Never Expires', date: '', tone: 'ok' };
  const date = new Date(expiresAt * 1000).toISOString();
  const left = expiresAt * 1000 - now;
  if (left <= 0) return { text: 'Expired', date, tone: 'expired' };
  const day = 86_400_000, hour = 3_600_000, minute = 60_000;
  // Rounded: a robot made a second ago for 30 days "Expires in 30 days".
  const [n, unit] = left >= day ? [Math.round(left / day), 'day'] : left >= hour ? [Math.round(left / hour), 'hour'] : [Math.max(1, Math.round(left / minute)), 'minute'];
  return { text: `Expires in ${n} ${unit}${n === 1 ? '' : 's'}`, date, tone: left >= 7 * day ? 'ok' : 'warn' };
}
