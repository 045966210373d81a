import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'MapRange',
  category: 'Math',
  label: 'Map Range',
  description: 'Maps the value from the range [inMin, inMax] onto [outMin, outMax], without clamping; an empty input range (inMin = inMax) gives outMin.',
  inputs: [
    { id: 'value', type: 'Float', default: 0 },
    { id: 'inMin', type: 'Float', default: 0 },
    { id: 'inMax', type: 'Float', default: 1 },
    { id: 'outMin', type: 'Float', default: 0 },
    { id: 'outMax', type: 'Float', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number, inMin: number, inMax: number, outMin: number, outMax: number) =>
    inMax === inMin ? outMin : outMin + ((value - inMin) * (outMax - outMin)) / (inMax - inMin),
  examples: [
    { inputs: { value: 5, inMin: 0, inMax: 10, outMin: 0, outMax: 100 }, output: 50 },
    { inputs: { value: 15, inMin: 0, inMax: 10, outMin: 0, outMax: 100 }, output: 150 },
    { inputs: { value: 2, inMin: 0, inMax: 10, outMin: 100, outMax: 0 }, output: 80 },
  ],
});
