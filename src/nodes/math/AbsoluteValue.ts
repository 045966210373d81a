import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'AbsoluteValue',
  category: 'Math',
  label: 'Absolute Value',
  description: 'The value without its sign: |value|.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.abs(value),
  examples: [
    { inputs: { value: -4.5 }, output: 4.5 },
    { inputs: { value: 3 }, output: 3 },
  ],
});
