import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Exp',
  category: 'Math',
  label: 'Exp',
  description: 'e raised to the power of the value (overflows to Infinity past about 709.78).',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.exp(value),
  examples: [
    { inputs: { value: 0 }, output: 1 },
    { inputs: { value: 1 }, output: Math.E },
  ],
});
