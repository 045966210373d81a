import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'EndsWith',
  category: 'String',
  label: 'Ends With',
  description: 'True when the text ends with search (case-sensitive); an empty search is always true.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'search', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (value: string, search: string) => value.endsWith(search),
  inline: ({ args: [v, s] }) => _`${v!}.endsWith(${s!})`,
  examples: [
    { inputs: { value: 'report.pdf', search: '.pdf' }, output: true },
    { inputs: { value: 'report.pdf', search: '.PDF' }, output: false },
  ],
});
