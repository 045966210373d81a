import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'MakeString',
  category: 'Literals',
  label: 'Make String',
  description: 'A constant String: a text.',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'value', type: 'String' }],
  safe: true,
  eval: (value: unknown) => value,
  inline: ({ args: [v] }) => v,
  examples: [
    { inputs: { value: 'hello' }, output: 'hello' },
    { inputs: {}, output: '' },
  ],
});
