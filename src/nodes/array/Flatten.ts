import { DEFAULT_LIMITS, defineNode } from '../sdk/index.js';
import { checkItems } from './keyed.js';

export default defineNode({
  type: 'Flatten',
  category: 'Array',
  label: 'Flatten',
  description:
    'A new array where items that are arrays are replaced by their items, depth levels deep (1 = one level; 0 or less copies the array); a null array gives [], and a result past the array limit is LIMIT_EXCEEDED.',
  inputs: [
    { id: 'array', type: 'Array' },
    { id: 'depth', type: 'Integer', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Array' }],
  eval: (array: unknown[] | null, depth: number) => {
    const out: unknown[] = [];
    const max = DEFAULT_LIMITS.maxArrayLength;
    // An explicit stack: deeply nested input cannot overflow the call stack, and the size is
    // checked as it grows (one array repeated a million times must not be built first).
    const stack: { a: readonly unknown[]; i: number; depth: number }[] = [{ a: array ?? [], i: 0, depth }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.a.length) {
        stack.pop();
        continue;
      }
      const v = top.a[top.i++];
      if (Array.isArray(v) && top.depth > 0) stack.push({ a: v, i: 0, depth: top.depth - 1 });
      else {
        out.push(v === undefined ? null : v);
        if (out.length > max) checkItems(out.length, 'the flattened array');
      }
    }
    return out;
  },
  examples: [
    { inputs: { array: [1, [2, [3, [4]]]] }, output: [1, 2, [3, [4]]] },
    { inputs: { array: [1, [2, [3, [4]]]], depth: 10 }, output: [1, 2, 3, 4] },
    { inputs: { array: [[], [[]]] }, output: [[]] },
  ],
});
