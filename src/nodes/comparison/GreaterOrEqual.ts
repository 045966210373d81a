import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'GreaterOrEqual',
  category: 'Comparison',
  label: 'Greater Or Equal',
  description: 'True when a is greater than or equal to b (false whenever either is NaN).',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (a: number, b: number) => a >= b,
  inline: ({ args: [a, b] }) => _`(${a!} >= ${b!})`,
  examples: [
    { inputs: { a: 2, b: 2 }, output: true },
    { inputs: { a: 1, b: 2 }, output: false },
  ],
});
