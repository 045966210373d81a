import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Take',
  category: 'Array',
  label: 'Take',
  description: 'The first count items as a new array (all of them when there are fewer; [] for a count of 0 or less or a null array).',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'count', type: 'Integer' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (array: unknown[] | null, count: number) => (array ?? []).slice(0, Math.max(0, count)),
  examples: [
    { inputs: { array: [1, 2, 3, 4], count: 2 }, output: [1, 2] },
    { inputs: { array: [1], count: 5 }, output: [1] },
  ],
});
