import { defineNode, getIn, splitPath } from '../sdk/index.js';

export default defineNode({
  type: 'HasProperty',
  category: 'Object/Map',
  label: 'Has Property',
  description:
    'True when the property path (`user.name`, `tags.0`) resolves in the object through own properties only, even to a null value; inherited names such as toString or constructor are not properties, and a null object has none.',
  inputs: [
    { id: 'object', type: 'Object' },
    { id: 'key', type: 'String' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (object: Record<string, unknown> | null, key: string) => object != null && (key === '' || getIn(object, splitPath(key)) !== undefined),
  examples: [
    { inputs: { object: { user: { name: 'Ada' } }, key: 'user.name' }, output: true },
    { inputs: { object: { a: null }, key: 'a' }, output: true },
    { inputs: { object: {}, key: 'toString' }, output: false },
  ],
});
