// The trail above the repository and artifact pages: Projects, the project, the repository, then
// one crumb per index level (`depth/<d1>-<d2>…`). A page leaves out the crumb of itself.
import { html } from 'lit';
import { appUrl } from '../../app-url';
import { repoPath, shortDigest } from '../../artifacts';
import { type Project } from '../../projects';

export function artifactsBreadcrumb(p: Project, repo: string, depth: string, withCurrentLevel: boolean) {
  const base = repoPath(p.project_id, repo) + '/artifacts-tab';
  const digests = depth ? depth.split('-') : [];
  const trail = [
    html`<a href=${appUrl(base)}>&lt; ${repo}</a>`,
    ...digests.map(
      (d, i) => html`<a href=${appUrl(`${base}/depth/${digests.slice(0, i + 1).join('-')}`)}>&lt; ${shortDigest(d)}</a>`,
    ),
  ];
  return html`<nav class="berth-breadcrumb" aria-label="Breadcrumb">
    <a href=${appUrl('/harbor/projects')}>&lt; Projects</a>
    <a href=${appUrl(`/harbor/projects/${p.project_id}/repositories`)}>&lt; ${p.name}</a>
    ${withCurrentLevel ? trail : trail.slice(0, -1)}
  </nav>`;
}
