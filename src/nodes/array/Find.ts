import { defineNode } from '../sdk/index.js';
import { OPERATORS, passes, pathReader } from './keyed.js';

export default defineNode({
  type: 'Find',
  category: 'Array',
  label: 'Find',
  description:
    'The first item whose value at path passes operator against value (the same tests as Filter), with its index and found true; item null, index -1 and found false when none does.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'path', type: 'String', default: '' },
    { id: 'operator', type: 'Enum', options: OPERATORS, default: 'equals' },
    { id: 'value', type: 'Any', default: null },
  ],
  outputs: [
    { id: 'item', type: 'Any' },
    { id: 'index', type: 'Integer' },
    { id: 'found', type: 'Boolean' },
  ],
  eval: (array: unknown[] | null, path: string, operator: string, value: unknown) => {
    const read = pathReader(path);
    const a = array ?? [];
    for (let i = 0; i < a.length; i++) {
      if (passes(operator, read(a[i]), value)) return { item: a[i] ?? null, index: i, found: true };
    }
    return { item: null, index: -1, found: false };
  },
  examples: [
    { inputs: { array: [{ id: 1 }, { id: 2 }], path: 'id', value: 2 }, output: { item: { id: 2 }, index: 1, found: true } },
    { inputs: { array: ['apple', 'banana'], operator: 'contains', value: 'nan' }, output: { item: 'banana', index: 1, found: true } },
    { inputs: { array: [], path: 'id', value: 1 }, output: { item: null, index: -1, found: false } },
  ],
});
