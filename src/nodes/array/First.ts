import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'First',
  category: 'Array',
  label: 'First',
  description: 'The first item of the array, or null when the array is empty or null.',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'item', type: 'Any' }],
  safe: true,
  eval: (array: unknown[] | null) => (array == null || array.length === 0 ? null : (array[0] ?? null)),
  inline: ({ args: [a] }) => _`(${a!}?.[0] ?? null)`,
  examples: [
    { inputs: { array: ['a', 'b'] }, output: 'a' },
    { inputs: { array: [] }, output: null },
  ],
});
