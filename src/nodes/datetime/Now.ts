import { defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'Now',
  category: 'Date/Time',
  label: 'Now',
  description:
    'The current date and time as an ISO 8601 UTC string with milliseconds (`2026-11-27T08:00:00.000Z`), read afresh each time the node is evaluated.',
  outputs: [{ id: 'value', type: 'DateTime' }],
  safe: true,
  deterministic: false,
  eval: () => new Date().toISOString(),
  examples: [],
});
