import { defineData, defineNode, toStringValue } from '../sdk/index.js';
import { pathReader } from './keyed.js';

export default defineNode({
  type: 'GroupBy',
  category: 'Array',
  label: 'Group By',
  description:
    'An object whose keys are the values at path as text (objects as JSON; null and missing values under the key "") and whose values are the arrays of items with that key, in their original order; keys like __proto__ are plain data.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'path', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (array: unknown[] | null, path: string) => {
    const read = pathReader(path);
    const groups = new Map<string, unknown[]>();
    for (const item of array ?? []) {
      const key = toStringValue(read(item));
      const group = groups.get(key);
      if (group) group.push(item ?? null);
      else groups.set(key, [item ?? null]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, items] of groups) defineData(out, key, items);
    return out;
  },
  examples: [
    {
      inputs: {
        array: [
          { s: 'open', id: 1 },
          { s: 'done', id: 2 },
          { s: 'open', id: 3 },
        ],
        path: 's',
      },
      output: {
        open: [
          { s: 'open', id: 1 },
          { s: 'open', id: 3 },
        ],
        done: [{ s: 'done', id: 2 }],
      },
    },
    { inputs: { array: [1, 2, 1] }, output: { 1: [1, 1], 2: [2] } },
  ],
});
