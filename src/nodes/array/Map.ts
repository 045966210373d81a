import { defineNode } from '../sdk/index.js';
import { pathReader } from './keyed.js';

export default defineNode({
  type: 'Map',
  category: 'Array',
  label: 'Map',
  description:
    'The value at a property path of every item (`price`, `user.name`, `tags.0`; empty = the item itself), null for items where the path does not resolve; own properties only, a null array gives [].',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'path', type: 'String', default: '' },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  eval: (array: unknown[] | null, path: string) => {
    const read = pathReader(path);
    return (array ?? []).map((item) => read(item));
  },
  examples: [
    { inputs: { array: [{ name: 'Ada' }, { name: 'Bo' }, {}], path: 'name' }, output: ['Ada', 'Bo', null] },
    { inputs: { array: [{ user: { id: 1 } }, { user: { id: 2 } }], path: 'user.id' }, output: [1, 2] },
  ],
});
