import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'MakeFloat',
  category: 'Literals',
  label: 'Make Float',
  description: 'A constant Float: a number.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'value', type: 'Float' }],
  safe: true,
  eval: (value: unknown) => value,
  inline: ({ args: [v] }) => v,
  examples: [
    { inputs: { value: 3.14 }, output: 3.14 },
    { inputs: {}, output: 0 },
  ],
});
