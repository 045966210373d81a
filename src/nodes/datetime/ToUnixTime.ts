import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'ToUnixTime',
  category: 'Date/Time',
  label: 'To Unix Time',
  description:
    'The Unix time of a date: whole seconds since 1970-01-01T00:00:00Z, rounded down (so dates before 1970 are negative and milliseconds are dropped). A null date gives null.',
  inputs: [{ id: 'date', type: 'DateTime' }],
  outputs: [{ id: 'result', type: 'Integer' }],
  eval: (date: string | null): number | null => (date === null ? null : Math.floor(Date.parse(date) / 1000)),
  examples: [
    { inputs: { date: '2026-11-27T08:00:00.999Z' }, output: 1795766400 },
    { inputs: { date: '1969-12-31T23:59:59.500Z' }, output: -1 },
  ],
});
