import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Max',
  category: 'Math',
  label: 'Max',
  description: 'The larger of a and b (NaN if either is NaN).',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (a: number, b: number) => Math.max(a, b),
  examples: [
    { inputs: { a: 3, b: 7 }, output: 7 },
    { inputs: { a: -1, b: -5 }, output: -1 },
  ],
});
