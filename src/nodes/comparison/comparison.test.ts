import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { examplesOf, inlineMismatches, runExample } from '../testing.js';
import Equal from './Equal.js';
import NotEqual from './NotEqual.js';
import GreaterThan from './GreaterThan.js';
import LessThan from './LessThan.js';
import GreaterOrEqual from './GreaterOrEqual.js';
import LessOrEqual from './LessOrEqual.js';
import IsNull from './IsNull.js';
import InRange from './InRange.js';
import IsType, { isIsoDate } from './IsType.js';
import Contains from './Contains.js';

describe('comparison examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
  it('every node is pure with a Boolean result', () => {
    for (const d of defs) {
      expect(d.execOut).toEqual([]);
      expect(d.category).toBe('Comparison');
      expect(d.outputs).toEqual([{ id: 'result', type: 'Boolean' }]);
    }
  });
});

describe('Equal / NotEqual', () => {
  const pairs: [unknown, unknown, boolean][] = [
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: null }, false],
    [[1, 2], [2, 1], false],
    [[], {}, false],
    [NaN, NaN, true],
    [0, -0, true],
    [1, '1', false],
    [null, undefined, true],
    ['é', 'e\u0301', false],
    [new Uint8Array([1, 2]), new Uint8Array([1, 2]), true],
    [JSON.parse('{"__proto__": 1}'), {}, false],
    [JSON.parse('{"__proto__": {"x": 1}}'), JSON.parse('{"__proto__": {"x": 1}}'), true],
  ];
  it.each(pairs)('%j vs %j → %s', (a, b, same) => {
    expect(Equal.eval!(a, b)).toBe(same);
    expect(NotEqual.eval!(a, b)).toBe(!same);
    expect(inlineMismatches(Equal, { a, b })).toEqual([]);
    expect(inlineMismatches(NotEqual, { a, b })).toEqual([]);
  });
});

describe('ordering', () => {
  it('NaN compares false everywhere; infinities order', () => {
    for (const d of [GreaterThan, LessThan, GreaterOrEqual, LessOrEqual]) {
      expect(d.eval!(NaN, 1)).toBe(false);
      expect(d.eval!(1, NaN)).toBe(false);
      for (const [a, b] of [
        [NaN, NaN],
        [Infinity, 1e308],
        [-0, 0],
        [-1, 1],
      ])
        expect(inlineMismatches(d, { a, b })).toEqual([]);
    }
    expect(GreaterThan.eval!(Infinity, 1e308)).toBe(true);
    expect(LessOrEqual.eval!(-0, 0)).toBe(true);
  });
  it('inputs convert to Float like the compiler does ("10" > "9" numerically)', () => {
    expect(runExample(GreaterThan, { inputs: { a: '10', b: '9' }, output: true })).toBe(true);
  });
  it('InRange is inclusive, takes bounds in either order, rejects NaN', () => {
    expect(InRange.eval!(0, 0, 0)).toBe(true);
    expect(InRange.eval!(-1, 0, 10)).toBe(false);
    expect(InRange.eval!(NaN, -Infinity, Infinity)).toBe(false);
    expect(InRange.eval!(Infinity, 0, Infinity)).toBe(true);
    expect(InRange.eval!(5, 0, NaN)).toBe(false);
  });
});

describe('IsNull', () => {
  it('only null and undefined', () => {
    for (const v of [0, '', false, NaN, [], {}]) expect(IsNull.eval!(v)).toBe(false);
    expect(IsNull.eval!(undefined)).toBe(true);
    for (const value of [null, 0, '', false]) expect(inlineMismatches(IsNull, { value })).toEqual([]);
  });
});

describe('IsType', () => {
  const is = (value: unknown, type: string) => IsType.eval!(value, type);
  it('scalars', () => {
    expect(is('x', 'String')).toBe(true);
    expect(is('', 'String')).toBe(true);
    expect(is(3, 'Integer')).toBe(true);
    expect(is(3.5, 'Integer')).toBe(false);
    expect(is(3, 'Float')).toBe(true);
    expect(is(NaN, 'Float')).toBe(true);
    expect(is(Infinity, 'Integer')).toBe(false);
    expect(is('3', 'Integer')).toBe(false);
    expect(is(false, 'Boolean')).toBe(true);
    expect(is(0, 'Boolean')).toBe(false);
  });
  it('containers, binary and null', () => {
    expect(is({}, 'Object')).toBe(true);
    expect(is([], 'Object')).toBe(false);
    expect(is([], 'Array')).toBe(true);
    expect(is(new Uint8Array(2), 'Binary')).toBe(true);
    expect(is(new Uint8Array(2), 'Object')).toBe(false);
    expect(is(null, 'Null')).toBe(true);
    expect(is(undefined, 'Null')).toBe(true);
    expect(is(null, 'Object')).toBe(false);
    expect(is(JSON.parse('{"__proto__": null}'), 'Object')).toBe(true);
  });
  it('DateTime: ISO 8601 strings, which are also Strings', () => {
    expect(is('2024-02-29T23:59:59.999Z', 'DateTime')).toBe(true);
    expect(is('2024-02-29T23:59:59.999Z', 'String')).toBe(true);
    expect(is('2024-05-01', 'DateTime')).toBe(true);
    expect(is('2024-05-01T10:00+02:00', 'DateTime')).toBe(true);
    expect(is('hello', 'DateTime')).toBe(false);
    expect(is('May 1, 2024', 'DateTime')).toBe(false);
    expect(is(1714560000000, 'DateTime')).toBe(false);
    for (const bad of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-01-01T24:00:00Z', '2024-01-01T10:60Z', '2024-01-01T10:00:00Z ']) {
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('0000-02-29')).toBe(true);
  });
  it('rejects an unknown type name at the pin (Enum conversion)', () => {
    expect(() => runExample(IsType, { inputs: { value: 1, type: 'Number' }, output: false })).toThrow(/Enum/);
  });
});

describe('Contains', () => {
  const has = (h: unknown, n: unknown) => Contains.eval!(h, n);
  it('strings: substrings, unicode, numbers by their text', () => {
    expect(has('héllo wörld', 'ö')).toBe(true);
    expect(has('👍 ok', '👍')).toBe(true);
    expect(has('abc', '')).toBe(true);
    expect(has('', 'a')).toBe(false);
    expect(has('order 42', 42)).toBe(true);
    expect(has('is true', true)).toBe(true);
    expect(has('abc', null)).toBe(false);
    expect(has('abc', ['a'])).toBe(false);
  });
  it('arrays: deep equality of elements', () => {
    expect(has([1, [2, 3]], [2, 3])).toBe(true);
    expect(has([1, 2], '1')).toBe(false);
    expect(has([null], null)).toBe(true);
    expect(has([NaN], NaN)).toBe(true);
    expect(has([], undefined)).toBe(false);
  });
  it('objects: own keys only, prototype names are plain data', () => {
    expect(has({ a: 1 }, 'a')).toBe(true);
    expect(has({}, 'constructor')).toBe(false);
    expect(has({}, '__proto__')).toBe(false);
    expect(has({}, 'toString')).toBe(false);
    expect(has(JSON.parse('{"__proto__": 1}'), '__proto__')).toBe(true);
    expect(has({ constructor: 1 }, 'constructor')).toBe(true);
    expect(has({ 1: 'x' }, 1)).toBe(true);
    expect(has({ a: 1 }, { a: 1 })).toBe(false);
  });
  it('anything else is false', () => {
    expect(has(null, 'a')).toBe(false);
    expect(has(12345, 3)).toBe(false);
    expect(has(true, true)).toBe(false);
    expect(has(new Uint8Array([1]), 1)).toBe(false);
    expect(has(new Uint8Array([1]), '0')).toBe(false);
  });
});
