// Functions that generated code calls (through `$rt`): conversions attributed to a node and pin,
// data access, loop guards. One object per compiled plan, built from the plan's node table.
import { DragopsError } from '../errors/error.js';
import * as T from '../pattern/types.js';
import { equal, getIn, getPath, step, clone } from './values.js';

export function createHelpers(nodeIds: readonly string[]) {
  const at = (e: unknown, k: number, pin: string): never => {
    if (e instanceof DragopsError) {
      e.nodeId ??= nodeIds[k] ?? null;
      e.pin ??= pin;
      if (!e.message.includes(' pin ')) e.message = `node ${JSON.stringify(nodeIds[k])} pin "${pin}": ${e.message}`;
    }
    throw e;
  };
  const wrap =
    <R>(fn: (v: unknown) => R) =>
    (v: unknown, k: number, pin: string): R => {
      try {
        return fn(v);
      } catch (e) {
        return at(e, k, pin);
      }
    };
  return {
    cf: wrap(T.toFloat),
    ci: wrap(T.toInteger),
    cb: wrap(T.toBoolean),
    cs: wrap(T.toStringValue),
    cd: wrap(T.toDateTime),
    co: wrap(T.toObject),
    ca: wrap(T.toArray),
    cbin: wrap(T.toBinary),
    ce: (v: unknown, options: readonly string[], k: number, pin: string): string => {
      try {
        return T.toEnum(v, options);
      } catch (e) {
        return at(e, k, pin);
      }
    },
    /** Normalises `undefined` from outside data into `null`. */
    nn: (v: unknown): unknown => (v === undefined ? null : v),
    getPath,
    getIn,
    /** Own property / array index, `null` when missing. */
    getKey: (v: unknown, key: string): unknown => {
      const r = step(v, key);
      return r === undefined ? null : r;
    },
    equal,
    clone,
    nodeId: (k: number): string | null => nodeIds[k] ?? null,
    fail: (message: string): never => {
      throw new DragopsError('NODE_ERROR', message);
    },
    copyArray: (a: unknown[] | null): unknown[] | null => (a === null ? null : a.slice()),
    append: (a: unknown[] | null, item: unknown, max: number): unknown[] => {
      const arr = a ?? [];
      if (arr.length >= max) throw new DragopsError('LIMIT_EXCEEDED', `array would grow past ${max} items`);
      arr.push(item);
      return arr;
    },
    appendText: (s: string, text: string, max: number): string => {
      if (s.length + text.length > max) throw new DragopsError('LIMIT_EXCEEDED', `string would grow past ${max} characters`);
      return s + text;
    },
  };
}

export type RuntimeHelpers = ReturnType<typeof createHelpers>;
