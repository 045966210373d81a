import { defineData, defineNode, toStringValue } from '../sdk/index.js';

export default defineNode({
  type: 'PickProperties',
  category: 'Object/Map',
  label: 'Pick Properties',
  description:
    'A new object with only the named top-level properties (own properties only, in the order of keys; names the object lacks are left out); a null object gives {}.',
  inputs: [
    { id: 'object', type: 'Object' },
    { id: 'keys', type: 'Array' },
  ],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (object: Record<string, unknown> | null, keys: unknown[] | null) => {
    const out: Record<string, unknown> = {};
    if (object == null) return out;
    for (const k of keys ?? []) {
      const name = toStringValue(k);
      if (Object.hasOwn(object, name)) defineData(out, name, object[name]);
    }
    return out;
  },
  examples: [{ inputs: { object: { id: 1, name: 'Ada', secret: 'x' }, keys: ['id', 'name', 'missing'] }, output: { id: 1, name: 'Ada' } }],
});
