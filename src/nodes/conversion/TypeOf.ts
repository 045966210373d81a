import { defineNode, typeOfValue } from '../sdk/index.js';

export default defineNode({
  type: 'TypeOf',
  category: 'Type Conversion',
  label: 'Type Of',
  description:
    'The data type of the value, as named in IsType: "String", "Integer" (a whole number), "Float", "Boolean", "Object", "Array", "Binary" or "Null"; a date is text, so it gives "String".',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'String' }],
  safe: true,
  eval: (value: unknown) => typeOfValue(value),
  examples: [
    { inputs: { value: 3 }, output: 'Integer' },
    { inputs: { value: 2.5 }, output: 'Float' },
    { inputs: { value: null }, output: 'Null' },
  ],
});
