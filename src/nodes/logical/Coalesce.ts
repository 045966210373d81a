import { _, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Coalesce',
  category: 'Logical',
  label: 'Coalesce',
  description: 'a, unless it is null, then b; 0, "" and false count as values, not as null.',
  inputs: [
    { id: 'a', type: 'Any' },
    { id: 'b', type: 'Any' },
  ],
  outputs: [{ id: 'result', type: 'Any' }],
  safe: true,
  eval: (a: unknown, b: unknown) => a ?? b ?? null,
  inline: ({ args: [a, b] }) => _`(${a!} ?? ${b!} ?? null)`,
  examples: [
    { inputs: { a: null, b: 'fallback' }, output: 'fallback' },
    { inputs: { a: 0, b: 5 }, output: 0 },
  ],
});
