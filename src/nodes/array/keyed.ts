// Shared by the keyed Array nodes (Map, Filter, Find, Sort, Reduce, GroupBy) and Unique: reading a
// property path of each item (own properties only), the comparison operators, and one total order.
import { DEFAULT_LIMITS, DragopsError, equal, getIn, splitPath, toFloat } from '../sdk/index.js';
import Contains from '../comparison/Contains.js';

/** A reader for `path` (empty = the item itself): the value there, or null when it does not resolve. */
export function pathReader(path: string): (item: unknown) => unknown {
  const segments = splitPath(path);
  if (segments.length === 0) return (item) => (item === undefined ? null : item);
  return (item) => {
    const v = getIn(item, segments);
    return v === undefined ? null : v;
  };
}

export const OPERATORS = ['equals', 'notEquals', 'greaterThan', 'lessThan', 'greaterOrEqual', 'lessOrEqual', 'contains', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Compares strings by Unicode code point (not UTF-16 unit, not locale). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i),
      y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (astral code points) sort after U+E000–U+FFFF in code point order.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Order of two values for the comparison operators: numbers numerically (a numeric string against a
 * number counts as that number), strings by code point (so ISO dates compare in time order), false
 * before true; undefined when they cannot be ordered (null, NaN, mixed kinds, objects).
 */
export function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = typeof a === 'number' ? a : typeof a === 'string' && typeof b === 'number' && NUMERIC.test(a) ? Number(a) : undefined;
  const y = typeof b === 'number' ? b : typeof b === 'string' && typeof a === 'number' && NUMERIC.test(b) ? Number(b) : undefined;
  if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether an item's value passes `operator` against `value`. */
export function passes(operator: string, v: unknown, value: unknown): boolean {
  switch (operator) {
    case 'equals':
      return equal(v, value);
    case 'notEquals':
      return !equal(v, value);
    case 'greaterThan': {
      const o = order(v, value);
      return o !== undefined && o > 0;
    }
    case 'lessThan': {
      const o = order(v, value);
      return o !== undefined && o < 0;
    }
    case 'greaterOrEqual': {
      const o = order(v, value);
      return o !== undefined && o >= 0;
    }
    case 'lessOrEqual': {
      const o = order(v, value);
      return o !== undefined && o <= 0;
    }
    case 'contains':
      return Contains.eval!(v, value) as boolean;
    case 'exists':
      return v !== null && v !== undefined;
    default:
      throw new DragopsError('NODE_ERROR', `unknown operator ${JSON.stringify(operator)}`);
  }
}

// Sort order between kinds: numbers, strings, booleans, objects and arrays (kept in input order), NaN; null last.
const rank = (v: unknown): number =>
  typeof v === 'number' ? (Number.isNaN(v) ? 4 : 0) : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : v === null || v === undefined ? 5 : 3;

/** Sort's total order; with `descending` every kind is reversed but null stays last. */
export function sortCompare(a: unknown, b: unknown, descending: boolean): number {
  const ra = rank(a),
    rb = rank(b);
  if (ra === 5 || rb === 5) return ra === rb ? 0 : ra === 5 ? 1 : -1;
  let c = ra - rb;
  if (c === 0) {
    if (ra === 0) c = (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    else if (ra === 1) c = compareText(a as string, b as string);
    else if (ra === 2) c = Number(a) - Number(b);
  }
  return descending ? -c : c;
}

/** A text key such that two values get the same key exactly when they are deeply equal (`equal`). */
export function identityKey(v: unknown): string {
  if (v === null || v === undefined) return 'z';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return v === 0 ? 'n0' : `n${v}`; // -0 equals 0; NaN equals NaN
    case 'boolean':
      return v ? 't' : 'f';
    default:
      break;
  }
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + identityKey(v[i]);
    return s + ']';
  }
  if (v instanceof Uint8Array) return `b${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${identityKey(o[k])}`)
    .join(',')}}`;
}

/** Numeric value of an item for sum/product/average: numbers, booleans and numeric strings. */
export function numberOf(v: unknown, index: number): number {
  try {
    return toFloat(v);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new DragopsError('TYPE_CONVERSION', `item ${index}: ${message}`, { cause: e });
  }
}

export function checkItems(length: number, what = 'the result'): void {
  if (length > DEFAULT_LIMITS.maxArrayLength) {
    throw new DragopsError('LIMIT_EXCEEDED', `${what} would have more than ${DEFAULT_LIMITS.maxArrayLength} items`);
  }
}

export const orEmpty = (array: unknown[] | null | undefined): unknown[] => array ?? [];
export const nn = (v: unknown): unknown => (v === undefined ? null : v);
