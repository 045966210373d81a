import { defineNode } from '../sdk/index.js';
import { checkResultText } from '../formats/shared.js';
import { bytesOf } from './shared.js';

export default defineNode({
  type: 'Base64Encode',
  category: 'Encoding & Crypto',
  label: 'Base64 Encode',
  description:
    'Encodes a String (as its UTF-8 bytes) or Binary value in base64 (RFC 4648, with `=` padding). With `urlSafe` it uses the URL- and file-name-safe alphabet (`-` and `_` for `+` and `/`) without padding. Null gives "".',
  inputs: [
    { id: 'value', type: 'Any' },
    { id: 'urlSafe', type: 'Boolean', default: false },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: unknown, urlSafe: boolean): string => checkResultText(bytesOf(value).toString(urlSafe ? 'base64url' : 'base64')),
  examples: [
    { inputs: { value: 'héllo 👋' }, output: 'aMOpbGxvIPCfkYs=' },
    { inputs: { value: 'a?b>', urlSafe: true }, output: 'YT9iPg' },
  ],
});
