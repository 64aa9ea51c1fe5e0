// Editing an endpoint as Harbor's dialog does: the form starts from the stored endpoint, its
// secret shown as the dummy the API returns; PUT /registries/{id} carries only the changed keys
// (RegistryUpdate's flat fields), and the secret only when it was typed anew.
import { type Registry } from '../registries';

export interface EndpointFields {
  name: string;
  description: string;
  url: string;
  insecure: boolean;
  access_key: string;
  access_secret: string;
}

// The form's starting values for a stored endpoint ("*****" stands for a stored secret).
export function fieldsOf(r: Registry): EndpointFields {
  return {
    name: r.name,
    description: r.description ?? '',
    url: r.url,
    insecure: !!r.insecure,
    access_key: r.credential?.access_key ?? '',
    access_secret: r.credential?.access_secret ?? '',
  };
}

// RegistryUpdate with the keys whose value differs from the stored endpoint's.
export function changedFields(before: EndpointFields, now: EndpointFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(before) as (keyof EndpointFields)[]) if (now[k] !== before[k]) out[k] = now[k];
  if ('access_key' in out || 'access_secret' in out) out.credential_type = 'basic';
  return out;
}

// The RegistryPing body for TEST CONNECTION while editing. By id, Berth tests the stored URL with
// the stored secret (a stored secret only goes where the endpoint already points); a changed URL
// or certificate check is tested with the fields as typed, which needs the secret typed again
// when one is stored. Returns a sentence instead when the test cannot be made.
export function editPingBody(id: number, type: string, before: EndpointFields, now: EndpointFields): Record<string, unknown> | string {
  const changed = changedFields(before, now);
  const movesAway = 'url' in changed || 'insecure' in changed;
  if (!movesAway) return { id, ...pick(changed, ['access_key', 'access_secret', 'credential_type']) };
  const storedSecret = before.access_secret !== '';
  if (storedSecret && !('access_secret' in changed))
    return 'To test a changed URL, type the Access Secret again: Berth sends the stored secret only to the URL it was saved for.';
  return {
    type, url: now.url, insecure: now.insecure, credential_type: 'basic',
    access_key: now.access_key, access_secret: now.access_secret,
  };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
