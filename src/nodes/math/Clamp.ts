import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Clamp',
  category: 'Math',
  label: 'Clamp',
  description: 'Limits the value to the range [min, max]; bounds given the wrong way round are swapped, and NaN stays NaN.',
  inputs: [
    { id: 'value', type: 'Float', default: 0 },
    { id: 'min', type: 'Float', default: 0 },
    { id: 'max', type: 'Float', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number, min: number, max: number) => {
    let lo = min,
      hi = max;
    if (lo > hi) {
      lo = max;
      hi = min;
    }
    return value < lo ? lo : value > hi ? hi : value;
  },
  examples: [
    { inputs: { value: 15, min: 0, max: 10 }, output: 10 },
    { inputs: { value: -3, min: 0, max: 10 }, output: 0 },
    { inputs: { value: 4, min: 10, max: 0 }, output: 4, note: 'bounds in either order' },
  ],
});
