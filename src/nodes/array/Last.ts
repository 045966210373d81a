import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Last',
  category: 'Array',
  label: 'Last',
  description: 'The last item of the array, or null when the array is empty or null.',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'item', type: 'Any' }],
  safe: true,
  eval: (array: unknown[] | null) => (array == null || array.length === 0 ? null : (array[array.length - 1] ?? null)),
  inline: ({ args: [a] }) => _`(${a!}?.at(-1) ?? null)`,
  examples: [
    { inputs: { array: ['a', 'b'] }, output: 'b' },
    { inputs: { array: null }, output: null },
  ],
});
