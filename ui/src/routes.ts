// Which page answers which path under /harbor (Harbor's routes, harbor-portal.md §1.2). A pattern
// segment `:name` matches one path segment (decoded, so a nested repository `a%2Fb` arrives as
// `a/b`); a last segment `*` matches the rest. A page not built yet answers "page not found",
// like any unknown path. One table, grouped by area; each area adds its rows in its own group.
import { html, type TemplateResult } from 'lit';
import { isAdmin, type CurrentUser } from './session';
import './pages/projects-page';
import './pages/registries-page';
import './pages/project/project-page';
import './pages/interrogation/interrogation-page';
import './pages/configs/configs-page';
import './pages/replications/replications-page';
import './pages/replications/tasks-page';
import './pages/artifacts/repository-page';
import './pages/artifacts/artifact-page';
import './pages/users/users-page';
import './pages/robots/robots-page';
import './pages/labels/labels-page';
import './pages/logs/logs-page';
import { appUrl } from './app-url';

export type Params = Record<string, string>;

interface Route {
  pattern: string;
  adminOnly: boolean;
  page: (p: Params) => TemplateResult;
}

const ROUTES: Route[] = [
  // Projects and the project page's tabs (pages/project/tabs.ts says which tabs exist).
  { pattern: '/harbor/projects', adminOnly: false, page: () => html`<berth-projects-page></berth-projects-page>` },
  {
    pattern: '/harbor/projects/:id/:tab/*',
    adminOnly: false,
    page: (p) =>
      html`<berth-project-page .projectId=${Number(p.id)} .tab=${p.tab} .rest=${p['*']}></berth-project-page>`,
  },
  // Repositories and artifacts: the repository page (Info and Artifacts tabs, an index's
  // children at depth/<index digest>) and the artifact page.
  { pattern: '/harbor/projects/:id/repositories/:repo/artifacts-tab', adminOnly: false, page: (p) => repositoryPage(p, 'artifacts') },
  // Berth's Tags view of the Artifacts tab (one row per tag, harbor-portal.md §4.4).
  { pattern: '/harbor/projects/:id/repositories/:repo/artifacts-tab/tags', adminOnly: false, page: (p) => repositoryPage(p, 'tags') },
  { pattern: '/harbor/projects/:id/repositories/:repo/info-tab', adminOnly: false, page: (p) => repositoryPage(p, 'info') },
  { pattern: '/harbor/projects/:id/repositories/:repo/artifacts-tab/depth/:depth', adminOnly: false, page: (p) => repositoryPage(p, 'artifacts') },
  { pattern: '/harbor/projects/:id/repositories/:repo/artifacts-tab/artifacts/:digest', adminOnly: false, page: artifactPage },
  { pattern: '/harbor/projects/:id/repositories/:repo/artifacts-tab/depth/:depth/artifacts/:digest', adminOnly: false, page: artifactPage },

  // Administration.
  { pattern: '/harbor/registries', adminOnly: true, page: () => html`<berth-registries-page></berth-registries-page>` },
  // Replications.
  { pattern: '/harbor/replications', adminOnly: true, page: () => html`<berth-replications-page></berth-replications-page>` },
  {
    pattern: '/harbor/replications/:id/tasks',
    adminOnly: true,
    page: (p) => html`<berth-replication-tasks-page .executionId=${Number(p.id)}></berth-replication-tasks-page>`,
  },

  // Interrogation Services.
  {
    pattern: '/harbor/interrogation-services/:tab',
    adminOnly: true,
    page: (p) => html`<berth-interrogation-page .tab=${p.tab}></berth-interrogation-page>`,
  },

  // Users, Robot Accounts, Labels, Logs, Configuration, account.
  { pattern: '/harbor/configs/:tab', adminOnly: true, page: (p) => html`<berth-configs-page .tab=${p.tab}></berth-configs-page>` },
  { pattern: '/harbor/users', adminOnly: true, page: () => html`<berth-users-page></berth-users-page>` },
  { pattern: '/harbor/robot-accounts', adminOnly: true, page: () => html`<berth-robots-page></berth-robots-page>` },
  { pattern: '/harbor/labels', adminOnly: true, page: () => html`<berth-labels-page></berth-labels-page>` },
  // Harbor's two log tabs; Berth's one log answers both (pages/logs/logs-page.ts).
  { pattern: '/harbor/logs/audit-log', adminOnly: false, page: () => html`<berth-logs-page></berth-logs-page>` },
  { pattern: '/harbor/logs/audit-legacy-log', adminOnly: false, page: () => html`<berth-logs-page></berth-logs-page>` },
];

// Paths that show another path's page, as Harbor's router redirects them.
const REDIRECTS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^\/harbor\/projects\/(\d+)$/, (m) => `/harbor/projects/${m[1]}/repositories`],
  // Harbor opens on Security Hub, which Berth's API has no data for: Scanners instead.
  [/^\/harbor\/interrogation-services(\/security-hub)?$/, () => '/harbor/interrogation-services/scanners'],
  // Berth's API exposes only Harbor's Security settings (the system CVE allowlist).
  [/^\/harbor\/configs$/, () => '/harbor/configs/security'],
  [/^\/harbor\/projects\/(\d+)\/repositories\/([^/]+)$/, (m) => `/harbor/projects/${m[1]}/repositories/${m[2]}/artifacts-tab`],
  [/^\/harbor\/logs$/, () => '/harbor/logs/audit-log'],
];

export function redirectFor(path: string): string | null {
  for (const [re, to] of REDIRECTS) {
    const m = path.match(re);
    if (m) return to(m);
  }
  return null;
}

// The parameters when `path` matches `pattern`, else null.
export function matchRoute(pattern: string, path: string): Params | null {
  const want = pattern.split('/');
  const got = path.split('/');
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*') {
      params['*'] = got.slice(i).join('/');
      return params;
    }
    if (i >= got.length) return null;
    if (want[i].startsWith(':')) {
      if (!got[i]) return null;
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== got[i]) return null;
  }
  return got.length === want.length ? params : null;
}

function repositoryPage(p: Params, view: 'artifacts' | 'tags' | 'info'): TemplateResult {
  return html`<berth-repository-page .projectId=${Number(p.id)} .repo=${p.repo} .view=${view}
    .depth=${p.depth ?? ''}></berth-repository-page>`;
}

function artifactPage(p: Params): TemplateResult {
  return html`<berth-artifact-page .projectId=${Number(p.id)} .repo=${p.repo} .depth=${p.depth ?? ''}
    .digest=${p.digest}></berth-artifact-page>`;
}

// A route ending in `*` answers only when no route without one matches (the project page's
// `/harbor/projects/:id/:tab/*` must not swallow the repository and artifact pages).
const ORDERED = [...ROUTES.filter((r) => !r.pattern.endsWith('*')), ...ROUTES.filter((r) => r.pattern.endsWith('*'))];

export function resolvePage(path: string, user: CurrentUser): TemplateResult {
  for (const route of ORDERED) {
    const params = matchRoute(route.pattern, path);
    if (!params) continue;
    if (route.adminOnly && !isAdmin(user)) {
      return html`<h2>Not allowed</h2><p>Only system administrators can open this page.</p>`;
    }
    return route.page(params);
  }
  return html`<h2>Page not found</h2>
    <p>Berth's portal has no page at <code>${path}</code> yet. <a href=${appUrl('/harbor/projects')}>Go to Projects</a>.</p>`;
}
