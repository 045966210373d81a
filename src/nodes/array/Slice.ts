import { defineNode, toInteger } from '../sdk/index.js';

export default defineNode({
  type: 'Slice',
  category: 'Array',
  label: 'Slice',
  description:
    'The items from start up to but not including end (negative positions count from the end; end null = to the end), as a new array; positions past either end are cut to the array, and a null array gives [].',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'start', type: 'Integer', default: 0 },
    { id: 'end', type: 'Any', default: null, description: 'An Integer position, or null for the end of the array.' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (array: unknown[] | null, start: number, end: unknown) => {
    const a = array ?? [];
    return end === null || end === undefined ? a.slice(start) : a.slice(start, toInteger(end));
  },
  examples: [
    { inputs: { array: [1, 2, 3, 4, 5], start: 1, end: 3 }, output: [2, 3] },
    { inputs: { array: [1, 2, 3, 4, 5], start: -2 }, output: [4, 5] },
    { inputs: { array: [1, 2], start: 5 }, output: [] },
  ],
});
