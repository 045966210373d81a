import { DEFAULT_LIMITS, DragopsError, defineNode, setIn, splitPath, step } from '../sdk/index.js';

export default defineNode({
  type: 'SetProperty',
  category: 'Object/Map',
  label: 'Set Property',
  description:
    'Returns a copy of the object with the value at a property path (`user.name`, `tags.0`), creating objects along the way and replacing non-objects in the path; the input is never changed, and a null object starts empty.',
  inputs: [
    { id: 'object', type: 'Object' },
    { id: 'key', type: 'String' },
    { id: 'value', type: 'Any' },
  ],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (object: Record<string, unknown> | null, key: string, value: unknown) => {
    if (key === '') throw new DragopsError('NODE_ERROR', 'the key is empty: give the property path to set, for example "user.name"');
    const segments = splitPath(key);
    // `list.4000000000` would make a huge sparse array that no JSON writer can turn into text.
    let cur: unknown = object;
    for (const s of segments) {
      if (Array.isArray(cur) && /^\d+$/.test(s) && Number(s) >= DEFAULT_LIMITS.maxArrayLength) {
        throw new DragopsError('LIMIT_EXCEEDED', `array index ${s} in ${JSON.stringify(key)} is past the array size limit (${DEFAULT_LIMITS.maxArrayLength})`);
      }
      cur = step(cur, s);
    }
    return setIn(object, segments, value === undefined ? null : value);
  },
  examples: [
    { inputs: { object: { a: 1 }, key: 'b.c', value: 2 }, output: { a: 1, b: { c: 2 } } },
    { inputs: { object: { tags: ['x', 'y'] }, key: 'tags.0', value: 'z' }, output: { tags: ['z', 'y'] } },
    { inputs: { object: null, key: 'name', value: 'Ada' }, output: { name: 'Ada' } },
  ],
});
