import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Trim',
  category: 'String',
  label: 'Trim',
  description: 'The text without whitespace (spaces, tabs, line breaks, Unicode spaces) at its start and end; inner whitespace stays.',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'result', type: 'String' }],
  safe: true,
  eval: (value: string) => value.trim(),
  inline: ({ args: [v] }) => _`${v!}.trim()`,
  examples: [
    { inputs: { value: '  hi there \n' }, output: 'hi there' },
    { inputs: { value: '\u00a0x\u3000' }, output: 'x' },
  ],
});
