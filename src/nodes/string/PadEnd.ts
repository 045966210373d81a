import { defineNode } from '../sdk/index.js';
import { pad } from './pad.js';

export default defineNode({
  type: 'PadEnd',
  category: 'String',
  label: 'Pad End',
  description:
    'The text with fill repeated after it until it is length characters long (the fill is cut to fit); a text already that long, or an empty fill, is returned unchanged.',
  inputs: [
    { id: 'value', type: 'String', default: '' },
    { id: 'length', type: 'Integer' },
    { id: 'fill', type: 'String', default: ' ' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string, length: number, fill: string) => pad(value, length, fill, false),
  examples: [
    { inputs: { value: 'Name', length: 8, fill: '.' }, output: 'Name....' },
    { inputs: { value: '👍', length: 3, fill: '-' }, output: '👍--' },
  ],
});
