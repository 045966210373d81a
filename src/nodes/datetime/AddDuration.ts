import { DragopsError, defineNode } from '../sdk/index.js';
import { dateIn, DURATION_UNITS, iso, TIMEZONE_DOC, zone, type DurationUnit } from './shared.js';

const DAY = 86_400_000;
/** Each unit's length (months and years at their shortest), to bound amounts before luxon sees them. */
const APPROX_MS: Record<DurationUnit, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: DAY,
  weeks: 7 * DAY,
  months: 28 * DAY,
  years: 365 * DAY,
};

export default defineNode({
  type: 'AddDuration',
  category: 'Date/Time',
  label: 'Add Duration',
  description: `Adds \`amount\` of \`unit\` to a date (a negative amount subtracts). Milliseconds to hours are exact lengths of time; days, weeks, months and years are calendar steps in \`timezone\`, so adding 1 day across a daylight-saving change keeps the wall-clock time, and a month from 31 January gives the last day of February. Months and years take whole amounts only; the others may be fractional. ${TIMEZONE_DOC} A null date gives null; a result out of the date range is an error.`,
  inputs: [
    { id: 'date', type: 'DateTime' },
    { id: 'amount', type: 'Float' },
    { id: 'unit', type: 'Enum', options: DURATION_UNITS, default: 'days' },
    { id: 'timezone', type: 'String', default: 'UTC' },
  ],
  outputs: [{ id: 'result', type: 'DateTime' }],
  eval: (date: string | null, amount: number, unit: DurationUnit, timezone: string): string | null => {
    const tz = zone(timezone);
    if (date === null) return null;
    if (!Number.isFinite(amount)) throw new DragopsError('NODE_ERROR', `amount ${amount} is not a finite number`, { pin: 'amount' });
    if ((unit === 'months' || unit === 'years') && !Number.isInteger(amount)) {
      throw new DragopsError('NODE_ERROR', `${unit} take a whole amount (got ${amount}); use days or a smaller unit for fractions`, { pin: 'amount' });
    }
    // Luxon quietly ignores amounts too large to add (1e308 ms): anything that would move the date by
    // more than the whole date range is out of range without asking it.
    if (Math.abs(amount) * APPROX_MS[unit] > 2 * 8.64e15)
      throw new DragopsError('NODE_ERROR', 'the result is outside the range of dates (years -271821 to 275760)');
    return iso(dateIn(date, tz).plus({ [unit]: amount }));
  },
  examples: [
    { inputs: { date: '2026-01-31T10:00:00.000Z', amount: 1, unit: 'months' }, output: '2026-02-28T10:00:00.000Z' },
    {
      inputs: { date: '2026-03-28T12:00:00.000Z', amount: 1, unit: 'days', timezone: 'Europe/Paris' },
      output: '2026-03-29T11:00:00.000Z',
      note: 'Paris moves its clocks forward that night: 1 day later is still 13:00 local time.',
    },
    { inputs: { date: '2026-11-27T08:00:00.000Z', amount: -1.5, unit: 'hours' }, output: '2026-11-27T06:30:00.000Z' },
  ],
});
