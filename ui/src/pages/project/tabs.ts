// The project page's tabs, in Harbor's order with Harbor's labels and paths
// (/harbor/projects/:id/<key>, harbor-portal.md §1.2). A tab whose page Berth's portal does not
// have yet has no `render` and is hidden, never dead; turning one on is its render line here.
import { html, type TemplateResult } from 'lit';
import { canSeeMembers, type Project } from '../../projects';
import { isAdmin, type CurrentUser } from '../../session';
import '../artifacts/repositories-tab';
import './configs-tab';
import './members-tab';
import './summary-tab';

export interface TabContext {
  project: Project;
  // The path after the tab's key (for tabs with sub-pages), '' otherwise.
  rest: string;
  // The signed-in user may change the project (project admin or system admin).
  canManage: boolean;
  // Who is signed in (the Members tab keeps them from changing their own role).
  user: CurrentUser | null;
  // Asks the shell to load the project again (after its settings changed).
  reload: () => void;
}

export interface ProjectTab {
  key: string;
  label: string;
  render?: (c: TabContext) => TemplateResult;
  // Only some users see the tab (Harbor hides Members and Robot Accounts from guests, …).
  visible?: (c: TabContext) => boolean;
}

export const PROJECT_TABS: ProjectTab[] = [
  { key: 'summary', label: 'Summary', render: (c) => html`<berth-project-summary .ctx=${c}></berth-project-summary>` },
  {
    key: 'repositories',
    label: 'Repositories',
    render: (c) => html`<berth-repositories-tab .project=${c.project}></berth-repositories-tab>`,
  },
  {
    key: 'members',
    label: 'Members',
    render: (c) => html`<berth-project-members .ctx=${c}></berth-project-members>`,
    visible: (c) => canSeeMembers(c.project, isAdmin(c.user)),
  },
  { key: 'labels', label: 'Labels' },
  { key: 'scanner', label: 'Scanner' },
  { key: 'tag-strategy', label: 'Policy' },
  { key: 'robot-account', label: 'Robot Accounts' },
  { key: 'webhook', label: 'Webhooks' },
  { key: 'logs', label: 'Logs' },
  { key: 'configs', label: 'Configuration', render: (c) => html`<berth-project-configs .ctx=${c}></berth-project-configs>` },
];
