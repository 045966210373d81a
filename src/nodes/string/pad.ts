// PadStart and PadEnd: one implementation, padded in code points.
import { codePointLength, checkLength, fillTo } from './text.js';

export function pad(value: string, length: number, fill: string, atStart: boolean): string {
  const n = codePointLength(value);
  if (length <= n || fill === '') return value;
  checkLength(length, 'the padded text');
  const padding = fillTo(fill, length - n);
  checkLength(value.length + padding.length, 'the padded text');
  return atStart ? padding + value : value + padding;
}
