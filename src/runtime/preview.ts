// A bounded, JSON-safe copy of a value ("large values truncated", SPEC §8): what the node log, the
// history and inspection show of a value.

const MAX_STRING = 1000;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;

/** Replaces every secret value read by the execution with `***` (set once a secret is read). */
export type Mask = (s: string) => string;

/** Values one preview shows in all (past it, `…`): depth and items per level alone still allow
 * 50^6 values when a pattern reuses one object at every level. */
const MAX_PREVIEW_VALUES = 10_000;
let previewLeft = 0;

/** A bounded, JSON-safe copy of a value for the log ("large values truncated", SPEC §8). Secrets are
 * masked before truncating, so a secret cut at the edge cannot show its first characters. */
export function preview(v: unknown, depth = 0, mask?: Mask): unknown {
  if (depth === 0) previewLeft = MAX_PREVIEW_VALUES;
  if (--previewLeft < 0) return '…';
  if (v === undefined) return null;
  if (typeof v === 'string') {
    const t = mask ? mask(v) : v;
    return t.length > MAX_STRING ? `${t.slice(0, MAX_STRING)}… (${t.length} chars)` : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return `<binary ${v.length} bytes>`;
  if (depth >= MAX_DEPTH) return Array.isArray(v) ? `<array ${v.length}>` : '<object>';
  if (Array.isArray(v)) {
    const out = v.slice(0, MAX_ITEMS).map((x) => preview(x, depth + 1, mask));
    if (v.length > MAX_ITEMS) out.push(`… (${v.length - MAX_ITEMS} more items)`);
    return out;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k of Object.keys(v)) {
    if (n++ === MAX_ITEMS) {
      Object.defineProperty(out, '…', { value: `${Object.keys(v).length - MAX_ITEMS} more keys`, enumerable: true });
      break;
    }
    const key = mask ? mask(k) : k;
    const value = preview((v as any)[k], depth + 1, mask);
    // `__proto__` is a plain key here, not the prototype (defineProperty for it alone: it is slow).
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** A value with every string (and key) masked, a copy; bytes left as they are (a preview kept before
 * a secret was read, a tape entry, a pack node's outputs). */
export function maskDeep(v: unknown, mask: Mask): unknown {
  if (typeof v === 'string') return mask(v);
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((x) => maskDeep(x, mask));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v))
    Object.defineProperty(out, mask(k), { value: maskDeep((v as Record<string, unknown>)[k], mask), enumerable: true, writable: true, configurable: true });
  return out;
}
