import { DragopsError, defineNode } from '../sdk/index.js';
import { checkText } from '../formats/shared.js';
import { decodeBytes } from './shared.js';

export default defineNode({
  type: 'HexDecode',
  category: 'Encoding & Crypto',
  label: 'Hex Decode',
  description:
    'Reads hexadecimal text (either case; spaces, line breaks and `:` between bytes are ignored) into bytes: `as` text (the default) gives a String and is an error when they are not valid UTF-8, `as` binary gives Binary. An odd number of digits or any other character is an error.',
  inputs: [
    { id: 'value', type: 'String' },
    { id: 'as', type: 'Enum', options: ['text', 'binary'], default: 'text' },
  ],
  outputs: [{ id: 'result', type: 'Any' }],
  eval: (value: string, as: 'text' | 'binary'): string | Uint8Array => {
    const clean = checkText(value, 'value').replace(/[\s:]+/g, '');
    const bad = /[^0-9a-fA-F]/.exec(clean);
    if (bad) throw new DragopsError('NODE_ERROR', `not hexadecimal: unexpected ${JSON.stringify(bad[0])}`, { pin: 'value' });
    if (clean.length % 2 !== 0) throw new DragopsError('NODE_ERROR', `not hexadecimal: ${clean.length} digits, an odd number`, { pin: 'value' });
    return decodeBytes(Buffer.from(clean, 'hex'), as, 'the decoded data');
  },
  examples: [
    { inputs: { value: '486920e29c93' }, output: 'Hi ✓' },
    { inputs: { value: '48:49' }, output: 'HI' },
  ],
});
