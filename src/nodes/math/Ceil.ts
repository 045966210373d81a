import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Ceil',
  category: 'Math',
  label: 'Ceil',
  description: 'The smallest whole number not less than the value (rounds toward +∞).',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.ceil(value) + 0, // `+ 0`: Math.ceil(-0.5) is -0
  examples: [
    { inputs: { value: 2.1 }, output: 3 },
    { inputs: { value: -2.7 }, output: -2 },
  ],
});
