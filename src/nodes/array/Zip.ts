import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Zip',
  category: 'Array',
  label: 'Zip',
  description: 'Pairs the items of a and b by position as [a item, b item] arrays, stopping at the end of the shorter array; a null array gives [].',
  inputs: [
    { id: 'a', type: 'Array' },
    { id: 'b', type: 'Array' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (a: unknown[] | null, b: unknown[] | null) => {
    const x = a ?? [],
      y = b ?? [];
    const n = Math.min(x.length, y.length);
    const out: unknown[][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = [x[i] ?? null, y[i] ?? null];
    return out;
  },
  examples: [
    {
      inputs: { a: ['x', 'y', 'z'], b: [1, 2] },
      output: [
        ['x', 1],
        ['y', 2],
      ],
    },
    { inputs: { a: [], b: [1] }, output: [] },
  ],
});
