import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'StartsWith',
  category: 'String',
  label: 'Starts With',
  description: 'True when the text begins with search (case-sensitive); an empty search is always true.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'search', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (value: string, search: string) => value.startsWith(search),
  inline: ({ args: [v, s] }) => _`${v!}.startsWith(${s!})`,
  examples: [
    { inputs: { value: 'https://example.com', search: 'https://' }, output: true },
    { inputs: { value: 'Hello', search: 'hello' }, output: false },
  ],
});
