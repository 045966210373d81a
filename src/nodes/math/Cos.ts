import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Cos',
  category: 'Math',
  label: 'Cos',
  description: 'The cosine of an angle in radians.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.cos(value),
  examples: [
    { inputs: { value: 0 }, output: 1 },
    { inputs: { value: Math.PI }, output: -1 },
  ],
});
