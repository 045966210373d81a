import { defineNode } from '../sdk/index.js';
import { codePointIndex } from './text.js';

export default defineNode({
  type: 'IndexOf',
  category: 'String',
  label: 'Index Of',
  description:
    'The position (in characters, 0 is the first) of the first occurrence of search in the text, or -1 when it does not occur; an empty search is found at 0.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'search', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Integer' }],
  safe: true,
  eval: (value: string, search: string) => {
    const i = value.indexOf(search);
    return i < 0 ? -1 : codePointIndex(value, i);
  },
  examples: [
    { inputs: { value: 'hello world', search: 'o' }, output: 4 },
    { inputs: { value: '👍 ok', search: 'ok' }, output: 2 },
    { inputs: { value: 'abc', search: 'z' }, output: -1 },
  ],
});
