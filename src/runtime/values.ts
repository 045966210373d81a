// Plain-data operations shared by nodes and generated code. Keys are data: only own properties are
// read, so `__proto__` or `constructor` in a path never reaches a prototype.

/** Splits a property path (`user.name`, `tags.0`); empty means the value itself. */
export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

/** One step: own property of an object, or index of an array. `undefined` when absent. */
export function step(v: unknown, key: string): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    if (key === 'length') return v.length;
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < v.length && String(i) === key ? v[i] : undefined;
  }
  return Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
}

/** Follows pre-split path segments; `undefined` when any step is missing. */
export function getIn(v: unknown, segments: readonly string[]): unknown {
  let cur = v;
  for (let i = 0; i < segments.length; i++) {
    cur = step(cur, segments[i]!);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Value at a path, or null when it does not resolve (GetProperty semantics). */
export function getPath(v: unknown, path: string): unknown {
  const r = path.indexOf('.') < 0 ? (path === '' ? v : step(v, path)) : getIn(v, splitPath(path));
  return r === undefined ? null : r;
}

/** Deep equality of JSON-like values (arrays, plain objects, Uint8Array); NaN equals NaN. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return (a === undefined && b === null) || (a === null && b === undefined);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  const ka = Object.keys(a),
    kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !equal((a as any)[k], (b as any)[k])) return false;
  return true;
}

/** Deep copy of JSON-like data; own enumerable keys only, `__proto__` kept as a plain key. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v instanceof Uint8Array) return v.slice() as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) defineData(out, k, clone((v as any)[k]));
  return out as T;
}

/** Sets an own data property, also for keys like `__proto__` that plain assignment would not. */
export function defineData(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** Returns a copy of `obj` with `value` at `path`, creating objects along the way. Never mutates. */
export function setIn(obj: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(obj)) {
    const i = Number(head);
    if (Number.isInteger(i) && i >= 0 && String(i) === head) {
      const copy = obj.slice();
      copy[i] = setIn(obj[i], rest, value);
      return copy;
    }
  }
  const base = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {};
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(base)) defineData(copy, k, base[k]);
  defineData(copy, head, setIn(step(base, head), rest, value));
  return copy;
}

/** Values JSON.stringify may visit in one response body: past this it is LIMIT_EXCEEDED. A body
 * that reuses one object at every level (a pattern can build one in a few loop turns) would be
 * written out 2^depth times; without a bound that blocks the server, past any deadline. */
export const MAX_JSON_VALUES = 1_000_000;

const WITH_BYTES = Object.freeze({ binary: true });
const WITHOUT_BYTES = Object.freeze({ binary: false });

/** Walks a value as JSON.stringify would write it (a shared part once per appearance): whether it
 * holds bytes (Uint8Array) anywhere, or undefined when it has more than `budget` values (or a cycle).
 * Runs for every webhook response, so a flat object allocates nothing (the stack is made when a
 * nested object or array is met). */
export function jsonShape(v: unknown, budget = MAX_JSON_VALUES): { readonly binary: boolean } | undefined {
  if (v === null || typeof v !== 'object') return WITHOUT_BYTES;
  let binary = false;
  let seen = 0;
  let stack: object[] | undefined;
  let x: object | undefined = v;
  while (x !== undefined) {
    if (++seen > budget) return undefined;
    if (x instanceof Uint8Array) binary = true;
    else if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const item: unknown = x[i];
        if (item !== null && typeof item === 'object') (stack ??= []).push(item);
        else if (++seen > budget) return undefined;
      }
    } else {
      for (const k in x) {
        if (!Object.hasOwn(x, k)) continue;
        const item: unknown = (x as Record<string, unknown>)[k];
        if (item !== null && typeof item === 'object') (stack ??= []).push(item);
        else if (++seen > budget) return undefined;
      }
    }
    x = stack?.pop();
  }
  return binary ? WITH_BYTES : WITHOUT_BYTES;
}
