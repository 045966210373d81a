import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Tan',
  category: 'Math',
  label: 'Tan',
  description: 'The tangent of an angle in radians.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.tan(value),
  examples: [
    { inputs: { value: 0 }, output: 0 },
    { inputs: { value: 1 }, output: 1.5574077246549023 },
  ],
});
