import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'SquareRoot',
  category: 'Math',
  label: 'Square Root',
  description: 'The square root of the value; a negative value gives NaN.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.sqrt(value),
  examples: [
    { inputs: { value: 9 }, output: 3 },
    { inputs: { value: 2.25 }, output: 1.5 },
  ],
});
