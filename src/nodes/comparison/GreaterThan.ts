import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'GreaterThan',
  category: 'Comparison',
  label: 'Greater Than',
  description: 'True when a is strictly greater than b (false whenever either is NaN).',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (a: number, b: number) => a > b,
  inline: ({ args: [a, b] }) => _`(${a!} > ${b!})`,
  examples: [
    { inputs: { a: 3, b: 2 }, output: true },
    { inputs: { a: 2, b: 2 }, output: false },
  ],
});
