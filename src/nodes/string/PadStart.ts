import { defineNode } from '../sdk/index.js';
import { pad } from './pad.js';

export default defineNode({
  type: 'PadStart',
  category: 'String',
  label: 'Pad Start',
  description:
    'The text with fill repeated in front of it until it is length characters long (the fill is cut to fit); a text already that long, or an empty fill, is returned unchanged.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'length', type: 'Integer' },
    { id: 'fill', type: 'String', default: ' ' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string, length: number, fill: string) => pad(value, length, fill, true),
  examples: [
    { inputs: { value: '42', length: 5, fill: '0' }, output: '00042' },
    { inputs: { value: 'abc', length: 2 }, output: 'abc' },
    { inputs: { value: 'x', length: 4, fill: 'ab' }, output: 'abax' },
  ],
});
