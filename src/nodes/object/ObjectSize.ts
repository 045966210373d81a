import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ObjectSize',
  category: 'Object/Map',
  label: 'Object Size',
  description: 'The number of own properties of the object; a null object has 0.',
  inputs: [{ id: 'object', type: 'Object' }],
  outputs: [{ id: 'result', type: 'Integer' }],
  safe: true,
  eval: (object: Record<string, unknown> | null) => (object == null ? 0 : Object.keys(object).length),
  examples: [
    { inputs: { object: { a: 1, b: null } }, output: 2 },
    { inputs: { object: null }, output: 0 },
  ],
});
