// Replication rules, executions and tasks as Berth's API returns them (Harbor's shapes plus
// Berth's bytes_total/bytes_done, status_text and dest_repository_settings), and the words
// Harbor's portal shows for their values.
import { type Registry } from './registries';

export type TriggerType = 'manual' | 'scheduled' | 'event_based';

export interface ReplicationFilter {
  type: 'name' | 'tag' | 'label' | 'resource';
  value: string | string[];
  decoration?: 'matches' | 'excludes';
}

export interface ReplicationPolicy {
  id: number;
  name: string;
  description?: string;
  src_registry?: Registry | null;
  dest_registry?: Registry | null;
  dest_namespace?: string;
  dest_namespace_replace_count?: number;
  trigger?: { type: TriggerType; trigger_settings?: { cron?: string } };
  filters?: ReplicationFilter[] | null;
  enabled: boolean;
  deletion?: boolean;
  override?: boolean;
  speed?: number;
  copy_by_chunk?: boolean;
  single_active_replication?: boolean;
  dest_repository_settings?: { tag_immutability?: boolean; scan_on_push?: boolean };
  creation_time?: string;
  update_time?: string;
}

export type RunStatus = 'InProgress' | 'Succeed' | 'Failed' | 'Stopped' | 'Pending' | 'Skipped' | string;

export interface ReplicationExecution {
  id: number;
  policy_id: number;
  status: RunStatus;
  status_text?: string;
  trigger: TriggerType;
  start_time?: string;
  end_time?: string;
  total: number;
  succeed: number;
  failed: number;
  in_progress: number;
  stopped: number;
  bytes_total?: number;
  bytes_done?: number;
}

export interface ReplicationTask {
  id: number;
  execution_id: number;
  resource_type: string;
  src_resource: string;
  dst_resource: string;
  operation: string;
  status: RunStatus;
  status_text?: string;
  start_time?: string;
  end_time?: string;
  bytes_total?: number;
  bytes_done?: number;
}

// GET /registries/{id}/info: what a rule may filter on and how it may be triggered.
export interface FilterStyle {
  type: string;
  style: string;
  values?: string[];
}
export interface RegistryInfo {
  type: string;
  supported_resource_filters?: FilterStyle[];
  supported_triggers?: TriggerType[];
  supported_copy_by_chunk?: boolean;
}

export const TRIGGER_LABELS: Record<TriggerType, string> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  event_based: 'Event Based',
};

export function triggerLabel(t: string | undefined): string {
  return TRIGGER_LABELS[t as TriggerType] ?? t ?? '';
}

// Harbor's flattening choices (dest_namespace_replace_count), in Harbor's order.
export const FLATTENING: [number, string][] = [
  [-1, 'Flatten All Levels'],
  [0, 'No Flatting'],
  [1, 'Flatten 1 Level'],
  [2, 'Flatten 2 Levels'],
  [3, 'Flatten 3 Levels'],
];

export function flatteningLabel(n: number | undefined): string {
  return FLATTENING.find(([v]) => v === (n ?? -1))?.[1] ?? String(n);
}

// The API says Succeed; Harbor's grids say Succeeded.
const STATUS_WORDS: Record<string, string> = {
  InProgress: 'In Progress',
  Succeed: 'Succeeded',
  Failed: 'Failed',
  Stopped: 'Stopped',
  Pending: 'Pending',
  Skipped: 'Skipped',
};

export function statusLabel(s: RunStatus): string {
  return STATUS_WORDS[s] ?? s;
}

export function isRunning(s: RunStatus): boolean {
  return s === 'InProgress' || s === 'Pending';
}

// The execution's status chip on the tasks page, as Harbor words it.
export function statusChip(s: RunStatus): { text: string; kind: 'info' | 'success' | 'danger' | 'warning' } {
  if (isRunning(s)) return { text: 'In Progress', kind: 'info' };
  if (s === 'Succeed') return { text: 'Success', kind: 'success' };
  if (s === 'Stopped') return { text: 'Stopped', kind: 'warning' };
  return { text: 'Failure', kind: 'danger' };
}

// Speed is kilobits per second per task; 0 or less is unlimited.
export function bandwidthLabel(kbps: number | undefined): string {
  if (!kbps || kbps <= 0) return 'Unlimited';
  if (kbps >= 1024) return `${(kbps / 1024).toFixed(2).replace(/\.?0+$/, '')} Mbps`;
  return `${kbps} Kbps`;
}

// "private-ecr : ns" as Harbor's Destination Registry:Namespace column.
export function destinationLabel(p: ReplicationPolicy): string {
  return `${p.dest_registry?.name ?? 'Local'} : ${p.dest_namespace || '-'}`;
}

export function modeOf(p: ReplicationPolicy): 'push' | 'pull' {
  return p.src_registry && p.src_registry.id ? 'pull' : 'push';
}

// How long a run took, or has been running: "1h 2m 3s", "45s".
export function duration(start?: string, end?: string): string {
  if (!start) return '';
  const from = new Date(start).getTime();
  const to = end ? new Date(end).getTime() : Date.now();
  if (isNaN(from) || isNaN(to)) return '';
  let s = Math.max(0, Math.round((to - from) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s %= 60;
  return [h ? `${h}h` : '', h || m ? `${m}m` : '', `${s}s`].filter(Boolean).join(' ');
}

export function successRate(e: ReplicationExecution): string {
  if (!e.total) return '0%';
  return `${Number(((e.succeed / e.total) * 100).toFixed(2))}%`;
}

export function bytesLabel(n: number | undefined): string {
  const v = n ?? 0;
  if (v < 1024) return `${v} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let x = v / 1024;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(x < 10 ? 1 : 0)} ${units[i]}`;
}

// "12 KB of 40 KB" while some bytes are known, else nothing.
export function progressLabel(done?: number, total?: number): string {
  if (!total) return done ? bytesLabel(done) : '';
  return `${bytesLabel(done)} of ${bytesLabel(total)}`;
}
