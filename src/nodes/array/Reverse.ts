import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Reverse',
  category: 'Array',
  label: 'Reverse',
  description: 'A new array with the items in reverse order (the input is not changed); a null array gives [].',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (array: unknown[] | null) => (array ?? []).slice().reverse(),
  examples: [
    { inputs: { array: [1, 2, 3] }, output: [3, 2, 1] },
    { inputs: { array: [] }, output: [] },
  ],
});
