import { defineNode, toFloat } from '../sdk/index.js';

export default defineNode({
  type: 'ToFloat',
  category: 'Type Conversion',
  label: 'To Float',
  description:
    'The value as a Float by the pin conversion rules: numbers as they are, numeric text ("3.5", "1e3", "0x1F", "Infinity") converts, booleans are 1 and 0; null, other text, objects and arrays are TYPE_CONVERSION errors.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'Float' }],
  eval: (value: unknown) => toFloat(value),
  examples: [
    { inputs: { value: ' 3.5 ' }, output: 3.5 },
    { inputs: { value: false }, output: 0 },
  ],
});
