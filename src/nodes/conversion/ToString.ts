import { defineNode, toStringValue } from '../sdk/index.js';
import { jsonWriteError } from '../formats/json.js';

export default defineNode({
  type: 'ToString',
  category: 'Type Conversion',
  label: 'To String',
  description: 'The value as text: null is "", numbers and booleans as written, Binary as base64, arrays and objects as compact JSON.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: unknown) => {
    try {
      return toStringValue(value);
    } catch (e) {
      // JSON.stringify fails on a circular structure (TypeError) or one too large or deep (RangeError).
      throw jsonWriteError(e);
    }
  },
  examples: [
    { inputs: { value: 42 }, output: '42' },
    { inputs: { value: { a: [1, true] } }, output: '{"a":[1,true]}' },
    { inputs: { value: null }, output: '' },
  ],
});
