import { _, defineNode, equal } from '../sdk/index.js';

export default defineNode({
  type: 'NotEqual',
  category: 'Comparison',
  label: 'Not Equal',
  description: 'True when a and b are not deeply equal (the opposite of Equal: no type coercion, so 1 ≠ "1").',
  inputs: [
    { id: 'a', type: 'Any' },
    { id: 'b', type: 'Any' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  eval: (a: unknown, b: unknown) => !equal(a, b),
  inline: (g) => _`(!${g.rt('equal')}(${g.args[0]!}, ${g.args[1]!}))`,
  examples: [
    { inputs: { a: [1, 2], b: [2, 1] }, output: true },
    { inputs: { a: 'x', b: 'x' }, output: false },
  ],
});
