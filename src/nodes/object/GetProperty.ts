import { NOT_CONST, _, defineNode, getIn, splitPath, step } from '../sdk/index.js';

/** The value at a path, or undefined when it does not resolve (a present null is found). */
function lookup(object: unknown, key: string): unknown {
  if (key === '') return object ?? undefined;
  return key.indexOf('.') < 0 ? step(object, key) : getIn(object, splitPath(key));
}

export default defineNode({
  type: 'GetProperty',
  category: 'Object/Map',
  label: 'Get Property',
  description:
    'Reads the value at a property path (`user.name`, `tags.0`; empty = the object itself), own properties only; value is null and found false when the path does not resolve.',
  inputs: [
    { id: 'object', type: 'Object' },
    { id: 'key', type: 'String' },
  ],
  outputs: [
    { id: 'value', type: 'Any' },
    { id: 'found', type: 'Boolean' },
  ],
  safe: true,
  eval: (object: Record<string, unknown> | null, key: string) => {
    const v = lookup(object, key);
    return v === undefined ? { value: null, found: false } : { value: v, found: true };
  },
  inline: (g) => {
    const key = g.consts[1];
    if (key === NOT_CONST || typeof key !== 'string') return undefined;
    const obj = g.args[0]!;
    if (key === '') return g.output === 'value' ? _`${g.rt('nn')}(${obj})` : _`(${obj} != null)`;
    if (g.output === 'value') {
      // Both helpers own-property only; getKey already gives null when missing, getIn gives undefined.
      if (key.indexOf('.') < 0) return _`${g.keyReader(key)}(${obj})`;
      const segments = splitPath(key);
      // A long path as nested calls would nest the generated code as deep as the path is long.
      if (segments.length > 16) return _`(${g.rt('getIn')}(${obj}, ${g.ref(segments)}) ?? null)`;
      return segments.reduce((acc, k) => _`${g.keyReader(k)}(${acc})`, obj);
    }
    if (g.output === 'found') return _`(${g.rt('getIn')}(${obj}, ${g.ref(splitPath(key))}) !== undefined)`;
    return undefined;
  },
  examples: [
    { inputs: { object: { user: { name: 'Ada' } }, key: 'user.name' }, output: { value: 'Ada', found: true } },
    { inputs: { object: { tags: ['a', 'b'] }, key: 'tags.1' }, output: { value: 'b', found: true } },
    { inputs: { object: { a: 1 }, key: 'missing' }, output: { value: null, found: false } },
  ],
});
