import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'CountOccurrences',
  category: 'String',
  label: 'Count Occurrences',
  description: 'How many times search occurs in the text, counting non-overlapping occurrences from the start (case-sensitive); an empty search counts 0.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'search', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Integer' }],
  safe: true,
  eval: (value: string, search: string) => {
    if (search === '') return 0;
    let count = 0;
    for (let i = value.indexOf(search); i >= 0; i = value.indexOf(search, i + search.length)) count++;
    return count;
  },
  examples: [
    { inputs: { value: 'banana', search: 'an' }, output: 2 },
    { inputs: { value: 'aaaa', search: 'aa' }, output: 2 },
    { inputs: { value: 'abc', search: '' }, output: 0 },
  ],
});
