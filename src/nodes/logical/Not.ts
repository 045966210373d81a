import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Not',
  category: 'Logical',
  label: 'Not',
  description: 'True when the value is false, false when it is true.',
  inputs: [{ id: 'value', type: 'Boolean', default: false }],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (value: boolean) => !value,
  inline: ({ args: [v] }) => _`(!${v!})`,
  examples: [
    { inputs: { value: true }, output: false },
    { inputs: { value: false }, output: true },
  ],
});
