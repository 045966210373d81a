import { DragopsError, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Chunk',
  category: 'Array',
  label: 'Chunk',
  description:
    'The items split into arrays of size items each, in order (the last one may be shorter); an empty or null array gives [], and a size below 1 is an error.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'size', type: 'Integer' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (array: unknown[] | null, size: number) => {
    if (size < 1) throw new DragopsError('NODE_ERROR', `the chunk size must be at least 1 (got ${size})`);
    const a = array ?? [];
    const out: unknown[][] = [];
    for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
    return out;
  },
  examples: [
    { inputs: { array: [1, 2, 3, 4, 5], size: 2 }, output: [[1, 2], [3, 4], [5]] },
    { inputs: { array: [], size: 3 }, output: [] },
  ],
});
