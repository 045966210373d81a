import { DragopsError, defineNode } from '../sdk/index.js';
import { checkItems } from './keyed.js';

export default defineNode({
  type: 'Range',
  category: 'Array',
  label: 'Range',
  description:
    'The integers from start up to but not including end, step apart (a negative step counts down; start past end gives []); a step of 0 is an error and more items than the array limit is LIMIT_EXCEEDED.',
  inputs: [
    { id: 'start', type: 'Integer', default: 0 },
    { id: 'end', type: 'Integer' },
    { id: 'step', type: 'Integer', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (start: number, end: number, step: number) => {
    if (step === 0) throw new DragopsError('NODE_ERROR', 'the step of a Range must not be 0');
    const count = Math.max(0, Math.ceil((end - start) / step));
    checkItems(count, 'the range');
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = start + i * step;
    return out;
  },
  examples: [
    { inputs: { end: 5 }, output: [0, 1, 2, 3, 4] },
    { inputs: { start: 10, end: 0, step: -3 }, output: [10, 7, 4, 1] },
    { inputs: { start: 5, end: 5 }, output: [] },
  ],
});
