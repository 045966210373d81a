import { defineNode } from '../sdk/index.js';
import { pathReader, sortCompare } from './keyed.js';

export default defineNode({
  type: 'Sort',
  category: 'Array',
  label: 'Sort',
  description:
    'A new array sorted by the value at path (empty = the item): numbers numerically, texts by Unicode code point (no locale), then booleans, objects and arrays; null and missing values always last; stable, so equal items keep their order.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'path', type: 'String', default: '' },
    { id: 'order', type: 'Enum', options: ['asc', 'desc'], default: 'asc' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (array: unknown[] | null, path: string, order: string) => {
    const read = pathReader(path);
    const desc = order === 'desc';
    const keyed = (array ?? []).map((item) => ({ item: item === undefined ? null : item, key: read(item) }));
    keyed.sort((x, y) => sortCompare(x.key, y.key, desc)); // Array.prototype.sort is stable
    return keyed.map((k) => k.item);
  },
  examples: [
    { inputs: { array: [3, 1, null, 10, 2] }, output: [1, 2, 3, 10, null] },
    {
      inputs: {
        array: [
          { n: 'b', p: 2 },
          { n: 'a', p: 9 },
          { n: 'c', p: 2 },
        ],
        path: 'p',
        order: 'desc',
      },
      output: [
        { n: 'a', p: 9 },
        { n: 'b', p: 2 },
        { n: 'c', p: 2 },
      ],
    },
    { inputs: { array: ['b', 'B', 'a', 'é'] }, output: ['B', 'a', 'b', 'é'] },
  ],
});
