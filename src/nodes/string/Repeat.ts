import { DragopsError, defineNode } from '../sdk/index.js';
import { checkLength } from './text.js';

export default defineNode({
  type: 'Repeat',
  category: 'String',
  label: 'Repeat',
  description:
    'The text repeated count times ("" for a count of 0 or an empty text); a negative count is an error, and a result past the string limit is LIMIT_EXCEEDED.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'count', type: 'Integer' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string, count: number) => {
    if (count < 0) throw new DragopsError('NODE_ERROR', `cannot repeat a text ${count} times: the count must be 0 or more`);
    if (value === '' || count === 0) return '';
    checkLength(value.length * count, 'the repeated text');
    return value.repeat(count);
  },
  examples: [
    { inputs: { value: 'ab', count: 3 }, output: 'ababab' },
    { inputs: { value: '-', count: 0 }, output: '' },
  ],
});
