import { defineNode, toInteger } from '../sdk/index.js';

export default defineNode({
  type: 'ToInteger',
  category: 'Type Conversion',
  label: 'To Integer',
  description:
    'The value as an Integer by the pin conversion rules: numbers truncate toward zero, numeric text ("12", " 1e3 ", "0x1F") converts, true is 1; null, other text, NaN, infinities, objects and arrays are TYPE_CONVERSION errors.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'Integer' }],
  eval: (value: unknown) => toInteger(value),
  examples: [
    { inputs: { value: '42' }, output: 42 },
    { inputs: { value: -3.9 }, output: -3 },
    { inputs: { value: true }, output: 1 },
  ],
});
