import { defineNode } from '../sdk/index.js';
import { codePointLength, sliceCodePoints } from './text.js';

export default defineNode({
  type: 'TruncateString',
  category: 'String',
  label: 'Truncate String',
  description:
    'The text cut to at most length characters, ending with the ellipsis when it was cut (the ellipsis counts in the length); a short enough text is unchanged, and a length of 0 or less gives "".',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'length', type: 'Integer' },
    { id: 'ellipsis', type: 'String', default: '…' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  safe: true,
  eval: (value: string, length: number, ellipsis: string) => {
    if (length <= 0) return '';
    const n = codePointLength(value);
    if (n <= length) return value;
    const e = codePointLength(ellipsis);
    if (e >= length) return sliceCodePoints(ellipsis, 0, length);
    return sliceCodePoints(value, 0, length - e) + ellipsis;
  },
  examples: [
    { inputs: { value: 'The quick brown fox', length: 10 }, output: 'The quick…' },
    { inputs: { value: 'short', length: 10 }, output: 'short' },
    { inputs: { value: 'abcdef', length: 5, ellipsis: '...' }, output: 'ab...' },
  ],
});
