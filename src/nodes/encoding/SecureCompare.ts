import { defineNode } from '../sdk/index.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bytesOf } from './shared.js';

export default defineNode({
  type: 'SecureCompare',
  category: 'Encoding & Crypto',
  label: 'Secure Compare',
  description:
    'True when `a` and `b` hold the same bytes (Strings as UTF-8, or Binary), compared in constant time so that the time taken reveals nothing about where they differ: use it to check a webhook signature or a token against the expected one. Both are hashed with SHA-256 first, so even their lengths do not leak. Null counts as "".',
  inputs: [
    { id: 'a', type: 'Any' },
    { id: 'b', type: 'Any' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  eval: (a: unknown, b: unknown): boolean => {
    const ha = createHash('sha256').update(bytesOf(a, 'a')).digest();
    const hb = createHash('sha256').update(bytesOf(b, 'b')).digest();
    return timingSafeEqual(ha, hb);
  },
  examples: [
    { inputs: { a: 'f7bc83f430538424', b: 'f7bc83f430538424' }, output: true },
    { inputs: { a: 'f7bc83f430538424', b: 'f7bc83f430538425' }, output: false },
  ],
});
