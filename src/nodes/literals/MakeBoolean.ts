import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'MakeBoolean',
  category: 'Literals',
  label: 'Make Boolean',
  description: 'A constant Boolean: true or false.',
  inputs: [{ id: 'value', type: 'Boolean', default: false }],
  outputs: [{ id: 'value', type: 'Boolean' }],
  safe: true,
  eval: (value: unknown) => value,
  inline: ({ args: [v] }) => v,
  examples: [
    { inputs: { value: true }, output: true },
    { inputs: {}, output: false },
  ],
});
