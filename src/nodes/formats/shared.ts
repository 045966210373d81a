import { DEFAULT_LIMITS, DragopsError } from '../sdk/index.js';
// Size checks shared by the format, date, HTTP and encoding nodes: a value past a safety limit is a
// LIMIT_EXCEEDED error, never a crash or an engine stalled on a gigantic input.

/** Pure nodes do not see the execution's limits, so they use the defaults (docs/semantics.md). */
export const MAX_TEXT = DEFAULT_LIMITS.maxStringLength;
export const MAX_ITEMS = DEFAULT_LIMITS.maxArrayLength;

export function checkText(text: string, pin = 'text'): string {
  if (text.length > MAX_TEXT) throw new DragopsError('LIMIT_EXCEEDED', `${pin} is ${text.length} characters long; the limit is ${MAX_TEXT}`, { pin });
  return text;
}

export function checkResultText(text: string, what = 'the result'): string {
  if (text.length > MAX_TEXT) throw new DragopsError('LIMIT_EXCEEDED', `${what} would be ${text.length} characters long; the limit is ${MAX_TEXT}`);
  return text;
}

export function checkCount(n: number, what: string): void {
  if (n > MAX_ITEMS) throw new DragopsError('LIMIT_EXCEEDED', `${what}: more than ${MAX_ITEMS} items`);
}

/** Turns a RangeError for an impossible string/array size into LIMIT_EXCEEDED; other errors pass. */
export function sizeError(e: unknown, what: string): unknown {
  if (e instanceof RangeError && /length|size|memory/i.test(e.message)) {
    return new DragopsError('LIMIT_EXCEEDED', `${what} is too large`, { cause: e });
  }
  return e;
}

/** A readable name for a value's kind in messages. */
export const kindOf = (v: unknown): string =>
  v === null || v === undefined
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : v instanceof Uint8Array
        ? 'binary'
        : typeof v === 'object'
          ? 'an object'
          : `a ${typeof v}`;
