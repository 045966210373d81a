import { defineNode } from '../sdk/index.js';
import { identityKey } from './keyed.js';

export default defineNode({
  type: 'Unique',
  category: 'Array',
  label: 'Unique',
  description:
    'The items without repeats, keeping the first of each group of deeply equal items (objects with the same keys and values are equal whatever their key order; 1 and "1" differ); a null array gives [].',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (array: unknown[] | null) => {
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const item of array ?? []) {
      const key = identityKey(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item === undefined ? null : item);
    }
    return out;
  },
  examples: [
    { inputs: { array: [1, 2, 1, '1', 3, 2] }, output: [1, 2, '1', 3] },
    { inputs: { array: [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 2 }] }, output: [{ a: 1, b: 2 }, { a: 2 }] },
  ],
});
