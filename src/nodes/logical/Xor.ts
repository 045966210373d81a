import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Xor',
  category: 'Logical',
  label: 'Xor',
  description: 'True when exactly one of a and b is true (false when both are, or neither).',
  inputs: [
    { id: 'a', type: 'Boolean', default: false },
    { id: 'b', type: 'Boolean', default: false },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (a: boolean, b: boolean) => a !== b,
  inline: ({ args: [a, b] }) => _`(${a!} !== ${b!})`,
  examples: [
    { inputs: { a: true, b: false }, output: true },
    { inputs: { a: true, b: true }, output: false },
  ],
});
