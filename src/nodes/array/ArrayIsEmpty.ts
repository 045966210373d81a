import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ArrayIsEmpty',
  category: 'Array',
  label: 'Array Is Empty',
  description: 'True when the array has no items or is null.',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (array: unknown[] | null) => array == null || array.length === 0,
  inline: ({ args: [a] }) => _`((${a!}?.length ?? 0) === 0)`,
  examples: [
    { inputs: { array: [] }, output: true },
    { inputs: { array: [null] }, output: false },
  ],
});
