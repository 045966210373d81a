import { DEFAULT_LIMITS, defineNode } from '../sdk/index.js';
import { checkItems, codePointLength } from './text.js';

export default defineNode({
  type: 'Split',
  category: 'String',
  label: 'Split',
  description:
    'Splits the text at every occurrence of the separator (literal text, not a pattern); an empty separator splits into characters, empty text gives [""] (or [] with an empty separator), and more than the array limit of parts is LIMIT_EXCEEDED.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'separator', type: 'String', default: ',' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (value: string, separator: string) => {
    const max = DEFAULT_LIMITS.maxArrayLength;
    if (separator === '') {
      checkItems(codePointLength(value), 'the split text');
      return Array.from(value); // by code point: a surrogate pair stays whole
    }
    const parts = value.split(separator, max + 1);
    checkItems(parts.length, 'the split text');
    return parts;
  },
  examples: [
    { inputs: { value: 'a,b,,c', separator: ',' }, output: ['a', 'b', '', 'c'] },
    { inputs: { value: 'a👍b', separator: '' }, output: ['a', '👍', 'b'] },
    { inputs: { value: '', separator: ',' }, output: [''] },
  ],
});
