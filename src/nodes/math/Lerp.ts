import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Lerp',
  category: 'Math',
  label: 'Lerp',
  description: 'Linear interpolation from a (t = 0) to b (t = 1); t outside [0, 1] extrapolates.',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 1 },
    { id: 't', type: 'Float', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  // The end points are returned exactly (a + (b − a)·1 can miss b by a rounding error).
  eval: (a: number, b: number, t: number) => (t === 0 ? a : t === 1 ? b : a + (b - a) * t),
  examples: [
    { inputs: { a: 0, b: 10, t: 0.25 }, output: 2.5 },
    { inputs: { a: 10, b: 20, t: 1.5 }, output: 25 },
  ],
});
