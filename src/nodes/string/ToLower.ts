import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ToLower',
  category: 'String',
  label: 'To Lower',
  description: 'The text in lower case, by Unicode rules independent of any locale.',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string) => value.toLowerCase(),
  inline: ({ args: [v] }) => _`${v!}.toLowerCase()`,
  examples: [
    { inputs: { value: 'Hello' }, output: 'hello' },
    { inputs: { value: 'ÀÉÎ' }, output: 'àéî' },
  ],
});
