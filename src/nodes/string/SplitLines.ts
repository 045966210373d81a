import { DEFAULT_LIMITS, defineNode } from '../sdk/index.js';
import { checkItems } from './text.js';

const BREAK = /\r\n|\r|\n/;

export default defineNode({
  type: 'SplitLines',
  category: 'String',
  label: 'Split Lines',
  description: 'The lines of the text, split at \\n, \\r\\n or \\r, without the line breaks; a final line break adds no empty line, and empty text gives [].',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (value: string) => {
    if (value === '') return [];
    const lines = value.split(BREAK, DEFAULT_LIMITS.maxArrayLength + 2);
    if (lines[lines.length - 1] === '' && lines.length > 1) lines.pop();
    checkItems(lines.length, 'the list of lines');
    return lines;
  },
  examples: [
    { inputs: { value: 'one\ntwo\r\nthree\n' }, output: ['one', 'two', 'three'] },
    { inputs: { value: 'a\n\nb' }, output: ['a', '', 'b'] },
    { inputs: { value: '' }, output: [] },
  ],
});
