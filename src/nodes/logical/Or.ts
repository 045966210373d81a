import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Or',
  category: 'Logical',
  label: 'Or',
  description: 'True when a, b or both are true.',
  inputs: [
    { id: 'a', type: 'Boolean', default: false },
    { id: 'b', type: 'Boolean', default: false },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (a: boolean, b: boolean) => a || b,
  inline: ({ args: [a, b] }) => _`(${a!} || ${b!})`,
  examples: [
    { inputs: { a: false, b: true }, output: true },
    { inputs: { a: false, b: false }, output: false },
  ],
});
