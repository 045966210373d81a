import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Add',
  category: 'Math',
  label: 'Add',
  description: 'Adds two numbers: a + b.',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (a: number, b: number) => a + b,
  inline: ({ args: [a, b] }) => _`(${a!} + ${b!})`,
  examples: [
    { inputs: { a: 2, b: 3 }, output: 5 },
    { inputs: { a: 0.1, b: -2 }, output: -1.9 },
  ],
});
