// The Type Conversion nodes of issue 3: the pin conversions of pattern/types.ts as nodes.
import { describe, expect, it } from 'vitest';
import { codeOf } from '../testing.js';
import { pattern, run } from '../../../test/helpers.js';
import ToInteger from './ToInteger.js';
import ToFloat from './ToFloat.js';
import ToBoolean from './ToBoolean.js';
import ToArray from './ToArray.js';
import TypeOf from './TypeOf.js';
import ToDateTime from './ToDateTime.js';
import ParseNumber from './ParseNumber.js';
import { TYPE_NAMES } from '../comparison/IsType.js';

describe('ToInteger / ToFloat / ToBoolean', () => {
  it.each([
    ['12', 12, 12],
    [' 1e3 ', 1000, 1000],
    ['0x1F', 31, 31],
    [-2.7, -2, -2.7],
    [true, 1, 1],
    [false, 0, 0],
    ['-0', 0, -0],
  ])('%j → %j / %j', (value, integer, float) => {
    expect(ToInteger.eval!(value)).toBe(integer);
    expect(Object.is(ToFloat.eval!(value), float)).toBe(true);
  });
  it.each([[null], ['abc'], [''], [{}], [[1]], [NaN], [Infinity], ['1,5'], [new Uint8Array([1])]])('%j is TYPE_CONVERSION for ToInteger', (value) => {
    expect(codeOf(() => ToInteger.eval!(value))).toBe('TYPE_CONVERSION');
  });
  it('ToFloat keeps NaN and infinities, rejects null, objects and other text', () => {
    expect(ToFloat.eval!(NaN)).toBeNaN();
    expect(ToFloat.eval!('-Infinity')).toBe(-Infinity);
    for (const bad of [null, {}, [], 'ten', '']) expect(codeOf(() => ToFloat.eval!(bad))).toBe('TYPE_CONVERSION');
  });
  it('ToBoolean: words in any case, numbers, null; other text is an error', () => {
    for (const t of ['true', 'TRUE', ' yes ', 'On', '1', 1, -0.5]) expect(ToBoolean.eval!(t)).toBe(true);
    for (const f of ['false', 'No', 'off', '0', '', 0, NaN, null]) expect(ToBoolean.eval!(f)).toBe(false);
    for (const bad of ['maybe', {}, [], '👍']) expect(codeOf(() => ToBoolean.eval!(bad))).toBe('TYPE_CONVERSION');
  });
});

describe('ToArray / TypeOf', () => {
  it('ToArray: arrays as they are (same object), null empty, the rest wrapped', () => {
    const a = [1];
    expect(ToArray.eval!(a)).toBe(a);
    expect(ToArray.eval!(undefined)).toEqual([]);
    expect(ToArray.eval!('')).toEqual(['']);
    expect(ToArray.eval!(0)).toEqual([0]);
    const o = JSON.parse('{"__proto__": 1}');
    expect(ToArray.eval!(o)).toEqual([o]);
  });
  it('TypeOf names every value with a name IsType knows', () => {
    const values: [unknown, string][] = [
      ['x', 'String'],
      ['2024-05-01T00:00:00.000Z', 'String'],
      [1, 'Integer'],
      [1.5, 'Float'],
      [NaN, 'Float'],
      [-0, 'Integer'],
      [true, 'Boolean'],
      [{}, 'Object'],
      [[], 'Array'],
      [new Uint8Array(), 'Binary'],
      [null, 'Null'],
      [undefined, 'Null'],
    ];
    for (const [v, name] of values) {
      expect(TypeOf.eval!(v)).toBe(name);
      expect(TYPE_NAMES).toContain(name);
    }
  });
});

describe('ToDateTime', () => {
  it('normalises to ISO 8601 UTC; null stays null; junk is TYPE_CONVERSION', () => {
    expect(ToDateTime.eval!('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(ToDateTime.eval!(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(ToDateTime.eval!(undefined)).toBeNull();
    for (const bad of ['not a date', '', {}, [], true, 8.64e15 + 1]) expect(codeOf(() => ToDateTime.eval!(bad))).toBe('TYPE_CONVERSION');
  });
});

describe('ParseNumber', () => {
  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['+.5', 0.5],
    ['1e-3', 0.001],
    ['  7  ', 7],
    ['1,234', 1234],
    ['1,234,567.25', 1234567.25],
    ['1_000', 1000],
    ['1 000 000', 1e6],
    ['1\u00a0000', 1000],
    ['-1,000', -1000],
    ['0xff', 255],
    ['-0x10', -16],
    ['007', 7],
  ])('%j → %j', (text, n) => {
    expect(ParseNumber.eval!(text)).toEqual({ result: n, valid: true });
  });
  it.each([[''], ['abc'], ['12px'], ['1,23'], ['1,234,56'], ['1,234 567'], ['1..2'], ['Infinity'], ['NaN'], ['1e999'], ['--1'], ['٣'], ['👍']])(
    '%j → null',
    (text) => {
      expect(ParseNumber.eval!(text)).toEqual({ result: null, valid: false });
    },
  );
  it('never throws on huge input and stays fast', () => {
    const t0 = performance.now();
    expect(ParseNumber.eval!('1,'.repeat(500_000) + '1')).toEqual({ result: null, valid: false });
    expect(ParseNumber.eval!('9'.repeat(400))).toEqual({ result: null, valid: false });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('conversions in a pattern', () => {
  it('a failing ToInteger is a TYPE_CONVERSION error attributed to the node', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'conv', type: 'ToInteger', defaults: { value: 'abc' } },
        { id: 'log', type: 'Log' },
      ],
      ['start.then -> log.exec', 'conv.result -> log.message'],
    );
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'conv' });
  });
});
