import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Concat',
  category: 'String',
  label: 'Concat',
  description: 'Joins two texts: a followed by b.',
  inputs: [
    { id: 'a', type: 'String', default: '' },
    { id: 'b', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  // Not `safe`: a result past the engine's maximum string length throws a RangeError.
  eval: (a: string, b: string) => a + b,
  inline: ({ args: [a, b] }) => _`(${a!} + ${b!})`,
  examples: [
    { inputs: { a: 'Hello, ', b: 'world' }, output: 'Hello, world' },
    { inputs: { a: 'x' }, output: 'x' },
  ],
});
