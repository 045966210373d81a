import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'RandomInteger',
  category: 'Math',
  label: 'Random Integer',
  description: 'A new pseudo-random whole number between min and max, both included (bounds in either order).',
  inputs: [
    { id: 'min', type: 'Integer', default: 0 },
    { id: 'max', type: 'Integer', default: 100 },
  ],
  outputs: [{ id: 'result', type: 'Integer' }],
  deterministic: false,
  safe: true,
  eval: (min: number, max: number) => {
    const lo = Math.min(min, max),
      hi = Math.max(min, max);
    const r = Math.random();
    const span = hi - lo + 1;
    if (span <= Number.MAX_SAFE_INTEGER) return lo + Math.floor(r * span);
    // Ranges beyond 2^53 (or overflowing to Infinity) cannot be uniform over integers anyway.
    const n = Math.floor(lo * (1 - r) + hi * r);
    return n < lo ? lo : n > hi ? hi : n;
  },
  examples: [{ inputs: { min: 5, max: 5 }, output: 5, note: 'the only integer in [5, 5]' }],
});
