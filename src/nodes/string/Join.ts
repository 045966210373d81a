import { defineNode, toStringValue } from '../sdk/index.js';
import { checkLength } from './text.js';

export default defineNode({
  type: 'Join',
  category: 'String',
  label: 'Join',
  description:
    'Joins the items of the array into one text with the separator between them; strings as they are, null items as "", other values as their text (objects as JSON); a null array gives "".',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'separator', type: 'String', default: ', ' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (array: unknown[] | null, separator: string) => {
    if (array == null || array.length === 0) return '';
    const parts: string[] = new Array(array.length);
    let length = separator.length * (array.length - 1);
    checkLength(length, 'the joined text');
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      const text = typeof item === 'string' ? item : toStringValue(item);
      length += text.length;
      checkLength(length, 'the joined text');
      parts[i] = text;
    }
    return parts.join(separator);
  },
  examples: [
    { inputs: { array: ['a', 'b', 'c'] }, output: 'a, b, c' },
    { inputs: { array: [1, null, true, { k: 1 }], separator: '|' }, output: '1||true|{"k":1}' },
    { inputs: { array: [] }, output: '' },
  ],
});
