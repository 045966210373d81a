import { DragopsError, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Modulo',
  category: 'Math',
  label: 'Modulo',
  description: 'The remainder of a ÷ b, with the sign of a (JavaScript %, like C fmod). A zero divisor is a DIVISION_BY_ZERO error.',
  inputs: [
    { id: 'a', type: 'Float', default: 0 },
    { id: 'b', type: 'Float', default: 1 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  eval: (a: number, b: number) => {
    if (b === 0) throw new DragopsError('DIVISION_BY_ZERO', `cannot take ${a} modulo zero`);
    return a % b;
  },
  examples: [
    { inputs: { a: 7, b: 3 }, output: 1 },
    { inputs: { a: -7, b: 3 }, output: -1, note: 'the result has the sign of a' },
    { inputs: { a: 5.5, b: 2 }, output: 1.5 },
  ],
});
