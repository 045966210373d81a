import { defineNode } from '../sdk/index.js';

/** n × 10^e computed on the decimal representation, so 1.005 → 100.5 exactly (no 100.49999…). */
function shift(n: number, e: number): number {
  const [mantissa, exp] = String(n).split('e');
  return Number(`${mantissa}e${Number(exp ?? 0) + e}`);
}

export default defineNode({
  type: 'Round',
  category: 'Math',
  label: 'Round',
  description:
    'Rounds to the given number of decimals (negative rounds to tens, hundreds, …), halves away from zero, on the decimal value as written (1.005 → 1.01).',
  inputs: [
    { id: 'value', type: 'Float', default: 0 },
    { id: 'decimals', type: 'Integer', default: 0 },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  safe: true,
  eval: (value: number, decimals: number) => {
    if (!Number.isFinite(value)) return value;
    // Past ±1000 every double rounds the same way; clamping keeps the exponent text a plain integer.
    const d = Math.max(-1000, Math.min(1000, decimals));
    const shifted = shift(Math.abs(value), d);
    if (!Number.isFinite(shifted)) return value; // more decimals than the double holds: already exact
    return Math.sign(value) * shift(Math.round(shifted), -d) + 0; // `+ 0` turns -0 into 0
  },
  examples: [
    { inputs: { value: 2.5 }, output: 3 },
    { inputs: { value: 1.005, decimals: 2 }, output: 1.01 },
    { inputs: { value: -1234.5678, decimals: -2 }, output: -1200 },
  ],
});
