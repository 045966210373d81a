import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'GetItem',
  category: 'Array',
  label: 'Get Item',
  description: 'The item at the index (0 is the first; negative counts from the end, -1 is the last); null when out of range or the array is null.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'index', type: 'Integer', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Any' }],
  safe: true,
  eval: (array: unknown[] | null, index: number) => {
    if (array == null) return null;
    const v = array.at(index); // `at` handles negative indexes; holes and out-of-range give undefined
    return v === undefined ? null : v;
  },
  examples: [
    { inputs: { array: ['a', 'b', 'c'], index: 1 }, output: 'b' },
    { inputs: { array: ['a', 'b', 'c'], index: -1 }, output: 'c' },
    { inputs: { array: ['a'], index: 5 }, output: null },
  ],
});
