import { DragopsError, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Divide',
  category: 'Math',
  label: 'Divide',
  description: 'Divides a by b: a ÷ b. A zero divisor is a DIVISION_BY_ZERO error, never Infinity.',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  eval: (a: number, b: number) => {
    if (b === 0) throw new DragopsError('DIVISION_BY_ZERO', `cannot divide ${a} by zero`);
    return a / b;
  },
  examples: [
    { inputs: { a: 10, b: 4 }, output: 2.5 },
    { inputs: { a: -9, b: 3 }, output: -3 },
  ],
});
