// Which page answers which path under /harbor (Harbor's routes, harbor-portal.md §1.2). A page
// not built yet answers "page not found", like any unknown path.
import { html, type TemplateResult } from 'lit';
import { isAdmin, type CurrentUser } from './session';
import './pages/projects-page';
import './pages/registries-page';

interface Route {
  path: string;
  adminOnly: boolean;
  page: () => TemplateResult;
}

const ROUTES: Route[] = [
  { path: '/harbor/projects', adminOnly: false, page: () => html`<berth-projects-page></berth-projects-page>` },
  { path: '/harbor/registries', adminOnly: true, page: () => html`<berth-registries-page></berth-registries-page>` },
];

export function resolvePage(path: string, user: CurrentUser): TemplateResult {
  const route = ROUTES.find((r) => r.path === path);
  if (!route) {
    return html`<h2>Page not found</h2>
      <p>Berth's portal has no page at <code>${path}</code> yet. <a href="/harbor/projects">Go to Projects</a>.</p>`;
  }
  if (route.adminOnly && !isAdmin(user)) {
    return html`<h2>Not allowed</h2><p>Only system administrators can open this page.</p>`;
  }
  return route.page();
}
