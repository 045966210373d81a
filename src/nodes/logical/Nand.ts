import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Nand',
  category: 'Logical',
  label: 'Nand',
  description: 'False only when both a and b are true (the opposite of And).',
  inputs: [
    { id: 'a', type: 'Boolean', default: false },
    { id: 'b', type: 'Boolean', default: false },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (a: boolean, b: boolean) => !(a && b),
  inline: ({ args: [a, b] }) => _`(!(${a!} && ${b!}))`,
  examples: [
    { inputs: { a: true, b: true }, output: false },
    { inputs: { a: true, b: false }, output: true },
  ],
});
