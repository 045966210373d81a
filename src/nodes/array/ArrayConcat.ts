import { defineNode } from '../sdk/index.js';
import { checkItems, orEmpty } from './keyed.js';

export default defineNode({
  type: 'ArrayConcat',
  category: 'Array',
  label: 'Array Concat',
  description: 'A new array with the items of a followed by the items of b; a null array counts as empty.',
  inputs: [
    { id: 'a', type: 'Array' },
    { id: 'b', type: 'Array' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (a: unknown[] | null, b: unknown[] | null) => {
    checkItems(orEmpty(a).length + orEmpty(b).length, 'the concatenated array');
    return [...orEmpty(a), ...orEmpty(b)];
  },
  examples: [
    { inputs: { a: [1, 2], b: [3] }, output: [1, 2, 3] },
    { inputs: { a: null, b: ['x'] }, output: ['x'] },
  ],
});
