import { DragopsError, defineNode } from '../sdk/index.js';
import { checkText } from '../formats/shared.js';
import { decodeBytes } from './shared.js';

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

export default defineNode({
  type: 'Base64Decode',
  category: 'Encoding & Crypto',
  label: 'Base64 Decode',
  description:
    'Decodes base64 text, standard or URL-safe alphabet, with or without `=` padding; spaces and line breaks are ignored. `as` text (the default) gives a String and is an error when the bytes are not valid UTF-8; `as` binary gives Binary bytes. Any other character, or a length no base64 text can have, is an error.',
  inputs: [
    { id: 'value', type: 'String' },
    { id: 'as', type: 'Enum', options: ['text', 'binary'], default: 'text' },
  ],
  outputs: [{ id: 'result', type: 'Any' }],
  eval: (value: string, as: 'text' | 'binary'): string | Uint8Array => {
    const clean = checkText(value, 'value').replace(/[\s]+/g, '');
    if (!BASE64.test(clean) || clean.replace(/=+$/, '').length % 4 === 1 || (clean.includes('=') && clean.length % 4 !== 0)) {
      const bad = /[^A-Za-z0-9+/\-_=]/.exec(clean);
      throw new DragopsError(
        'NODE_ERROR',
        bad
          ? `not base64: unexpected ${JSON.stringify(bad[0])} at position ${bad.index}`
          : 'not base64: the text has a length or padding no base64 text can have',
        { pin: 'value' },
      );
    }
    return decodeBytes(Buffer.from(clean, 'base64'), as, 'the decoded data');
  },
  examples: [
    { inputs: { value: 'aMOpbGxvIPCfkYs=' }, output: 'héllo 👋' },
    { inputs: { value: 'YT9iPg' }, output: 'a?b>' },
  ],
});
