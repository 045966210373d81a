import { DragopsError, defineNode } from '../sdk/index.js';
import { checkResultText } from '../formats/shared.js';

export default defineNode({
  type: 'URLEncode',
  category: 'Encoding & Crypto',
  label: 'URL Encode',
  description:
    "Percent-encodes text for use inside a URL component, exactly as JavaScript's encodeURIComponent: letters, digits and `-_.!~*'()` stay, everything else (space, `/`, `?`, `&`, `=`, `#`, non-ASCII) becomes %XX of its UTF-8 bytes. A lone UTF-16 surrogate cannot be encoded and is an error.",
  inputs: [{ id: 'value', type: 'String' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string): string => {
    try {
      return checkResultText(encodeURIComponent(value));
    } catch (e) {
      if (e instanceof DragopsError) throw e;
      throw new DragopsError('NODE_ERROR', 'the text contains a lone UTF-16 surrogate and cannot be URL-encoded', { cause: e, pin: 'value' });
    }
  },
  examples: [{ inputs: { value: 'a b&c=d/é?' }, output: 'a%20b%26c%3Dd%2F%C3%A9%3F' }],
});
