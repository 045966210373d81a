import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ToUpper',
  category: 'String',
  label: 'To Upper',
  description: 'The text in upper case, by Unicode rules independent of any locale ("ß" becomes "SS").',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string) => value.toUpperCase(),
  inline: ({ args: [v] }) => _`${v!}.toUpperCase()`,
  examples: [
    { inputs: { value: 'Hello' }, output: 'HELLO' },
    { inputs: { value: 'straße' }, output: 'STRASSE' },
  ],
});
