import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Negate',
  category: 'Math',
  label: 'Negate',
  description: 'Flips the sign of the value: −value.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => -value,
  inline: ({ args: [v] }) => _`(-${v!})`,
  examples: [
    { inputs: { value: 5 }, output: -5 },
    { inputs: { value: -2.5 }, output: 2.5 },
  ],
});
