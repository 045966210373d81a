import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'IsBefore',
  category: 'Date/Time',
  label: 'Is Before',
  description:
    'True when date `a` is strictly earlier than date `b` (to the millisecond; time zones do not matter, both are instants). False when either is null.',
  inputs: [
    { id: 'a', type: 'DateTime' },
    { id: 'b', type: 'DateTime' },
  ],
  outputs: [{ id: 'result', type: 'Boolean' }],
  safe: true,
  eval: (a: string | null, b: string | null): boolean => a !== null && b !== null && Date.parse(a) < Date.parse(b),
  examples: [
    { inputs: { a: '2026-11-27T08:00:00.000Z', b: '2026-11-27T08:00:00.001Z' }, output: true },
    { inputs: { a: '2026-11-27T09:00:00+01:00', b: '2026-11-27T08:00:00.000Z' }, output: false, note: 'The same instant: not before.' },
  ],
});
