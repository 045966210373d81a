import { defineNode } from '../sdk/index.js';
import { dateIn, iso, PERIOD_INPUTS, TIMEZONE_DOC, zone, type PeriodUnit } from './shared.js';

export default defineNode({
  type: 'StartOf',
  category: 'Date/Time',
  label: 'Start Of',
  description: `The first millisecond of the \`unit\` (second, minute, hour, day, week, month, quarter, year) that contains the date, in \`timezone\`: the start of the day in Paris is midnight in Paris. Weeks start on Monday (ISO 8601). ${TIMEZONE_DOC} A null date gives null.`,
  inputs: PERIOD_INPUTS,
  outputs: [{ id: 'result', type: 'DateTime' }],
  eval: (date: string | null, unit: PeriodUnit, timezone: string): string | null => {
    const tz = zone(timezone);
    return date === null ? null : iso(dateIn(date, tz).startOf(unit));
  },
  examples: [
    { inputs: { date: '2026-11-27T08:05:30.250Z', unit: 'day' }, output: '2026-11-27T00:00:00.000Z' },
    { inputs: { date: '2026-11-27T08:05:30.250Z', unit: 'week' }, output: '2026-11-23T00:00:00.000Z' },
    { inputs: { date: '2026-11-27T08:05:30.250Z', unit: 'month', timezone: 'America/New_York' }, output: '2026-11-01T04:00:00.000Z' },
  ],
});
