import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Sin',
  category: 'Math',
  label: 'Sin',
  description: 'The sine of an angle in radians.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.sin(value),
  examples: [
    { inputs: { value: 0 }, output: 0 },
    { inputs: { value: Math.PI / 2 }, output: 1 },
  ],
});
