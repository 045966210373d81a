import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Multiply',
  category: 'Math',
  label: 'Multiply',
  description: 'Multiplies two numbers: a × b (unwired pins default to 1).',
  inputs: [
    { id: 'a', type: 'Float', default: 1 },
    { id: 'b', type: 'Float', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (a: number, b: number) => a * b,
  inline: ({ args: [a, b] }) => _`(${a!} * ${b!})`,
  examples: [
    { inputs: { a: 4, b: 2.5 }, output: 10 },
    { inputs: { a: -3, b: 7 }, output: -21 },
  ],
});
