import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Skip',
  category: 'Array',
  label: 'Skip',
  description: 'The items after the first count, as a new array ([] when there are no more; a count of 0 or less keeps every item; a null array gives []).',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'count', type: 'Integer' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (array: unknown[] | null, count: number) => (array ?? []).slice(Math.max(0, count)),
  examples: [
    { inputs: { array: [1, 2, 3, 4], count: 1 }, output: [2, 3, 4] },
    { inputs: { array: [1], count: 5 }, output: [] },
  ],
});
