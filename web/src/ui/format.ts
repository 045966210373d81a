// Small display helpers shared by the pages.
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** A count with thousands separators: 10,000. */
export const count = (n: number) => n.toLocaleString('en-US');

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n < 1 ? `${n.toFixed(2)} ms` : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}

/** One line of JSON for a value, cut at `max` characters. */
export function short(v: unknown, max = 120): string {
  if (v === undefined) return '';
  let s: string;
  try {
    s = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
