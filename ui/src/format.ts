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

// Sizes as Harbor shows quotas and storage: binary units, at most two decimals (1.5 GiB).
const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function sizeText(bytes: number): string {
  let n = Math.max(0, bytes);
  let i = 0;
  while (n >= 1024 && i < SIZE_UNITS.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : Number(n.toFixed(2))} ${SIZE_UNITS[i]}`;
}
