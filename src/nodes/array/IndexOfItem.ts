import { defineNode, equal } from '../sdk/index.js';

export default defineNode({
  type: 'IndexOfItem',
  category: 'Array',
  label: 'Index Of Item',
  description: 'The position of the first item deeply equal to item (no type coercion: 1 is not "1"), or -1 when there is none or the array is null.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'item', type: 'Any' },
  ],
  outputs: [{ id: 'index', type: 'Integer' }],
  safe: true,
  eval: (array: unknown[] | null, item: unknown) => {
    if (array == null) return -1;
    for (let i = 0; i < array.length; i++) if (equal(array[i], item)) return i;
    return -1;
  },
  examples: [
    { inputs: { array: ['a', 'b', 'c'], item: 'c' }, output: 2 },
    { inputs: { array: [{ id: 1 }, { id: 2 }], item: { id: 2 } }, output: 1 },
    { inputs: { array: [1, 2], item: '1' }, output: -1 },
  ],
});
