import { DragopsError, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'URLDecode',
  category: 'Encoding & Crypto',
  label: 'URL Decode',
  description:
    "Decodes percent-encoding, exactly as JavaScript's decodeURIComponent: %XX sequences become their UTF-8 characters and `+` stays a plus (use Parse Query String for form data, where it is a space). A malformed sequence (`%E0%A4%A`, `%ZZ`, bytes that are not UTF-8) is an error.",
  inputs: [{ id: 'value', type: 'String' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch (e) {
      const at = /%(?![0-9a-fA-F]{2})/.exec(value);
      throw new DragopsError(
        'NODE_ERROR',
        at ? `malformed percent-encoding at position ${at.index}` : 'malformed percent-encoding: the %XX bytes are not valid UTF-8',
        { cause: e, pin: 'value' },
      );
    }
  },
  examples: [
    { inputs: { value: 'a%20b%26c%3Dd%2F%C3%A9%3F' }, output: 'a b&c=d/é?' },
    { inputs: { value: 'a+b' }, output: 'a+b' },
  ],
});
