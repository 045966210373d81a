import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Power',
  category: 'Math',
  label: 'Power',
  description: 'Raises base to the power exponent; a negative base with a fractional exponent gives NaN.',
  inputs: [
    { id: 'base', type: 'Float', default: 0 },
    { id: 'exponent', type: 'Float', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (base: number, exponent: number) => base ** exponent,
  examples: [
    { inputs: { base: 2, exponent: 10 }, output: 1024 },
    { inputs: { base: 9, exponent: 0.5 }, output: 3 },
    { inputs: { base: 2, exponent: -1 }, output: 0.5 },
  ],
});
