// Dates as Harbor's "short" pipe shows them (8/21/26, 5:58 AM), in the browser's locale.
const short = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function shortDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : short.format(d);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
