// Date/Time nodes: examples, time zones, DST, month ends, nulls, bad input.
import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { callNode, examplesOf, runExample } from '../testing.js';
import { pattern, run } from '../../../test/helpers.js';
import Now from './Now.js';
import FormatDate from './FormatDate.js';
import ParseDate from './ParseDate.js';
import AddDuration from './AddDuration.js';
import DateDiff from './DateDiff.js';
import StartOf from './StartOf.js';
import EndOf from './EndOf.js';
import ToUnixTime from './ToUnixTime.js';
import FromUnixTime from './FromUnixTime.js';
import DayOfWeek from './DayOfWeek.js';
import IsBefore from './IsBefore.js';
import DateParts from './DateParts.js';

const error = (f: () => unknown): DragopsError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DragopsError);
    return e as DragopsError;
  }
  throw new Error('expected a DragopsError');
};
const D = '2026-11-27T08:05:30.250Z';

describe('date/time examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
  });
  it('metadata: category, pure, only Now nondeterministic', () => {
    for (const d of defs) {
      expect(d.category).toBe('Date/Time');
      expect(d.execIn).toBe(false);
      expect(d.async).toBe(false);
      expect(d.description).toMatch(/\.$/);
      expect(d.deterministic).toBe(d.type !== 'Now');
    }
  });
});

describe('Now', () => {
  it('is the current time as ISO UTC', () => {
    const before = Date.now();
    const v = callNode(Now) as string;
    expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(v)).toBeGreaterThanOrEqual(before);
  });
  it('is never constant-folded: two runs differ in time', async () => {
    const doc = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 'now', type: 'Now' },
        { id: 'l', type: 'Log' },
      ],
      ['s.then -> l.exec', 'now.value -> l.message'],
    );
    const a = await run(doc);
    await new Promise((r) => setTimeout(r, 5));
    const b = await run(doc);
    expect(Date.parse(b.logs[0]!.message)).toBeGreaterThan(Date.parse(a.logs[0]!.message));
  });
});

describe('time zones', () => {
  it('an unknown zone is NODE_ERROR naming it, for every node with a timezone pin', () => {
    for (const def of [FormatDate, ParseDate, AddDuration, DateDiff, StartOf, EndOf, DayOfWeek, DateParts]) {
      const inputs: Record<string, unknown> = { date: D, a: D, b: D, text: D, amount: 1, timezone: 'Mars/Olympus_Mons' };
      const args = Object.fromEntries(Object.entries(inputs).filter(([k]) => (def.inputs as unknown as { id: string }[]).some((p) => p.id === k)));
      const e = error(() => callNode(def, args));
      expect(e.code, def.type).toBe('NODE_ERROR');
      expect(e.message, def.type).toContain('"Mars/Olympus_Mons"');
    }
  });
  it("the server's own zone and an empty name are refused; fixed offsets and any case are accepted", () => {
    expect(error(() => callNode(FormatDate, { date: D, timezone: 'local' })).message).toMatch(/not allowed/);
    expect(error(() => callNode(FormatDate, { date: D, timezone: 'system' })).message).toMatch(/not allowed/);
    expect(error(() => callNode(FormatDate, { date: D, timezone: '' })).message).toMatch(/not allowed/);
    expect(callNode(FormatDate, { date: D, format: 'HH:mm', timezone: 'UTC+5:30' })).toBe('13:35');
    expect(callNode(FormatDate, { date: D, format: 'HH:mm', timezone: 'america/new_york' })).toBe('03:05');
  });
  it('DST: Paris gains and loses an hour', () => {
    expect(callNode(FormatDate, { date: '2026-07-01T12:00:00Z', format: 'HH:mm ZZ', timezone: 'Europe/Paris' })).toBe('14:00 +02:00');
    expect(callNode(DateDiff, { a: '2026-03-30T00:00:00+02:00', b: '2026-03-29T00:00:00+01:00', unit: 'hours' })).toBe(23);
    expect(callNode(DateDiff, { a: '2026-03-30T00:00:00+02:00', b: '2026-03-29T00:00:00+01:00', unit: 'days', timezone: 'Europe/Paris' })).toBe(1);
    expect(callNode(AddDuration, { date: '2026-03-28T12:00:00Z', amount: 24, unit: 'hours', timezone: 'Europe/Paris' })).toBe('2026-03-29T12:00:00.000Z');
  });
});

describe('FormatDate', () => {
  it('tokens, quoted text, locales, null', () => {
    expect(callNode(FormatDate, { date: D })).toBe('2026-11-27 08:05:30');
    expect(callNode(FormatDate, { date: D, format: "yyyy-MM-dd'T'HH:mm:ss.SSS" })).toBe('2026-11-27T08:05:30.250');
    expect(callNode(FormatDate, { date: D, format: 'cccc d MMMM', locale: 'fr' })).toBe('vendredi 27 novembre');
    expect(callNode(FormatDate, { date: D, format: '' })).toBe('');
    expect(callNode(FormatDate, { date: null })).toBeNull();
  });
  it('an unknown locale is NODE_ERROR', () => {
    expect(error(() => callNode(FormatDate, { date: D, format: 'MMMM', locale: 'not a locale!' })).message).toMatch(/unknown locale/);
  });
  it('a string wired into the date pin converts; a non-date is a TYPE_CONVERSION error', () => {
    expect(callNode(FormatDate, { date: '2026-11-27', format: 'dd.MM.yyyy' })).toBe('27.11.2026');
    expect(() => callNode(FormatDate, { date: 'not a date' })).toThrow(/DateTime/);
  });
});

describe('ParseDate', () => {
  it('ISO with and without offset, SQL, RFC 2822, in a zone', () => {
    expect(callNode(ParseDate, { text: '2026-11-27' })).toBe('2026-11-27T00:00:00.000Z');
    expect(callNode(ParseDate, { text: '2026-11-27 09:05:00', timezone: 'Europe/Paris' })).toBe('2026-11-27T08:05:00.000Z');
    expect(callNode(ParseDate, { text: ' 2026-11-27T09:05:00Z ', timezone: 'Asia/Tokyo' })).toBe('2026-11-27T09:05:00.000Z');
    expect(callNode(ParseDate, { text: 'Fri, 27 Nov 2026 09:05:00 +0100' })).toBe('2026-11-27T08:05:00.000Z');
  });
  it('formats with month names in a locale', () => {
    expect(callNode(ParseDate, { text: '27 novembre 2026', format: 'd MMMM yyyy', locale: 'fr' })).toBe('2026-11-27T00:00:00.000Z');
    expect(callNode(ParseDate, { text: 'Nov 27, 2026 9:05 PM', format: 'LLL d, yyyy h:mm a' })).toBe('2026-11-27T21:05:00.000Z');
  });
  it('mismatches say why; empty and huge texts are errors, not crashes', () => {
    expect(error(() => callNode(ParseDate, { text: '31/13/2026', format: 'dd/MM/yyyy' })).message).toMatch(/does not match the format.*month/);
    expect(error(() => callNode(ParseDate, { text: 'tomorrow' })).message).toMatch(/not an ISO 8601/);
    expect(error(() => callNode(ParseDate, { text: '' })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(ParseDate, { text: '2026'.repeat(1_000_000) })).message).toMatch(/too long/);
  });
});

describe('AddDuration', () => {
  it('every unit, negative and fractional amounts, month ends, leap years', () => {
    const base = '2024-01-31T10:00:00.000Z';
    const add = (amount: number, unit: string) => callNode(AddDuration, { date: base, amount, unit });
    expect(add(1500, 'milliseconds')).toBe('2024-01-31T10:00:01.500Z');
    expect(add(-30, 'seconds')).toBe('2024-01-31T09:59:30.000Z');
    expect(add(90, 'minutes')).toBe('2024-01-31T11:30:00.000Z');
    expect(add(0.5, 'days')).toBe('2024-01-31T22:00:00.000Z');
    expect(add(2, 'weeks')).toBe('2024-02-14T10:00:00.000Z');
    expect(add(1, 'months')).toBe('2024-02-29T10:00:00.000Z');
    expect(add(-1, 'years')).toBe('2023-01-31T10:00:00.000Z');
    expect(callNode(AddDuration, { date: '2024-02-29T00:00:00Z', amount: 1, unit: 'years' })).toBe('2025-02-28T00:00:00.000Z');
  });
  it('fractional months, NaN, and results out of range are errors; null gives null', () => {
    expect(error(() => callNode(AddDuration, { date: D, amount: 1.5, unit: 'months' })).message).toMatch(/whole amount/);
    expect(error(() => callNode(AddDuration, { date: D, amount: NaN })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(AddDuration, { date: D, amount: 1e9, unit: 'years' })).message).toMatch(/outside the range/);
    expect(error(() => callNode(AddDuration, { date: D, amount: Number.MAX_VALUE, unit: 'milliseconds' })).message).toMatch(/outside the range/);
    expect(callNode(AddDuration, { date: null, amount: 1 })).toBeNull();
  });
  it('an unknown unit cannot reach the node: the Enum pin refuses it', () => {
    expect(() => callNode(AddDuration, { date: D, amount: 1, unit: 'fortnights' })).toThrow(/Enum/);
  });
});

describe('DateDiff, IsBefore', () => {
  it('a − b in each unit', () => {
    const a = '2026-03-01T00:00:00.000Z',
      b = '2026-01-15T00:00:00.000Z';
    expect(callNode(DateDiff, { a, b, unit: 'days' })).toBe(45);
    expect(callNode(DateDiff, { a, b, unit: 'weeks' })).toBeCloseTo(45 / 7, 10);
    expect(callNode(DateDiff, { a: b, b: a, unit: 'days' })).toBe(-45);
    expect(callNode(DateDiff, { a: '2026-02-15T00:00:00Z', b: '2026-01-15T00:00:00Z', unit: 'months' })).toBe(1);
    expect(callNode(DateDiff, { a: '2027-01-15T00:00:00Z', b: '2026-01-15T00:00:00Z', unit: 'years' })).toBe(1);
    expect(callNode(DateDiff, { a, b: a, unit: 'milliseconds' })).toBe(0);
    expect(callNode(DateDiff, { a: null, b })).toBeNull();
  });
  it('the fraction of the description', () => {
    expect(callNode(DateDiff, { a: '2026-02-01T00:00:00Z', b: '2026-01-15T00:00:00Z', unit: 'months' })).toBeCloseTo(17 / 31, 10);
  });
  it('IsBefore with equal instants, offsets and nulls', () => {
    expect(callNode(IsBefore, { a: D, b: D })).toBe(false);
    expect(callNode(IsBefore, { a: '2026-11-27T08:00:00+01:00', b: '2026-11-27T08:00:00Z' })).toBe(true);
    expect(callNode(IsBefore, { a: null, b: D })).toBe(false);
    expect(callNode(IsBefore, { a: D, b: null })).toBe(false);
  });
});

describe('StartOf, EndOf, DayOfWeek, DateParts', () => {
  it('every unit', () => {
    const s = (unit: string) => callNode(StartOf, { date: D, unit });
    expect(s('second')).toBe('2026-11-27T08:05:30.000Z');
    expect(s('minute')).toBe('2026-11-27T08:05:00.000Z');
    expect(s('hour')).toBe('2026-11-27T08:00:00.000Z');
    expect(s('quarter')).toBe('2026-10-01T00:00:00.000Z');
    expect(s('year')).toBe('2026-01-01T00:00:00.000Z');
    expect(callNode(EndOf, { date: D, unit: 'week' })).toBe('2026-11-29T23:59:59.999Z');
    expect(callNode(EndOf, { date: D, unit: 'year' })).toBe('2026-12-31T23:59:59.999Z');
    expect(callNode(StartOf, { date: null })).toBeNull();
    expect(callNode(EndOf, { date: null })).toBeNull();
  });
  it('day of week 1..7 and in a zone', () => {
    expect([23, 24, 25, 26, 27, 28, 29].map((d) => callNode(DayOfWeek, { date: `2026-11-${d}T12:00:00Z` }))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(callNode(DayOfWeek, { date: '2026-11-23T03:00:00Z', timezone: 'America/Los_Angeles' })).toBe(7);
    expect(callNode(DayOfWeek, { date: null })).toBeNull();
  });
  it('date parts, also before 1970 and for null', () => {
    expect(callNode(DateParts, { date: '1969-07-20T20:17:40.000Z' })).toEqual({
      year: 1969,
      month: 7,
      day: 20,
      hour: 20,
      minute: 17,
      second: 40,
      millisecond: 0,
      weekday: 7,
      offsetMinutes: 0,
    });
    expect(Object.values(callNode(DateParts, { date: null }) as object).every((v) => v === null)).toBe(true);
  });
});

describe('Unix time', () => {
  it('round trip, negatives, fractions, range', () => {
    expect(callNode(ToUnixTime, { date: '1970-01-01T00:00:00.000Z' })).toBe(0);
    expect(callNode(FromUnixTime, { seconds: callNode(ToUnixTime, { date: D }) })).toBe('2026-11-27T08:05:30.000Z');
    expect(callNode(FromUnixTime, { seconds: -86400 })).toBe('1969-12-31T00:00:00.000Z');
    expect(callNode(FromUnixTime, { seconds: 0.0004 })).toBe('1970-01-01T00:00:00.000Z');
    expect(callNode(ToUnixTime, { date: null })).toBeNull();
    for (const bad of [Infinity, NaN, 8.64e12 + 1]) expect(error(() => callNode(FromUnixTime, { seconds: bad })).code).toBe('NODE_ERROR');
    expect(callNode(FromUnixTime, { seconds: '1795766400' })).toBe('2026-11-27T08:00:00.000Z');
  });
});

describe('through the compiler', () => {
  it('ParseDate → AddDuration → FormatDate, and an unknown zone fails naming the node', async () => {
    const doc = (tz: string) =>
      pattern(
        [
          { id: 's', type: 'OnStart' },
          { id: 'p', type: 'ParseDate', defaults: { text: '2026-01-31' } },
          { id: 'add', type: 'AddDuration', defaults: { amount: 1, unit: 'months' } },
          { id: 'f', type: 'FormatDate', defaults: { format: 'd MMMM yyyy', timezone: tz } },
          { id: 'l', type: 'Log' },
        ],
        ['s.then -> l.exec', 'p.result -> add.date', 'add.result -> f.date', 'f.result -> l.message'],
      );
    const ok = await run(doc('Europe/Paris'));
    expect(ok.logs.map((l) => l.message)).toEqual(['28 February 2026']);
    const bad = await run(doc('Nowhere/Land'));
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatchObject({ code: 'NODE_ERROR', nodeId: 'f' });
    expect(bad.error!.message).toContain('Nowhere/Land');
  });
});
