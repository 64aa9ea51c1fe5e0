// What the NEW / EDIT REPLICATION RULE dialog edits, kept apart from its markup: the form's
// values, Harbor's checks with Harbor's words, and the conversions from and to the API's
// ReplicationPolicy.
import { type ReplicationFilter, type ReplicationPolicy, type TriggerType } from '../../replication';

export interface RuleForm {
  name: string;
  description: string;
  mode: 'push' | 'pull';
  srcRegistryId: number;
  destRegistryId: number;
  nameFilter: string;
  tagFilter: string;
  tagDecoration: 'matches' | 'excludes';
  labels: string[];
  labelDecoration: 'matches' | 'excludes';
  resource: string; // '' = all
  destNamespace: string;
  replaceCount: number;
  trigger: TriggerType;
  cron: string;
  deletion: boolean;
  speed: string;
  speedUnit: 'Kbps' | 'Mbps';
  override: boolean;
  enabled: boolean;
  copyByChunk: boolean;
  singleActive: boolean;
  tagImmutability: boolean;
  scanOnPush: boolean;
}

export function newRuleForm(): RuleForm {
  return {
    name: '', description: '', mode: 'push', srcRegistryId: 0, destRegistryId: 0,
    nameFilter: '', tagFilter: '', tagDecoration: 'matches', labels: [], labelDecoration: 'matches', resource: '',
    destNamespace: '', replaceCount: 1, trigger: 'manual', cron: '', deletion: false,
    speed: '-1', speedUnit: 'Kbps', override: true, enabled: true, copyByChunk: false, singleActive: false,
    tagImmutability: false, scanOnPush: false,
  };
}

// Berth stores speed in Kb/s (0 = unlimited); whole megabits show as Mbps again.
function speedFields(kbps: number | undefined): Pick<RuleForm, 'speed' | 'speedUnit'> {
  if (!kbps || kbps <= 0) return { speed: '-1', speedUnit: 'Kbps' };
  if (kbps % 1024 === 0) return { speed: String(kbps / 1024), speedUnit: 'Mbps' };
  return { speed: String(kbps), speedUnit: 'Kbps' };
}

function filterOf(p: ReplicationPolicy, type: ReplicationFilter['type']): ReplicationFilter | undefined {
  return (p.filters ?? []).find((f) => f.type === type);
}

export function formFromPolicy(p: ReplicationPolicy): RuleForm {
  const tag = filterOf(p, 'tag');
  const label = filterOf(p, 'label');
  const pull = !!p.src_registry?.id;
  return {
    ...newRuleForm(),
    name: p.name,
    description: p.description ?? '',
    mode: pull ? 'pull' : 'push',
    srcRegistryId: pull ? p.src_registry!.id : 0,
    destRegistryId: pull ? 0 : (p.dest_registry?.id ?? 0),
    nameFilter: String(filterOf(p, 'name')?.value ?? ''),
    tagFilter: String(tag?.value ?? ''),
    tagDecoration: tag?.decoration ?? 'matches',
    labels: Array.isArray(label?.value) ? label!.value : [],
    labelDecoration: label?.decoration ?? 'matches',
    resource: String(filterOf(p, 'resource')?.value ?? ''),
    destNamespace: p.dest_namespace ?? '',
    replaceCount: p.dest_namespace_replace_count ?? -1,
    trigger: p.trigger?.type ?? 'manual',
    cron: p.trigger?.trigger_settings?.cron ?? '',
    deletion: !!p.deletion,
    ...speedFields(p.speed),
    override: !!p.override,
    enabled: p.enabled,
    copyByChunk: !!p.copy_by_chunk,
    singleActive: !!p.single_active_replication,
    tagImmutability: !!p.dest_repository_settings?.tag_immutability,
    scanOnPush: !!p.dest_repository_settings?.scan_on_push,
  };
}

// Empty filters are left out, as Harbor's portal does.
function filters(f: RuleForm): ReplicationFilter[] {
  const out: ReplicationFilter[] = [];
  if (f.nameFilter) out.push({ type: 'name', value: f.nameFilter });
  if (f.tagFilter) out.push({ type: 'tag', value: f.tagFilter, decoration: f.tagDecoration });
  if (f.labels.length) out.push({ type: 'label', value: f.labels, decoration: f.labelDecoration });
  if (f.resource) out.push({ type: 'resource', value: f.resource });
  return out;
}

// The request body of POST / PUT /replication/policies. `ecr`: the destination is an Aws ECR
// endpoint, whose created repositories Berth can set up (dest_repository_settings).
export function policyBody(f: RuleForm, ecr: boolean): Record<string, unknown> {
  const n = Number(f.speed);
  const body: Record<string, unknown> = {
    name: f.name.trim(),
    description: f.description,
    src_registry: f.mode === 'pull' ? { id: f.srcRegistryId } : null,
    dest_registry: f.mode === 'push' ? { id: f.destRegistryId } : null,
    dest_namespace: f.destNamespace,
    dest_namespace_replace_count: f.replaceCount,
    trigger: { type: f.trigger, trigger_settings: { cron: f.trigger === 'scheduled' ? f.cron.trim() : '' } },
    filters: filters(f),
    enabled: f.enabled,
    deletion: f.trigger === 'event_based' && f.deletion,
    override: f.override,
    speed: n === -1 ? -1 : f.speedUnit === 'Mbps' ? n * 1024 : n,
    copy_by_chunk: f.copyByChunk,
    single_active_replication: f.trigger !== 'event_based' && f.singleActive,
  };
  if (ecr && f.mode === 'push')
    body.dest_repository_settings = { tag_immutability: f.tagImmutability, scan_on_push: f.scanOnPush };
  return body;
}

const NAME_RULE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const NAMESPACE_RULE = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*$/;

export function nameError(name: string, taken: boolean): string {
  if (!name) return 'Name is required.';
  if (name.length < 2 || name.length > 255 || !NAME_RULE.test(name))
    return 'Name should be at least 2 characters long with lower case characters, numbers and ._- and must be start with characters or numbers.';
  return taken ? 'Name already exists.' : '';
}

export function namespaceError(ns: string): string {
  if (!ns) return '';
  return ns.length <= 255 && NAMESPACE_RULE.test(ns)
    ? ''
    : 'Namespace should be lower case characters, numbers and ._-/ , starting and ending with a character or number.';
}

// Harbor's six-field cron (seconds first), with Harbor's message for its two extra rules.
export function cronError(cron: string): string {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (!fields.length) return 'Cron String is required.';
  if (fields.length !== 6) return 'The cron string must have 6 fields: second minute hour day-of-month month day-of-week.';
  if (fields[0] !== '0' || fields[1] === '*')
    return 'The 1st field of the cron string must be 0 and the 2nd filed can not be "*"';
  return '';
}

export function speedError(speed: string): string {
  const n = Number(speed);
  return speed.trim() && Number.isInteger(n) && (n === -1 || n > 0) ? '' : 'Please enter -1 or an integer greater than 0';
}
