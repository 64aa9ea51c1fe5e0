// Scanning as Berth's API gives it: scanner registrations and their metadata, the imported
// vulnerability database (a Berth extension), the scan-all schedule and metrics.
import { API, ApiError, getJson } from './api';

export interface Scanner {
  uuid: string;
  name: string;
  description?: string;
  url: string;
  // '' (none), Basic, Bearer or X-ScannerAdapter-API-Key (Harbor's form calls the last "APIKey").
  auth: string;
  disabled: boolean;
  is_default: boolean;
  skip_certVerify: boolean;
  use_internal_addr: boolean;
  capabilities?: { support_vulnerability?: boolean; support_sbom?: boolean };
}

export interface ScannerMetadata {
  scanner?: { name?: string; vendor?: string; version?: string };
  capabilities?: { type?: string; consumes_mime_types?: string[]; produces_mime_types?: string[] }[];
  properties?: Record<string, string>;
}

// What the health probe found for one registration.
export type Health = { state: 'loading' } | { state: 'healthy'; metadata: ScannerMetadata } | { state: 'unhealthy'; reason: string };

export interface VulnDbInfo {
  schema_version?: number;
  updated_at?: string;
  next_update?: string;
  downloaded_at?: string;
  imported_at?: string;
  size_bytes?: number;
}

export interface ScanAllMetrics {
  total: number;
  completed: number;
  metrics: Record<string, number>;
  ongoing: boolean;
  trigger: string;
}

export interface Schedule {
  type: string; // None, Hourly, Daily, Weekly, Custom
  cron: string;
  next_scheduled_time?: string;
}

export const API_KEY_AUTH = 'X-ScannerAdapter-API-Key';
export const REPORT_MIME = 'application/vnd.security.vulnerability.report; version=1.1';

// Berth's built-in scanner (url internal://trivy) cannot be edited, deactivated or deleted.
export function isBuiltin(s: Scanner): boolean {
  return s.url.startsWith('internal://');
}

// The Authorization column and select as Harbor words them.
export function authLabel(auth: string): string {
  if (!auth) return 'None';
  return auth === API_KEY_AUTH || auth === 'APIKey' ? 'APIKey' : auth;
}

// Does the scanner produce reports of this kind ('vulnerability' or 'sbom')? The built-in
// registration says so itself; an external one through its metadata.
export function supports(s: Scanner, h: Health | undefined, kind: 'vulnerability' | 'sbom'): boolean | undefined {
  if (s.capabilities) return kind === 'sbom' ? !!s.capabilities.support_sbom : !!s.capabilities.support_vulnerability;
  if (h?.state !== 'healthy') return undefined;
  return (h.metadata.capabilities ?? []).some((c) =>
    c.type ? c.type === kind : kind === 'vulnerability' && (c.produces_mime_types ?? []).some((m) => m.includes('vulnerability')),
  );
}

// Berth's GET /scanners/{id} asks the adapter and answers 200 with `health` either way; only a
// healthy adapter is then asked for its metadata (for an unreachable one /metadata is a 500).
export async function probeHealth(uuid: string): Promise<Health> {
  try {
    const reg = await getJson<{ health?: string }>(`${API}/scanners/${uuid}`);
    if (reg.health !== 'healthy') return { state: 'unhealthy', reason: '' };
    const metadata = await getJson<ScannerMetadata>(`${API}/scanners/${uuid}/metadata`);
    return { state: 'healthy', metadata };
  } catch (e) {
    return { state: 'unhealthy', reason: e instanceof Error ? e.message : String(e) };
  }
}

// Why an unhealthy adapter did not answer, in Berth's words (asked when its row is opened).
export async function unhealthyReason(uuid: string): Promise<string> {
  try {
    await getJson(`${API}/scanners/${uuid}/metadata`);
    return 'it answers now: refresh the list.';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

// The imported database, or null when none is installed (Berth answers 404).
export async function vulnDbInfo(): Promise<VulnDbInfo | null> {
  try {
    return await getJson<VulnDbInfo>(`${API}/system/vulnerability-database`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

// One finding of a vulnerability report (the vulnerabilities addition, report version 1.1).
export interface Finding {
  id: string;
  package: string;
  version: string;
  fix_version?: string;
  severity: string;
  description?: string;
  links?: string[];
  cwe_ids?: string[] | null;
  preferred_cvss?: { score_v3?: number | null; score_v2?: number | null; vector_v3?: string; vector_v2?: string } | null;
  status?: string;
}

// The vulnerabilities addition of one artifact: the report under its MIME type.
export interface VulnReport {
  scanner?: { name?: string; version?: string };
  vulnerabilities?: Finding[] | null;
}
