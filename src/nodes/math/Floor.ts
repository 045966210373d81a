import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Floor',
  category: 'Math',
  label: 'Floor',
  description: 'The largest whole number not greater than the value (rounds toward −∞).',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.floor(value) + 0,
  examples: [
    { inputs: { value: 2.7 }, output: 2 },
    { inputs: { value: -2.3 }, output: -3 },
  ],
});
