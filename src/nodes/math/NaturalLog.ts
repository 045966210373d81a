import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'NaturalLog',
  category: 'Math',
  label: 'Natural Log',
  description: 'The natural (base e) logarithm of the value; 0 gives -Infinity and a negative value NaN.',
  inputs: [{ id: 'value', type: 'Float', default: 0 }],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number) => Math.log(value),
  examples: [
    { inputs: { value: 1 }, output: 0 },
    { inputs: { value: Math.E }, output: 1 },
  ],
});
