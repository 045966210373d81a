import { defineNode } from '../sdk/index.js';
import { dateIn, TIMEZONE_DOC, zone } from './shared.js';

export default defineNode({
  type: 'DayOfWeek',
  category: 'Date/Time',
  label: 'Day Of Week',
  description: `The day of the week in \`timezone\` as ISO 8601 numbers it: 1 = Monday … 6 = Saturday, 7 = Sunday (not JavaScript's 0 = Sunday). ${TIMEZONE_DOC} A null date gives null.`,
  inputs: [
    { id: 'date', type: 'DateTime' },
    { id: 'timezone', type: 'String', default: 'UTC' },
  ],
  outputs: [{ id: 'result', type: 'Integer' }],
  eval: (date: string | null, timezone: string): number | null => {
    const tz = zone(timezone);
    return date === null ? null : dateIn(date, tz).weekday;
  },
  examples: [
    { inputs: { date: '2026-11-27T08:00:00.000Z' }, output: 5 },
    { inputs: { date: '2026-11-29T23:30:00.000Z', timezone: 'Asia/Tokyo' }, output: 1, note: 'Sunday 23:30 in UTC is already Monday in Tokyo.' },
  ],
});
