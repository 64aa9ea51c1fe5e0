// Harbor's left panel (harbor-portal.md §1.3): the same entries, labels, icons and order. An
// entry whose page Berth's portal does not have yet is hidden (`built: false`), never a dead link;
// turning a page on is one word here plus its route in routes.ts.

export interface NavEntry {
  label: string;
  icon: string;
  path: string;
  built: boolean;
}

export interface NavGroup {
  label: string;
  icon: string;
  adminOnly: boolean;
  children: NavEntry[];
}

export const TOP_ENTRIES: NavEntry[] = [
  { label: 'Projects', icon: 'organization', path: '/harbor/projects', built: true },
  { label: 'Logs', icon: 'list', path: '/harbor/logs', built: true },
];

export const ADMINISTRATION: NavGroup = {
  label: 'Administration',
  icon: 'administrator',
  adminOnly: true,
  children: [
    { label: 'Users', icon: 'users', path: '/harbor/users', built: true },
    { label: 'Robot Accounts', icon: 'assign-user', path: '/harbor/robot-accounts', built: true },
    // Groups: only with an auth mode other than the database; Berth has only the database.
    { label: 'Registries', icon: 'block', path: '/harbor/registries', built: true },
    { label: 'Replications', icon: 'cloud-traffic', path: '/harbor/replications', built: true },
    { label: 'Distributions', icon: 'share', path: '/harbor/distribution/instances', built: false },
    { label: 'Labels', icon: 'tag', path: '/harbor/labels', built: true },
    { label: 'Project Quotas', icon: 'resource-pool', path: '/harbor/project-quotas', built: false },
    { label: 'Interrogation Services', icon: 'shield', path: '/harbor/interrogation-services', built: true },
    { label: 'Clean Up', icon: 'trash', path: '/harbor/clearing-job', built: false },
    { label: 'Job Service Dashboard', icon: 'dashboard', path: '/harbor/job-service-dashboard', built: false },
    { label: 'Configuration', icon: 'cog', path: '/harbor/configs', built: true },
  ],
};

// Highlighted by route prefix, as in Harbor.
export function isActive(entry: NavEntry, path: string): boolean {
  return path === entry.path || path.startsWith(entry.path + '/');
}
