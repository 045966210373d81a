import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'InRange',
  category: 'Comparison',
  label: 'In Range',
  description: 'True when min ≤ value ≤ max (both bounds included, given in either order); NaN is never in range.',
  inputs: [
    { id: 'value', type: 'Float', default: 0 },
    { id: 'min', type: 'Float', default: 0 },
    { id: 'max', type: 'Float', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (value: number, min: number, max: number) => (min <= max ? min <= value && value <= max : max <= value && value <= min),
  examples: [
    { inputs: { value: 10, min: 0, max: 10 }, output: true },
    { inputs: { value: 10.5, min: 0, max: 10 }, output: false },
    { inputs: { value: 5, min: 10, max: 0 }, output: true },
  ],
});
