import { DEFAULT_LIMITS, DragopsError } from '../sdk/index.js';
// Text helpers shared by the String nodes. Lengths and positions are counted in Unicode code points
// ("👍" is one character, never split in half); a combining mark is a code point of its own. Texts
// without surrogates (the common case) take the native UTF-16 fast path.

const SURROGATE = /[\uD800-\uDFFF]/;

/** True when every code point of `s` is one UTF-16 unit, so unit offsets are code point offsets. */
export const isSimple = (s: string): boolean => !SURROGATE.test(s);

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Number of code points (a lone surrogate counts as one, as `for…of` does). */
export function codePointLength(s: string): number {
  if (isSimple(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) if (isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++;
  return n;
}

/** UTF-16 offset of code point number `cp` (0 ≤ cp; past the end gives s.length). */
export function unitOffset(s: string, cp: number): number {
  if (isSimple(s)) return Math.min(cp, s.length);
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++, i++) if (isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++;
  return i;
}

/** Code point number of UTF-16 offset `unit`. */
export const codePointIndex = (s: string, unit: number): number => (isSimple(s) ? unit : codePointLength(s.slice(0, unit)));

/** Code points [start, end) of `s`, clamped to the text. */
export function sliceCodePoints(s: string, start: number, end: number): string {
  if (end <= start) return '';
  if (isSimple(s)) return s.slice(start, end);
  const a = unitOffset(s, start);
  return s.slice(a, a + unitOffset(s.slice(a), end - start));
}

/** Throws LIMIT_EXCEEDED when a text of `length` UTF-16 units would pass the string limit. */
export function checkLength(length: number, what = 'the result'): void {
  if (length > DEFAULT_LIMITS.maxStringLength) {
    throw new DragopsError('LIMIT_EXCEEDED', `${what} would be longer than ${DEFAULT_LIMITS.maxStringLength} characters`);
  }
}

/** Throws LIMIT_EXCEEDED when an array of `length` items would pass the array limit. */
export function checkItems(length: number, what = 'the result'): void {
  if (length > DEFAULT_LIMITS.maxArrayLength) {
    throw new DragopsError('LIMIT_EXCEEDED', `${what} would have more than ${DEFAULT_LIMITS.maxArrayLength} items`);
  }
}

/** `fill` repeated and cut to exactly `count` code points ('' when fill is empty). */
export function fillTo(fill: string, count: number): string {
  if (count <= 0 || fill === '') return '';
  const per = codePointLength(fill);
  const whole = Math.floor(count / per);
  checkLength((whole + 1) * fill.length);
  return fill.repeat(whole) + sliceCodePoints(fill, 0, count - whole * per);
}
