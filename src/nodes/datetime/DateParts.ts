import { defineNode } from '../sdk/index.js';
import { dateIn, TIMEZONE_DOC, zone } from './shared.js';

const PARTS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'weekday', 'offsetMinutes'] as const;

export default defineNode({
  type: 'DateParts',
  category: 'Date/Time',
  label: 'Date Parts',
  description: `Splits a date into its calendar parts in \`timezone\`: \`year\`, \`month\` (1–12), \`day\` (1–31), \`hour\` (0–23), \`minute\`, \`second\`, \`millisecond\`, \`weekday\` (1 = Monday … 7 = Sunday) and \`offsetMinutes\` (the zone's offset from UTC at that instant, e.g. 60 for Paris in winter). ${TIMEZONE_DOC} A null date gives null parts.`,
  inputs: [
    { id: 'date', type: 'DateTime' },
    { id: 'timezone', type: 'String', default: 'UTC' },
  ],
  outputs: PARTS.map((id) => ({ id, type: 'Integer' as const })),
  eval: (date: string | null, timezone: string): Record<(typeof PARTS)[number], number | null> => {
    const tz = zone(timezone);
    if (date === null)
      return { year: null, month: null, day: null, hour: null, minute: null, second: null, millisecond: null, weekday: null, offsetMinutes: null };
    const d = dateIn(date, tz);
    return {
      year: d.year,
      month: d.month,
      day: d.day,
      hour: d.hour,
      minute: d.minute,
      second: d.second,
      millisecond: d.millisecond,
      weekday: d.weekday,
      offsetMinutes: d.offset,
    };
  },
  examples: [
    {
      inputs: { date: '2026-11-27T08:05:30.250Z', timezone: 'Europe/Paris' },
      output: { year: 2026, month: 11, day: 27, hour: 9, minute: 5, second: 30, millisecond: 250, weekday: 5, offsetMinutes: 60 },
    },
  ],
});
