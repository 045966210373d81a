import { defineNode } from '../sdk/index.js';
import { checkResultText } from '../formats/shared.js';
import { bytesOf } from './shared.js';

export default defineNode({
  type: 'HexEncode',
  category: 'Encoding & Crypto',
  label: 'Hex Encode',
  description: 'Writes the bytes of a String (UTF-8) or Binary value as lowercase hexadecimal, two digits per byte. Null gives "".',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: unknown): string => checkResultText(bytesOf(value).toString('hex')),
  examples: [
    { inputs: { value: 'Hi ✓' }, output: '486920e29c93' },
    { inputs: { value: '' }, output: '' },
  ],
});
