import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Values',
  category: 'Object/Map',
  label: 'Values',
  description: "The values of the object's own properties, in the same order as Keys; a null object gives [].",
  inputs: [{ id: 'object', type: 'Object' }],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (object: Record<string, unknown> | null) => (object == null ? [] : Object.values(object).map((v) => (v === undefined ? null : v))),
  examples: [
    { inputs: { object: { name: 'Ada', age: 36 } }, output: ['Ada', 36] },
    { inputs: { object: null }, output: [] },
  ],
});
