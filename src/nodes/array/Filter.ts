import { defineNode } from '../sdk/index.js';
import { OPERATORS, passes, pathReader } from './keyed.js';

export default defineNode({
  type: 'Filter',
  category: 'Array',
  label: 'Filter',
  description:
    'The items whose value at path (empty = the item) passes operator against value: equals/notEquals by deep equality, the orderings for numbers (a numeric string counts as its number) and texts by code point, contains as the Contains node, exists for a non-null value; null never passes an ordering.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'path', type: 'String', default: '' },
    { id: 'operator', type: 'Enum', options: OPERATORS, default: 'equals' },
    { id: 'value', type: 'Any', default: null },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (array: unknown[] | null, path: string, operator: string, value: unknown) => {
    const read = pathReader(path);
    return (array ?? []).filter((item) => passes(operator, read(item), value)).map((item) => (item === undefined ? null : item));
  },
  examples: [
    { inputs: { array: [{ n: 1 }, { n: 5 }, { n: 10 }], path: 'n', operator: 'greaterThan', value: 3 }, output: [{ n: 5 }, { n: 10 }] },
    { inputs: { array: [{ s: 'open' }, { s: 'done' }], path: 's', value: 'done' }, output: [{ s: 'done' }] },
    { inputs: { array: [{ e: 'a@x.io' }, { e: null }, {}], path: 'e', operator: 'exists' }, output: [{ e: 'a@x.io' }] },
  ],
});
