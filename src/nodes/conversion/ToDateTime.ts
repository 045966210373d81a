import { defineNode, toDateTime } from '../sdk/index.js';

export default defineNode({
  type: 'ToDateTime',
  category: 'Type Conversion',
  label: 'To Date Time',
  description:
    'The value as a DateTime (ISO 8601 UTC text): text any JavaScript date parser reads, or a number of milliseconds since 1970-01-01 UTC; null stays null and anything else is a TYPE_CONVERSION error.',
  inputs: [{ id: 'value', type: 'Any' }],
  outputs: [{ id: 'result', type: 'DateTime' }],
  eval: (value: unknown) => toDateTime(value),
  examples: [
    { inputs: { value: '2024-05-01T12:00:00+02:00' }, output: '2024-05-01T10:00:00.000Z' },
    { inputs: { value: 0 }, output: '1970-01-01T00:00:00.000Z' },
    { inputs: { value: null }, output: null },
  ],
});
