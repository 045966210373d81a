import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ToArray',
  category: 'Type Conversion',
  label: 'To Array',
  description: 'The value as an Array: an array as it is, null as [], any other value (text, number, object) wrapped as a one-item array.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (value: unknown) => (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]),
  examples: [
    { inputs: { value: [1, 2] }, output: [1, 2] },
    { inputs: { value: null }, output: [] },
    { inputs: { value: { a: 1 } }, output: [{ a: 1 }] },
  ],
});
