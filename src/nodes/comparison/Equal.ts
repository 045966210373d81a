import { _, defineNode, equal } from '../sdk/index.js';

export default defineNode({
  type: 'Equal',
  category: 'Comparison',
  label: 'Equal',
  description: 'True when a and b are deeply equal: same type, and arrays/objects with equal items and keys; no type coercion (1 ≠ "1"), NaN equals NaN.',
  inputs: [
    { id: 'a', type: 'Any' },
    { id: 'b', type: 'Any' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  eval: (a: unknown, b: unknown) => equal(a, b),
  inline: (g) => _`${g.rt('equal')}(${g.args[0]!}, ${g.args[1]!})`,
  examples: [
    { inputs: { a: { x: [1, 2] }, b: { x: [1, 2] } }, output: true },
    { inputs: { a: 1, b: '1' }, output: false },
    { inputs: { a: null, b: null }, output: true },
  ],
});
