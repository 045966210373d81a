import { defineNode, toBoolean } from '../sdk/index.js';

export default defineNode({
  type: 'ToBoolean',
  category: 'Type Conversion',
  label: 'To Boolean',
  description:
    'The value as a Boolean by the pin conversion rules: "true", "1", "yes", "on" are true and "false", "0", "no", "off", "" false (any case); numbers are true unless 0 or NaN; null is false; other text, objects and arrays are TYPE_CONVERSION errors.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'Boolean' }],
  eval: (value: unknown) => toBoolean(value),
  examples: [
    { inputs: { value: 'Yes' }, output: true },
    { inputs: { value: 0 }, output: false },
    { inputs: { value: null }, output: false },
  ],
});
