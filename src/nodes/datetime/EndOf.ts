import { defineNode } from '../sdk/index.js';
import { dateIn, iso, PERIOD_INPUTS, TIMEZONE_DOC, zone, type PeriodUnit } from './shared.js';

export default defineNode({
  type: 'EndOf',
  category: 'Date/Time',
  label: 'End Of',
  description: `The last millisecond of the \`unit\` (second, minute, hour, day, week, month, quarter, year) that contains the date, in \`timezone\` (the end of a day is 23:59:59.999 there). Weeks end on Sunday. ${TIMEZONE_DOC} A null date gives null.`,
  inputs: PERIOD_INPUTS,
  outputs: [{ id: 'result', type: 'DateTime' }],
  eval: (date: string | null, unit: PeriodUnit, timezone: string): string | null => {
    const tz = zone(timezone);
    return date === null ? null : iso(dateIn(date, tz).endOf(unit));
  },
  examples: [
    { inputs: { date: '2028-02-10T08:00:00.000Z', unit: 'month' }, output: '2028-02-29T23:59:59.999Z' },
    { inputs: { date: '2026-11-27T08:00:00.000Z', unit: 'day', timezone: 'Asia/Tokyo' }, output: '2026-11-27T14:59:59.999Z' },
  ],
});
