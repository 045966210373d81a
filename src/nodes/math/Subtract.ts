import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Subtract',
  category: 'Math',
  label: 'Subtract',
  description: 'Subtracts b from a: a − b.',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (a: number, b: number) => a - b,
  inline: ({ args: [a, b] }) => _`(${a!} - ${b!})`,
  examples: [
    { inputs: { a: 5, b: 3 }, output: 2 },
    { inputs: { a: 1, b: 2.5 }, output: -1.5 },
  ],
});
