import { defineNode } from '../sdk/index.js';
import { checkResultText } from '../formats/shared.js';
import { dateIn, TIMEZONE_DOC, withLocale, zone } from './shared.js';

export default defineNode({
  type: 'FormatDate',
  category: 'Date/Time',
  label: 'Format Date',
  description: `Writes a date as text in a time zone, with Luxon format tokens: \`yyyy\` year, \`MM\` month, \`dd\` day, \`HH\` hour (00–23), \`hh\` hour (01–12) with \`a\` for AM/PM, \`mm\` minute, \`ss\` second, \`SSS\` millisecond, \`ZZ\` offset (+01:00), \`z\` zone name, \`cccc\` weekday name, \`MMMM\` month name; text in single quotes is written as it is (\`'T'\`). Names are in \`locale\` (default en-US). ${TIMEZONE_DOC} A null date gives null.`,
  inputs: [
    { id: 'date', type: 'DateTime' },
    { id: 'format', type: 'String', default: 'yyyy-MM-dd HH:mm:ss' },
    { id: 'timezone', type: 'String', default: 'UTC' },
    { id: 'locale', type: 'String', default: 'en-US' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (date: string | null, format: string, timezone: string, locale: string): string | null => {
    const tz = zone(timezone);
    if (date === null) return null;
    return checkResultText(withLocale(locale, () => dateIn(date, tz).setLocale(locale).toFormat(format)));
  },
  examples: [
    { inputs: { date: '2026-11-27T08:05:00.000Z', format: 'yyyy-MM-dd HH:mm', timezone: 'Europe/Paris' }, output: '2026-11-27 09:05' },
    { inputs: { date: '2026-11-27T08:05:00.000Z', format: "cccc d MMMM yyyy, h:mm a 'UTC'" }, output: 'Friday 27 November 2026, 8:05 AM UTC' },
  ],
});
