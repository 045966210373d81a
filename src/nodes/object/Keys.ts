import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Keys',
  category: 'Object/Map',
  label: 'Keys',
  description: "The names of the object's own properties, in the object's order (integer-like names first, as in JavaScript); a null object gives [].",
  inputs: [{ id: 'object', type: 'Object' }],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (object: Record<string, unknown> | null) => (object == null ? [] : Object.keys(object)),
  examples: [
    { inputs: { object: { name: 'Ada', age: 36 } }, output: ['name', 'age'] },
    { inputs: { object: {} }, output: [] },
  ],
});
