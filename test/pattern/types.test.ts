// SPEC §2: the 12 pin types, the wire rules (canConnect, every pair) and the run-time conversions.
import { describe, expect, it } from 'vitest';
import {
  PIN_TYPES,
  canConnect,
  conversionFor,
  convert,
  isPinType,
  toArray,
  toBinary,
  toBoolean,
  toDateTime,
  toEnum,
  toFloat,
  toInteger,
  toObject,
  toStringValue,
  typeOfValue,
  type PinType,
} from '../../src/pattern/types.js';
import { DragopsError } from '../../src/errors/error.js';
import { build, pattern, run } from '../helpers.js';

const ORDER = ['Exec', 'String', 'Integer', 'Float', 'Boolean', 'Object', 'Array', 'DateTime', 'Binary', 'Any', 'Null', 'Enum'] as const;

// Row = from, column = to, in ORDER. From SPEC §2:
//  2. Exec only to Exec.   3. same type; Any and Null to and from every data type.
//  4. Integer/Float/String/Boolean with each other.   5. String ↔ DateTime.
//  Documented extension: String ↔ Enum (Enum values are strings). DateTime ↔ Enum only via a String.
const TABLE: Record<(typeof ORDER)[number], string> = {
  //          E S I F B O A D b * N e
  Exec: '1 0 0 0 0 0 0 0 0 0 0 0',
  String: '0 1 1 1 1 0 0 1 0 1 1 1',
  Integer: '0 1 1 1 1 0 0 0 0 1 1 0',
  Float: '0 1 1 1 1 0 0 0 0 1 1 0',
  Boolean: '0 1 1 1 1 0 0 0 0 1 1 0',
  Object: '0 0 0 0 0 1 0 0 0 1 1 0',
  Array: '0 0 0 0 0 0 1 0 0 1 1 0',
  DateTime: '0 1 0 0 0 0 0 1 0 1 1 0',
  Binary: '0 0 0 0 0 0 0 0 1 1 1 0',
  Any: '0 1 1 1 1 1 1 1 1 1 1 1',
  Null: '0 1 1 1 1 1 1 1 1 1 1 1',
  Enum: '0 1 0 0 0 0 0 0 0 1 1 1',
};

function conversionError(f: () => unknown): DragopsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DragopsError);
    expect((e as DragopsError).code).toBe('TYPE_CONVERSION');
    return e as DragopsError;
  }
  throw new Error('expected a TYPE_CONVERSION error');
}

describe('the 12 pin types', () => {
  it('are exactly the SPEC list', () => {
    expect([...PIN_TYPES].sort()).toEqual([...ORDER].sort());
  });

  it('isPinType', () => {
    for (const t of ORDER) expect(isPinType(t)).toBe(true);
    for (const t of ['string', 'Number', '', null, 1, 'exec']) expect(isPinType(t)).toBe(false);
  });
});

describe('canConnect: every pair of the 12 types', () => {
  for (const from of ORDER) {
    const row = TABLE[from].split(' ');
    ORDER.forEach((to, i) => {
      const expected = row[i] === '1';
      it(`${from} → ${to}: ${expected ? 'connects' : 'invalid'}`, () => {
        expect(canConnect(from, to)).toBe(expected);
      });
    });
  }

  it('the table has 144 entries, 66 of them connecting', () => {
    let n = 0,
      yes = 0;
    for (const from of ORDER)
      for (const to of ORDER) {
        n++;
        if (canConnect(from, to)) yes++;
      }
    expect(n).toBe(144);
    expect(yes).toBe(66);
    expect(TABLE_YES).toBe(66);
  });

  it('is symmetric (every rule works both ways)', () => {
    for (const a of ORDER) for (const b of ORDER) expect(canConnect(a, b)).toBe(canConnect(b, a));
  });
});

const TABLE_YES = Object.values(TABLE)
  .join(' ')
  .split(' ')
  .filter((x) => x === '1').length;

describe('conversionFor', () => {
  it('needs nothing into Any, Null or Exec', () => {
    for (const from of ORDER) {
      expect(conversionFor(from, 'Any')).toBeNull();
      expect(conversionFor(from, 'Null')).toBeNull();
    }
  });

  it('needs nothing between equal types (Enum with options is checked against the list)', () => {
    for (const t of ORDER) if (t !== 'Enum' && t !== 'Exec') expect(conversionFor(t, t)).toBeNull();
    expect(conversionFor('Enum', 'Enum')).toBeNull();
    expect(conversionFor('Enum', 'Enum', ['a'])).toBe('Enum');
  });

  it('converts to the target type otherwise, including values typed Any', () => {
    expect(conversionFor('Integer', 'String')).toBe('String');
    expect(conversionFor('Any', 'Integer')).toBe('Integer');
    expect(conversionFor('String', 'DateTime')).toBe('DateTime');
  });
});

describe('run-time conversions (SPEC §2 rule 4)', () => {
  it('numbers and booleans to String', () => {
    expect(toStringValue(42)).toBe('42');
    expect(toStringValue(1.5)).toBe('1.5');
    expect(toStringValue(-0.25)).toBe('-0.25');
    expect(toStringValue(true)).toBe('true');
    expect(toStringValue(false)).toBe('false');
    expect(convert(42, 'String')).toBe('42');
  });

  it('objects and arrays to String as JSON; Binary as base64', () => {
    expect(toStringValue({ a: 1, b: [true, null] })).toBe('{"a":1,"b":[true,null]}');
    expect(toStringValue([1, 'x'])).toBe('[1,"x"]');
    expect(toStringValue(new Uint8Array([104, 105]))).toBe('aGk=');
    expect(toStringValue({ data: new Uint8Array([104, 105]) })).toBe('{"data":"aGk="}');
  });

  it('booleans to numbers', () => {
    expect(toFloat(true)).toBe(1);
    expect(toFloat(false)).toBe(0);
    expect(toInteger(true)).toBe(1);
    expect(toInteger(false)).toBe(0);
    expect(convert(true, 'Integer')).toBe(1);
  });

  it('Float → Integer truncates toward zero, negatives included', () => {
    expect(toInteger(42.9)).toBe(42);
    expect(toInteger(42.1)).toBe(42);
    expect(toInteger(-42.9)).toBe(-42);
    expect(toInteger(-42.1)).toBe(-42);
    expect(toInteger(-0.5)).toBe(0);
    expect(Object.is(toInteger(-0.5), 0)).toBe(true); // not -0
    expect(Object.is(toInteger(-0), 0)).toBe(true);
    expect(toInteger(7)).toBe(7);
  });

  it('numeric strings to numbers', () => {
    expect(toInteger('12')).toBe(12);
    expect(toInteger(' 12 ')).toBe(12);
    expect(toInteger('-12.9')).toBe(-12);
    expect(toInteger('+3')).toBe(3);
    expect(toInteger('1e3')).toBe(1000);
    expect(toFloat('12')).toBe(12);
    expect(toFloat('3.25')).toBe(3.25);
    expect(toFloat('.5')).toBe(0.5);
    expect(toFloat('-2.5e-1')).toBe(-0.25);
    expect(toFloat('0x10')).toBe(16);
    expect(toFloat('Infinity')).toBe(Infinity);
    expect(convert('12', 'Integer')).toBe(12);
  });

  it('"abc" into Integer or Float fails with TYPE_CONVERSION', () => {
    expect(conversionError(() => toInteger('abc')).message).toContain('"abc"');
    expect(conversionError(() => toInteger('abc')).message).toContain('Integer');
    expect(conversionError(() => toFloat('abc')).message).toContain('Float');
    conversionError(() => convert('abc', 'Integer'));
  });

  it('strings that are not entirely a number fail (no parseInt leniency)', () => {
    for (const s of ['12abc', '', '   ', '1,000', '12 34', 'NaN', '0b101']) {
      conversionError(() => toInteger(s));
      conversionError(() => toFloat(s));
    }
  });

  it('non-finite numbers do not become Integers', () => {
    conversionError(() => toInteger(NaN));
    conversionError(() => toInteger(Infinity));
    conversionError(() => toInteger('-Infinity'));
    expect(toFloat(NaN)).toBeNaN(); // a Float may be NaN or infinite
  });

  it('objects, arrays and binary do not become numbers or booleans', () => {
    for (const v of [{}, [], [1], new Uint8Array([1])]) {
      conversionError(() => toInteger(v));
      conversionError(() => toFloat(v));
      conversionError(() => toBoolean(v));
    }
  });

  it('to Boolean: numbers are true unless 0 or NaN; a few words', () => {
    expect(toBoolean(1)).toBe(true);
    expect(toBoolean(-3.5)).toBe(true);
    expect(toBoolean(0)).toBe(false);
    expect(toBoolean(NaN)).toBe(false);
    for (const s of ['true', 'TRUE', ' True ', '1', 'yes', 'on']) expect(toBoolean(s)).toBe(true);
    for (const s of ['false', 'False', '0', 'no', 'off', '']) expect(toBoolean(s)).toBe(false);
    conversionError(() => toBoolean('maybe'));
    conversionError(() => toBoolean('2'));
  });

  it('String ↔ DateTime (ISO 8601, UTC)', () => {
    expect(toDateTime('2024-03-01T10:20:30Z')).toBe('2024-03-01T10:20:30.000Z');
    expect(toDateTime('2024-03-01T12:20:30+02:00')).toBe('2024-03-01T10:20:30.000Z');
    expect(toDateTime('2024-03-01')).toBe('2024-03-01T00:00:00.000Z');
    expect(toDateTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toStringValue(toDateTime('2024-03-01T10:20:30Z'))).toBe('2024-03-01T10:20:30.000Z');
    expect(conversionError(() => toDateTime('not a date')).message).toMatch(/ISO 8601/);
    conversionError(() => toDateTime({}));
    conversionError(() => toDateTime(true));
  });

  it('Enum: a string from the list', () => {
    expect(toEnum('b', ['a', 'b'])).toBe('b');
    expect(conversionError(() => toEnum('c', ['a', 'b'])).message).toContain('a | b');
    conversionError(() => toEnum(1, ['1']));
    expect(convert('x', 'Enum')).toBe('x'); // no options: any string
    expect(convert('b', 'Enum', ['a', 'b'])).toBe('b');
  });

  it('Object, Array and Binary pass only their own kind', () => {
    const o = { a: 1 };
    const a = [1];
    expect(toObject(o)).toBe(o);
    expect(toArray(a)).toBe(a);
    conversionError(() => toObject(a));
    conversionError(() => toObject('{}'));
    conversionError(() => toObject(new Uint8Array()));
    conversionError(() => toArray(o));
    conversionError(() => toArray('[1]'));
    const b = new Uint8Array([1, 2]);
    expect(toBinary(b)).toBe(b);
    expect([...toBinary('hi')!]).toEqual([104, 105]); // strings become their UTF-8 bytes
    conversionError(() => toBinary(5));
  });

  it('Any and Null pass values through (undefined becomes null)', () => {
    const o = { a: 1 };
    expect(convert(o, 'Any')).toBe(o);
    expect(convert(undefined, 'Any')).toBeNull();
    expect(convert('x', 'Null')).toBe('x');
  });

  it('the message of a long string is shortened', () => {
    const e = conversionError(() => toInteger('x'.repeat(1000)));
    expect(e.message.length).toBeLessThan(200);
  });
});

describe('null rules (as implemented)', () => {
  it('null into String is "", into Boolean false', () => {
    expect(toStringValue(null)).toBe('');
    expect(toStringValue(undefined)).toBe('');
    expect(toBoolean(null)).toBe(false);
    expect(toBoolean(undefined)).toBe(false);
  });

  it('null stays null into DateTime, Object, Array, Binary, Any, Null', () => {
    for (const t of ['DateTime', 'Object', 'Array', 'Binary', 'Any', 'Null'] as PinType[]) {
      expect(convert(null, t)).toBeNull();
      expect(convert(undefined, t)).toBeNull();
    }
  });

  it('null does not become a number (TYPE_CONVERSION), nor an Enum value', () => {
    conversionError(() => toInteger(null));
    conversionError(() => toFloat(null));
    conversionError(() => toFloat(undefined));
    conversionError(() => toEnum(null, ['a']));
  });
});

describe('typeOfValue', () => {
  it('names the pin type of plain values', () => {
    expect(typeOfValue(null)).toBe('Null');
    expect(typeOfValue(undefined)).toBe('Null');
    expect(typeOfValue('s')).toBe('String');
    expect(typeOfValue(3)).toBe('Integer');
    expect(typeOfValue(3.5)).toBe('Float');
    expect(typeOfValue(false)).toBe('Boolean');
    expect(typeOfValue([])).toBe('Array');
    expect(typeOfValue({})).toBe('Object');
    expect(typeOfValue(new Uint8Array())).toBe('Binary');
  });
});

describe('conversions in a running pattern', () => {
  const start = { id: 'start', type: 'OnStart' };

  it('"abc" from an Any output into an Integer pin fails the execution at that node, naming the pin', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'loop', type: 'ForRange' },
        { id: 'l', type: 'Log', defaults: { message: 'never' } },
      ],
      ['hook.then -> loop.exec', 'hook.body -> loop.end', 'loop.body -> l.exec'],
    );
    const r = await run(doc, { body: 'abc' });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'loop' });
    expect(r.error!.message).toContain('"end"');
    expect(r.error!.message).toContain('"abc"');
    expect(r.logs).toEqual([]);
    // …and a body that converts runs fine.
    const ok = await run(doc, { body: '2' });
    expect(ok.status).toBe('completed');
    expect(ok.logs).toHaveLength(2);
  });

  it('the same through a pure node: the consuming node is named', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'via', type: 'Reroute' },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      ['hook.then -> respond.exec', 'hook.body -> via.value', 'via.value -> respond.status'],
    );
    const r = await run(doc, { body: 'abc' });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'respond' });
    expect(r.error!.message).toContain('"status"');
  });

  it('a constant that cannot convert is an error at run time (not a compile crash)', async () => {
    const doc = pattern(
      [start, { id: 's', type: 'MakeString', defaults: { value: 'abc' } }, { id: 'loop', type: 'ForRange' }],
      ['start.then -> loop.exec', 's.value -> loop.end'],
    );
    expect(build(doc).ok).toBe(true);
    const r = await run(doc);
    expect(r.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'loop' });
    expect(r.error!.message).toContain('"end"');
  });

  it('the conversion error is catchable by TryCatch', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'try', type: 'TryCatch' },
        { id: 'loop', type: 'ForRange' },
        { id: 'l', type: 'Log' },
      ],
      ['hook.then -> try.exec', 'try.try -> loop.exec', 'hook.body -> loop.end', 'try.catch -> l.exec', 'try.error -> l.message'],
    );
    const r = await run(doc, { body: 'abc' });
    expect(r.status).toBe('completed');
    expect(JSON.parse(r.logs[0]!.message)).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'loop' });
  });

  it('scalar conversions along wires: Integer → String, Boolean → Float, Float → Integer, String → Integer', async () => {
    const doc = pattern(
      [
        start,
        { id: 'i', type: 'MakeInteger', defaults: { value: 42 } },
        { id: 'b', type: 'MakeBoolean', defaults: { value: true } },
        { id: 'f', type: 'MakeFloat', defaults: { value: -2.7 } },
        { id: 's', type: 'MakeString', defaults: { value: '12' } },
        { id: 'cat', type: 'Concat', defaults: { b: '!' } },
        { id: 'add', type: 'Add', defaults: { b: 0.5 } },
        { id: 'ti', type: 'MakeInteger' },
        { id: 'ts', type: 'MakeInteger' },
        { id: 'arr', type: 'MakeArray', config: { count: 4 } },
        { id: 'l', type: 'Log' },
      ],
      [
        'start.then -> l.exec',
        'i.value -> cat.a',
        'b.value -> add.a',
        'f.value -> ti.value',
        's.value -> ts.value',
        'cat.result -> arr.item0',
        'add.result -> arr.item1',
        'ti.value -> arr.item2',
        'ts.value -> arr.item3',
        'arr.array -> l.message',
      ],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(JSON.parse(r.logs[0]!.message)).toEqual(['42!', 1.5, -2, 12]);
  });

  it('run-time (non-constant) values convert the same way', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'gi', type: 'GetProperty', defaults: { key: 'i' } },
        { id: 'gf', type: 'GetProperty', defaults: { key: 'f' } },
        { id: 'gb', type: 'GetProperty', defaults: { key: 'b' } },
        { id: 'toInt', type: 'MakeInteger' },
        { id: 'toStr', type: 'MakeString' },
        { id: 'toFloat', type: 'MakeFloat' },
        { id: 'arr', type: 'MakeArray', config: { count: 3 } },
        { id: 'l', type: 'Log' },
      ],
      [
        'hook.then -> l.exec',
        'hook.body -> gi.object',
        'hook.body -> gf.object',
        'hook.body -> gb.object',
        'gf.value -> toInt.value',
        'gi.value -> toStr.value',
        'gb.value -> toFloat.value',
        'toInt.value -> arr.item0',
        'toStr.value -> arr.item1',
        'toFloat.value -> arr.item2',
        'arr.array -> l.message',
      ],
    );
    const r = await run(doc, { body: { i: 42, f: -7.9, b: true } });
    expect(r.status).toBe('completed');
    expect(JSON.parse(r.logs[0]!.message)).toEqual([-7, '42', 1]);
  });

  it('null from an Any output into a Float pin is a TYPE_CONVERSION error', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'gp', type: 'GetProperty', defaults: { key: 'missing' } },
        { id: 'delay', type: 'Delay' },
      ],
      ['hook.then -> delay.exec', 'hook.body -> gp.object', 'gp.value -> delay.seconds'],
    );
    const r = await run(doc, { body: {} });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'delay' });
    expect(r.error!.message).toContain('"seconds"');
  });
});
