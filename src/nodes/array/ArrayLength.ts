import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ArrayLength',
  category: 'Array',
  label: 'Array Length',
  description: 'The number of items in the array; a null array has length 0.',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'result', type: 'Integer' }],
  safe: true,
  eval: (array: unknown[] | null) => (array == null ? 0 : array.length),
  inline: ({ args: [a] }) => _`(${a!}?.length ?? 0)`,
  examples: [
    { inputs: { array: [1, 2, 3] }, output: 3 },
    { inputs: { array: null }, output: 0 },
  ],
});
