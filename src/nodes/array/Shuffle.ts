import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Shuffle',
  category: 'Array',
  label: 'Shuffle',
  description: 'A new array with the same items in a random order, different on each evaluation (not for cryptography); a null array gives [].',
  inputs: [{ id: 'array', type: 'Array' }],
  outputs: [{ id: 'result', type: 'Array' }],
  safe: true,
  deterministic: false,
  eval: (array: unknown[] | null) => {
    const out = (array ?? []).slice();
    for (let i = out.length - 1; i > 0; i--) {
      // Fisher–Yates
      const j = Math.floor(Math.random() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  },
  examples: [{ inputs: { array: [7] }, output: [7], note: 'Any order of the items; one item stays where it is.' }],
});
