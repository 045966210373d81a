import { DragopsError, defineData, defineNode, toStringValue } from '../sdk/index.js';

export default defineNode({
  type: 'FromEntries',
  category: 'Object/Map',
  label: 'From Entries',
  description:
    'An object built from [key, value] pairs (or {key, value} objects), keys as text, a later pair winning over an earlier one with the same key; a null array gives {}, any other item is an error, and keys like __proto__ are plain data.',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (array: unknown[] | null) => {
    const out: Record<string, unknown> = {};
    (array ?? []).forEach((entry, i) => {
      let key: unknown, value: unknown;
      if (Array.isArray(entry) && entry.length >= 1 && entry.length <= 2) [key, value] = entry;
      else if (entry !== null && typeof entry === 'object' && !(entry instanceof Uint8Array) && Object.hasOwn(entry, 'key')) {
        key = (entry as Record<string, unknown>).key;
        value = Object.hasOwn(entry, 'value') ? (entry as Record<string, unknown>).value : null;
      } else {
        throw new DragopsError('NODE_ERROR', `item ${i} is not a [key, value] pair or a {key, value} object`);
      }
      if (key !== null && typeof key === 'object') throw new DragopsError('NODE_ERROR', `item ${i}: a key must be a text, a number or a boolean`);
      defineData(out, toStringValue(key), value === undefined ? null : value);
    });
    return out;
  },
  examples: [
    {
      inputs: {
        array: [
          ['a', 1],
          ['b', 2],
        ],
      },
      output: { a: 1, b: 2 },
    },
    { inputs: { array: [{ key: 'id', value: 7 }, ['id', 8]] }, output: { id: 8 } },
  ],
});
