import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'MakeInteger',
  category: 'Literals',
  label: 'Make Integer',
  description: 'A constant Integer: a whole number.',
  inputs: [{ id: 'value', type: 'Integer', default: 0 }],
  outputs: [{ id: 'value', type: 'Integer' }],
  safe: true,
  eval: (value: unknown) => value,
  inline: ({ args: [v] }) => v,
  examples: [
    { inputs: { value: 42 }, output: 42 },
    { inputs: {}, output: 0 },
  ],
});
