import { DragopsError, defineData, defineNode, splitPath, step } from '../sdk/index.js';

/** A copy of `v` without the path `segments`; the same value when the path does not resolve. */
function without(v: unknown, segments: readonly string[]): unknown {
  const [head, ...rest] = segments as [string, ...string[]];
  const child = step(v, head);
  if (child === undefined || (head === 'length' && Array.isArray(v))) return v;
  if (Array.isArray(v)) {
    const i = Number(head);
    const copy = v.slice();
    if (rest.length === 0) copy.splice(i, 1);
    else copy[i] = without(child, rest);
    return copy;
  }
  const o = v as Record<string, unknown>;
  const inner = rest.length > 0 ? without(child, rest) : undefined;
  if (rest.length > 0 && inner === child) return v;
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    if (k !== head) defineData(copy, k, o[k]);
    else if (rest.length > 0) defineData(copy, k, inner);
  }
  return copy;
}

export default defineNode({
  type: 'DeleteProperty',
  category: 'Object/Map',
  label: 'Delete Property',
  description:
    'A copy of the object without the property at the path (`user.name`; an array index removes that item); the input is never changed, a path that does not resolve gives the object as it is, and a null object gives null.',
  inputs: [
    { id: 'object', type: 'Object' },
    { id: 'key', type: 'String' },
  ],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (object: Record<string, unknown> | null, key: string) => {
    if (key === '') throw new DragopsError('NODE_ERROR', 'the key is empty: give the property path to delete, for example "user.name"');
    if (object == null) return null;
    return without(object, splitPath(key));
  },
  examples: [
    { inputs: { object: { a: 1, b: 2 }, key: 'a' }, output: { b: 2 } },
    { inputs: { object: { user: { name: 'Ada', age: 36 } }, key: 'user.age' }, output: { user: { name: 'Ada' } } },
    { inputs: { object: { tags: ['x', 'y', 'z'] }, key: 'tags.1' }, output: { tags: ['x', 'z'] } },
  ],
});
