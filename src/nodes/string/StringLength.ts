import { defineNode } from '../sdk/index.js';
import { codePointLength } from './text.js';

export default defineNode({
  type: 'StringLength',
  category: 'String',
  label: 'String Length',
  description:
    'The number of characters (Unicode code points, so an emoji counts once and a combining accent counts on its own); null or empty text has length 0.',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'length', type: 'Integer' }],
  safe: true,
  eval: (value: string) => codePointLength(value),
  examples: [
    { inputs: { value: 'hello' }, output: 5 },
    { inputs: { value: 'héllo 👍' }, output: 7 },
    { inputs: { value: '' }, output: 0 },
  ],
});
