import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'MakeDateTime',
  category: 'Literals',
  label: 'Make Date Time',
  description: 'A constant DateTime: a date and time (ISO 8601, UTC; other ISO forms are normalised).',
  inputs: [{ id: 'value', type: 'DateTime', default: '1970-01-01T00:00:00.000Z' }],
  outputs: [{ id: 'value', type: 'DateTime' }],
  safe: true,
  eval: (value: unknown) => value,
  inline: ({ args: [v] }) => v,
  examples: [
    { inputs: { value: '2024-01-15T10:30:00.000Z' }, output: '2024-01-15T10:30:00.000Z' },
    { inputs: {}, output: '1970-01-01T00:00:00.000Z' },
  ],
});
