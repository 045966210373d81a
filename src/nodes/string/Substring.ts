import { defineNode } from '../sdk/index.js';
import { codePointLength, sliceCodePoints } from './text.js';

export default defineNode({
  type: 'Substring',
  category: 'String',
  label: 'Substring',
  description:
    'Up to length characters (code points) starting at start (0 is the first; negative counts from the end); a range past either end is cut to the text, and a length of 0 or less gives "".',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'start', type: 'Integer', default: 0 },
    { id: 'length', type: 'Integer' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  safe: true,
  eval: (value: string, start: number, length: number) => {
    if (length <= 0) return '';
    const n = codePointLength(value);
    const from = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    return sliceCodePoints(value, from, Math.min(n, from + length));
  },
  examples: [
    { inputs: { value: 'Hello, world', start: 7, length: 5 }, output: 'world' },
    { inputs: { value: 'a👍b👍c', start: 1, length: 3 }, output: '👍b👍' },
    { inputs: { value: 'abc', start: -2, length: 10 }, output: 'bc' },
  ],
});
