// The labels that may go on an artifact of a project, as Harbor's label pickers list them: the
// project's own labels, then the global ones (one page of 100 each, as Harbor loads them).
import { API, getPage, query } from '../../api';
import type { Label } from '../../labels';

export async function artifactLabels(projectId: number): Promise<Label[]> {
  const [own, global] = await Promise.all([
    getPage<Label>(`${API}/labels` + query({ scope: 'p', project_id: projectId, page_size: 100 })),
    getPage<Label>(`${API}/labels` + query({ scope: 'g', page_size: 100 })),
  ]);
  return [...own.items, ...global.items];
}
