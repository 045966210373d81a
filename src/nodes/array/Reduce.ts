import { defineNode, toStringValue } from '../sdk/index.js';
import { checkLength } from '../string/text.js';
import { checkItems, numberOf, pathReader, sortCompare } from './keyed.js';

export const OPERATIONS = ['sum', 'product', 'min', 'max', 'count', 'average', 'concat'] as const;

export default defineNode({
  type: 'Reduce',
  category: 'Array',
  label: 'Reduce',
  description:
    'Combines the values at path (empty = the items), skipping nulls: sum (0 when empty), product (1), average (null when empty), count of non-null values, min and max in Sort order (null when empty), concat (arrays joined into one array, anything else joined as text); a value that is not a number is an error for sum, product and average.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'operation', type: 'Enum', options: OPERATIONS, default: 'sum' },
    { id: 'path', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Any' }],
  eval: (array: unknown[] | null, operation: string, path: string) => {
    const read = pathReader(path);
    const values: unknown[] = [];
    const at: number[] = [];
    (array ?? []).forEach((item, i) => {
      const v = read(item);
      if (v !== null) {
        values.push(v);
        at.push(i);
      }
    });
    switch (operation) {
      case 'sum':
        return values.reduce((s: number, v, i) => s + numberOf(v, at[i]!), 0);
      case 'product':
        return values.reduce((p: number, v, i) => p * numberOf(v, at[i]!), 1);
      case 'average':
        return values.length === 0 ? null : values.reduce((s: number, v, i) => s + numberOf(v, at[i]!), 0) / values.length;
      case 'count':
        return values.length;
      case 'min':
      case 'max': {
        if (values.length === 0) return null;
        const sign = operation === 'min' ? 1 : -1;
        return values.reduce((best, v) => (sign * sortCompare(v, best, false) < 0 ? v : best));
      }
      case 'concat': {
        if (values.length > 0 && values.every(Array.isArray)) {
          checkItems(
            (values as unknown[][]).reduce((n, a) => n + a.length, 0),
            'the concatenated array',
          );
          return (values as unknown[][]).flat(1);
        }
        let length = 0;
        const texts = values.map((v) => {
          const t = toStringValue(v);
          length += t.length;
          checkLength(length, 'the concatenated text');
          return t;
        });
        return texts.join('');
      }
      default:
        return null;
    }
  },
  examples: [
    { inputs: { array: [{ price: 2.5 }, { price: 4 }, { price: null }], operation: 'sum', path: 'price' }, output: 6.5 },
    { inputs: { array: [3, 9, 1], operation: 'max' }, output: 9 },
    { inputs: { array: [{ tags: ['a'] }, { tags: ['b', 'c'] }], operation: 'concat', path: 'tags' }, output: ['a', 'b', 'c'] },
  ],
});
