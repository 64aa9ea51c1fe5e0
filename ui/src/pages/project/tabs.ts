// The project page's tabs, in Harbor's order with Harbor's labels and paths
// (/harbor/projects/:id/<key>, harbor-portal.md §1.2). A tab whose page Berth's portal does not
// have yet has no `render` and is hidden, never dead; turning one on is its render line here.
import { html, type TemplateResult } from 'lit';
import { canSeeMembers, type Project } from '../../projects';
import { isAdmin, type CurrentUser } from '../../session';
import '../artifacts/repositories-tab';
import '../labels/label-list';
import '../logs/audit-log-list';
import '../robots/robot-list';
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

const MAINTAINER = 4;
// Robot accounts and logs need robot:list / log:list: guests and up (roles 1-4), not limited
// guests nor visitors of a public project; system administrators see everything.
const aboveLimitedGuest = (c: TabContext) => {
  const role = c.project.current_user_role_id ?? 0;
  return c.canManage || (role >= 1 && role <= 4);
};

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
  {
    key: 'labels',
    label: 'Labels',
    render: (c) => html`<berth-label-list scope="p" .projectId=${c.project.project_id}
      .canManage=${c.canManage || c.project.current_user_role_id === MAINTAINER}></berth-label-list>`,
  },
  { key: 'scanner', label: 'Scanner' },
  { key: 'tag-strategy', label: 'Policy' },
  {
    key: 'robot-account',
    label: 'Robot Accounts',
    render: (c) => html`<berth-robot-list .project=${c.project} .canManage=${c.canManage}></berth-robot-list>`,
    visible: aboveLimitedGuest,
  },
  { key: 'webhook', label: 'Webhooks' },
  {
    key: 'logs',
    label: 'Logs',
    render: (c) => html`<berth-audit-log-list .projectName=${c.project.name}></berth-audit-log-list>`,
    visible: aboveLimitedGuest,
  },
  { key: 'configs', label: 'Configuration', render: (c) => html`<berth-project-configs .ctx=${c}></berth-project-configs>` },
];
