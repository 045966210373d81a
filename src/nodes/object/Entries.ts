import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Entries',
  category: 'Object/Map',
  label: 'Entries',
  description: "The object's own properties as [key, value] pairs, in the same order as Keys; a null object gives [].",
  inputs: [{ id: 'object', type: 'Object' }],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (object: Record<string, unknown> | null) => (object == null ? [] : Object.keys(object).map((k) => [k, object[k] ?? null])),
  examples: [
    {
      inputs: { object: { a: 1, b: [2] } },
      output: [
        ['a', 1],
        ['b', [2]],
      ],
    },
    { inputs: { object: {} }, output: [] },
  ],
});
