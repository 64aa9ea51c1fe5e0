// Repositories, artifacts, tags and scan results as the API returns them, and the few rules the
// pages share: how a repository name goes into an API path (twice encoded) and into a portal
// path (once), Harbor's size format, the pull commands, the scan states.
import { API, getJson } from './api';
import { systemInfo } from './session';
import { type Label } from './labels';

export interface Repository {
  id: number;
  project_id: number;
  name: string; // project/repo
  description?: string;
  artifact_count?: number;
  pull_count?: number;
  creation_time?: string;
  update_time?: string;
}

export interface Tag {
  id: number;
  name: string;
  push_time?: string;
  pull_time?: string;
  immutable?: boolean;
}

// An artifact's labels are the API's labels (global or project).
export type { Label } from './labels';

export interface SeveritySummary {
  total?: number;
  fixable?: number;
  summary?: Record<string, number>;
}

export interface ScanOverview {
  report_id?: string;
  scan_status?: string; // Pending, Running, Success, Error, Stopped
  severity?: string;
  duration?: number;
  start_time?: string;
  end_time?: string;
  complete_percent?: number;
  scanner?: { name?: string; vendor?: string; version?: string };
  summary?: SeveritySummary;
}

export interface Reference {
  child_digest: string;
  child_id?: number;
  platform?: { architecture?: string; os?: string; variant?: string };
}

export interface Artifact {
  id: number;
  type: string;
  media_type?: string;
  manifest_media_type?: string;
  artifact_type?: string;
  repository_name?: string;
  digest: string;
  size: number;
  push_time?: string;
  pull_time?: string;
  tags?: Tag[] | null;
  labels?: Label[] | null;
  accessories?: Accessory[] | null; // with_accessory=true
  annotations?: Record<string, string>;
  extra_attrs?: Record<string, unknown>;
  references?: Reference[];
  addition_links?: Record<string, { href: string; absolute?: boolean }>;
  scan_overview?: Record<string, ScanOverview>;
}

export interface Accessory {
  id: number;
  artifact_id: number;
  digest: string;
  type: string;
  size: number;
  subject_artifact_digest?: string;
  creation_time?: string;
}

// The report type scan overviews and the vulnerabilities addition are keyed by (Berth answers
// with it whatever X-Accept-Vulnerabilities says, so the portal does not send that header).
export const VULN_MIME = 'application/vnd.security.vulnerability.report; version=1.1';

export function scanOverview(a: Artifact): ScanOverview | undefined {
  const o = a.scan_overview;
  if (!o) return undefined;
  return o[VULN_MIME] ?? Object.values(o)[0];
}

// A scan that is queued or running: the pages poll until it ends.
export function scanInProgress(a: Artifact): boolean {
  const s = scanOverview(a)?.scan_status;
  return s === 'Pending' || s === 'Running' || s === 'Scheduled';
}

// Only images (and indexes of images) can be scanned for vulnerabilities.
export function scannable(a: Artifact): boolean {
  return a.type === 'IMAGE';
}

export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'None'] as const;

// The repository's name below its project ("proj/a/b" → "a/b").
export function shortRepoName(fullName: string, project: string): string {
  return fullName.startsWith(project + '/') ? fullName.slice(project.length + 1) : fullName;
}

// API paths take the repository name below the project encoded twice (a/b → a%252Fb).
export function repoApi(project: string, repo: string): string {
  return `${API}/projects/${encodeURIComponent(project)}/repositories/${encodeURIComponent(encodeURIComponent(repo))}`;
}

export function artifactApi(project: string, repo: string, reference: string): string {
  return `${repoApi(project, repo)}/artifacts/${encodeURIComponent(reference)}`;
}

// Portal paths take it encoded once, as one segment (a/b → a%2Fb).
export function repoPath(projectId: number, repo: string): string {
  return `/harbor/projects/${projectId}/repositories/${encodeURIComponent(repo)}`;
}

export function artifactPath(projectId: number, repo: string, digest: string, depth = ''): string {
  const base = `${repoPath(projectId, repo)}/artifacts-tab`;
  return `${base}${depth ? `/depth/${depth}` : ''}/artifacts/${digest}`;
}

export function shortDigest(digest: string): string {
  return digest.slice(0, 15);
}

// Harbor's size format: B, KiB, MiB, GiB with two decimals.
export function sizeText(bytes: number | undefined): string {
  const n = Number(bytes ?? 0);
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (n < 1024) return `${n}B`;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

// Harbor writes "0001-01-01T00:00:00Z" for "never".
export function everHappened(iso: string | undefined): boolean {
  return !!iso && !iso.startsWith('0001-');
}

// The registry host pull commands name: /systeminfo's registry_url (external_url without its
// scheme). Asked once per page load.
let registryHost: Promise<string> | null = null;
export function registryHostName(): Promise<string> {
  registryHost ??= systemInfo()
    .then((i) => i.registry_url || (i.external_url ?? '').replace(/^https?:\/\//, '') || location.host)
    .catch(() => location.host);
  return registryHost;
}

export function pullByTag(host: string, fullRepo: string, tag: string): string {
  return `docker pull ${host}/${fullRepo}:${tag}`;
}

export function pullByDigest(host: string, fullRepo: string, digest: string): string {
  return `docker pull ${host}/${fullRepo}@${digest}`;
}

export async function getArtifact(project: string, repo: string, reference: string): Promise<Artifact> {
  const q = 'with_tag=true&with_label=true&with_scan_overview=true';
  return getJson<Artifact>(`${artifactApi(project, repo, reference)}?${q}`);
}
