// What the Date/Time nodes share: luxon, time zone checks, DateTime values as ISO 8601 UTC strings.
import { DragopsError } from '../sdk/index.js';
import { DateTime } from 'luxon';

export { DateTime };

export const DURATION_UNITS = ['milliseconds', 'seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const PERIOD_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/** The text every date node gives for its `timezone` pin. */
export const TIMEZONE_DOC =
  '`timezone` is an IANA name (`Europe/Paris`, `America/New_York`), `UTC` or a fixed offset such as `UTC+2`; an unknown zone is an error naming it.';

/**
 * Checks a time zone name. The server's own zone (`local`, `system`) is refused: a pattern must
 * compute the same thing on every machine.
 */
export function zone(name: string): string {
  const z = name.trim();
  if (z === '' || /^(local|system)$/i.test(z)) {
    throw new DragopsError('NODE_ERROR', `time zone ${JSON.stringify(name)} is not allowed; name one such as "UTC" or "Europe/Paris"`, { pin: 'timezone' });
  }
  if (!DateTime.fromMillis(0, { zone: z }).isValid) {
    throw new DragopsError(
      'NODE_ERROR',
      `unknown time zone ${JSON.stringify(name.length > 60 ? name.slice(0, 60) + '…' : name)}; use an IANA name such as "Europe/Paris", or "UTC"`,
      { pin: 'timezone' },
    );
  }
  return z;
}

/** A DateTime pin's value (already an ISO 8601 string) as a luxon DateTime in `tz`. */
export function dateIn(iso: string, tz = 'utc', pin = 'date'): DateTime {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new DragopsError('NODE_ERROR', `${JSON.stringify(iso)} is not a date`, { pin });
  return DateTime.fromMillis(ms, { zone: tz });
}

/** A luxon DateTime as the ISO 8601 UTC string of a DateTime pin; out of range is an error. */
export function iso(dt: DateTime, what = 'the result'): string {
  const ms = dt.isValid ? dt.toMillis() : NaN;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw new DragopsError('NODE_ERROR', `${what} is outside the range of dates (years -271821 to 275760)`);
  }
  return new Date(ms).toISOString();
}

/** Luxon throws RangeError for an unknown locale; say so plainly. */
export function withLocale<T>(locale: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError)
      throw new DragopsError('NODE_ERROR', `unknown locale ${JSON.stringify(locale)}; use a BCP 47 tag such as "en-US" or "fr"`, { cause: e, pin: 'locale' });
    throw e;
  }
}

/** The pins StartOf and EndOf share: a date, the unit of the period around it, the time zone. */
export const PERIOD_INPUTS = [
  { id: 'date', type: 'DateTime' as const },
  { id: 'unit', type: 'Enum' as const, options: PERIOD_UNITS, default: 'day' },
  { id: 'timezone', type: 'String' as const, default: 'UTC' },
];
