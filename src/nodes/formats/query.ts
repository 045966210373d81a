// Query strings, shared by ParseQueryString, BuildQueryString, ParseURL, BuildURL and FormData.
import { DragopsError, defineData, toStringValue } from '../sdk/index.js';
import { checkCount } from './shared.js';

/**
 * `a=1&b=x%20y&a=2` → `{a: ["1", "2"], b: "x y"}`. A leading `?` is skipped, `+` is a space (form
 * encoding), a key without `=` has the value "", malformed `%` escapes are kept as written. Keys are
 * plain data (`__proto__` included).
 */
export function parseQuery(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const params = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text);
  let n = 0;
  for (const [k, v] of params) {
    if (++n % 65536 === 0) checkCount(n, 'the query string');
    if (!Object.hasOwn(out, k)) defineData(out, k, v);
    else {
      const prev = out[k];
      if (Array.isArray(prev)) prev.push(v);
      else defineData(out, k, [prev, v]);
    }
  }
  return out;
}

function encode(s: string, what: string): string {
  try {
    return encodeURIComponent(s);
  } catch (e) {
    throw new DragopsError('NODE_ERROR', `${what} contains a lone UTF-16 surrogate and cannot be URL-encoded`, { cause: e });
  }
}

/** The text of one value in a query string: strings as they are, objects as JSON, Binary as base64. */
const text = (v: unknown): string => toStringValue(v);

/** Pairs of an object for a query string or a form: arrays repeat the key, null values are left out. */
export function pairsOf(object: Record<string, unknown> | null): [string, string][] {
  const pairs: [string, string][] = [];
  if (object === null) return pairs;
  for (const k of Object.keys(object)) {
    const v = object[k];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && x !== undefined) pairs.push([k, text(x)]);
    } else pairs.push([k, text(v)]);
  }
  return pairs;
}

/** `{a: [1, 2], b: "x y"}` → `a=1&a=2&b=x%20y` (RFC 3986 percent-encoding, as encodeURIComponent). */
export function buildQuery(object: Record<string, unknown> | null): string {
  return pairsOf(object)
    .map(([k, v]) => `${encode(k, `key ${JSON.stringify(k.slice(0, 40))}`)}=${encode(v, `the value of ${JSON.stringify(k.slice(0, 40))}`)}`)
    .join('&');
}
