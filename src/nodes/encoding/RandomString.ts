import { DragopsError, defineNode } from '../sdk/index.js';
import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Longer strings are not what this node is for, and would hold the engine up (docs/semantics.md). */
export const MAX_RANDOM_LENGTH = 1_000_000;

/** `length` characters drawn uniformly from `chars` (rejection sampling: no modulo bias). */
function draw(chars: readonly string[], length: number): string {
  const n = chars.length;
  const bits = Math.ceil(Math.log2(n)) || 1;
  const bytesPer = Math.ceil(bits / 8);
  const mask = 2 ** bits - 1;
  const out: string[] = [];
  while (out.length < length) {
    const buf = randomBytes(Math.max(64, (length - out.length) * bytesPer * 2));
    for (let i = 0; i + bytesPer <= buf.length && out.length < length; i += bytesPer) {
      let x = 0;
      for (let j = 0; j < bytesPer; j++) x = x * 256 + buf[i + j]!;
      x &= mask;
      if (x < n) out.push(chars[x]!);
    }
  }
  return out.join('');
}

export default defineNode({
  type: 'RandomString',
  category: 'Encoding & Crypto',
  label: 'Random String',
  description:
    'A string of `length` characters drawn uniformly and independently from `charset` (each character, emoji included, counts once; repeats are ignored) with a cryptographically secure generator: good for tokens, passwords and ids. The default charset is A–Z, a–z and 0–9. Length 0 gives ""; a negative length, an empty charset or a length over 1,000,000 is an error.',
  inputs: [
    { id: 'length', type: 'Integer', default: 16 },
    { id: 'charset', type: 'String', default: ALPHANUMERIC },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  deterministic: false,
  eval: (length: number, charset: string): string => {
    if (length < 0) throw new DragopsError('NODE_ERROR', `length ${length} is negative`, { pin: 'length' });
    if (length > MAX_RANDOM_LENGTH) throw new DragopsError('LIMIT_EXCEEDED', `length ${length} is over the limit of ${MAX_RANDOM_LENGTH}`, { pin: 'length' });
    const chars = [...new Set(Array.from(charset))];
    if (chars.length === 0) throw new DragopsError('NODE_ERROR', 'the charset is empty', { pin: 'charset' });
    if (length === 0) return '';
    return chars.length === 1 ? chars[0]!.repeat(length) : draw(chars, length);
  },
  examples: [],
});
