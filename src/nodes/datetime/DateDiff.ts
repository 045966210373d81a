import { defineNode } from '../sdk/index.js';
import { dateIn, DURATION_UNITS, TIMEZONE_DOC, zone, type DurationUnit } from './shared.js';

export default defineNode({
  type: 'DateDiff',
  category: 'Date/Time',
  label: 'Date Diff',
  description: `How much later \`a\` is than \`b\` (a − b) in \`unit\`, as a Float: negative when a is earlier. Milliseconds to hours are exact; days, weeks, months and years count calendar steps in \`timezone\` and give the rest as a fraction (1 February − 15 January = 0.548… months: 17 of January's 31 days). ${TIMEZONE_DOC} Null when a or b is null.`,
  inputs: [
    { id: 'a', type: 'DateTime' },
    { id: 'b', type: 'DateTime' },
    { id: 'unit', type: 'Enum', options: DURATION_UNITS, default: 'days' },
    { id: 'timezone', type: 'String', default: 'UTC' },
  ],
  outputs: [{ id: 'result', type: 'Float' }],
  eval: (a: string | null, b: string | null, unit: DurationUnit, timezone: string): number | null => {
    const tz = zone(timezone);
    if (a === null || b === null) return null;
    return dateIn(a, tz, 'a')
      .diff(dateIn(b, tz, 'b'), unit)
      .as(unit);
  },
  examples: [
    { inputs: { a: '2026-11-27T12:00:00.000Z', b: '2026-11-25T00:00:00.000Z', unit: 'days' }, output: 2.5 },
    { inputs: { a: '2026-01-01T00:00:00.000Z', b: '2026-01-01T01:30:00.000Z', unit: 'minutes' }, output: -90 },
  ],
});
