import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { callNode, configOf, examplesOf, inlineMismatches, inlineNode, runExample, TEST_ENV } from '../testing.js';
import { pinsOf } from '../define.js';
import { NOT_CONST } from '../../compiler/codegen/contexts.js';
import MakeString from './MakeString.js';
import MakeInteger from './MakeInteger.js';
import MakeFloat from './MakeFloat.js';
import MakeDateTime from './MakeDateTime.js';
import MakeArray from './MakeArray.js';
import MakeObject from './MakeObject.js';

const proto = (json: string) => JSON.parse(json) as Record<string, unknown>;

describe('literals examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
  it('all are pure, safe, in Literals', () => {
    for (const d of defs) {
      expect(d.execOut).toEqual([]);
      expect(d.safe).toBe(true);
      expect(d.category).toBe('Literals');
    }
  });
});

describe('scalar literals', () => {
  it('defaults and conversions at the pin', () => {
    expect(callNode(MakeString)).toBe('');
    expect(callNode(MakeString, { value: 'ünï 👍' })).toBe('ünï 👍');
    expect(callNode(MakeInteger, { value: -7.9 })).toBe(-7);
    expect(callNode(MakeFloat, { value: 'Infinity' })).toBe(Infinity);
    expect(callNode(MakeDateTime)).toBe('1970-01-01T00:00:00.000Z');
    expect(callNode(MakeDateTime, { value: '2024-01-15T10:30:00+02:00' })).toBe('2024-01-15T08:30:00.000Z');
    expect(callNode(MakeDateTime, { value: null })).toBeNull();
  });
});

describe('MakeArray', () => {
  it('pins follow config count (default 2), ids item0…itemN-1, default null', () => {
    expect(pinsOf(MakeArray.inputs, configOf(MakeArray), TEST_ENV).map((p) => p.id)).toEqual(['item0', 'item1']);
    const pins = pinsOf(MakeArray.inputs, configOf(MakeArray, { count: 100 }), TEST_ENV);
    expect(pins).toHaveLength(100);
    expect(pins[99]).toEqual({ id: 'item99', type: 'Any', default: null });
    expect(pinsOf(MakeArray.inputs, {}, TEST_ENV)).toHaveLength(2);
  });
  it('config schema rejects counts outside 0–100 and unknown keys', () => {
    expect(() => configOf(MakeArray, { count: 101 })).toThrow();
    expect(() => configOf(MakeArray, { count: -1 })).toThrow();
    expect(() => configOf(MakeArray, { count: 1.5 })).toThrow();
    expect(() => configOf(MakeArray, { count: 2, extra: 1 })).toThrow();
  });
  it('makes a fresh array each call; undefined becomes null', () => {
    const a = MakeArray.eval!(1, 2) as unknown[];
    const b = MakeArray.eval!(1, 2) as unknown[];
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(MakeArray.eval!(undefined, null)).toEqual([null, null]);
  });
  it('inline builds an array literal, also for zero items', () => {
    expect(inlineNode(MakeArray, {}, { count: 0 })).toMatchObject({ code: '[]', value: [] });
    expect(inlineMismatches(MakeArray, { item0: [1], item2: { x: null } }, { count: 3 })).toEqual([]);
  });
});

describe('MakeObject', () => {
  it('one Any pin per key, defaulting to null', () => {
    const pins = pinsOf(MakeObject.inputs, configOf(MakeObject, { keys: ['a', 'b c', '__proto__'] }), TEST_ENV);
    expect(pins).toEqual([
      { id: 'a', type: 'Any', default: null },
      { id: 'b c', type: 'Any', default: null },
      { id: '__proto__', type: 'Any', default: null },
    ]);
    expect(pinsOf(MakeObject.inputs, configOf(MakeObject), TEST_ENV)).toEqual([]);
    expect(callNode(MakeObject)).toEqual({});
  });
  it('__proto__ and constructor become plain own properties (eval and inline)', () => {
    const config = { keys: ['__proto__', 'constructor', 'toString'] };
    const inputs = proto('{"__proto__": {"polluted": true}, "constructor": "c", "toString": 1}');
    for (const o of [
      callNode(MakeObject, inputs, config) as Record<string, unknown>,
      (inlineNode(MakeObject, inputs, config) as { value: Record<string, unknown> }).value,
    ]) {
      expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
      expect(Object.keys(o)).toEqual(['__proto__', 'constructor', 'toString']);
      expect(o).toEqual(proto('{"__proto__": {"polluted": true}, "constructor": "c", "toString": 1}'));
      expect((o as { polluted?: unknown }).polluted).toBeUndefined();
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
  it('keys are quoted literals in the generated code, never code', () => {
    const evil = ['a"+process.exit()+"', '}); process.exit(); ({', '\u2028'];
    const r = inlineNode(MakeObject, { [evil[0]!]: 1 }, { keys: evil });
    expect(r).not.toBe(NOT_CONST);
    expect((r as { value: unknown }).value).toEqual({ [evil[0]!]: 1, [evil[1]!]: null, [evil[2]!]: null });
    expect((r as { code: string }).code).not.toContain('\u2028');
  });
  it('check rejects duplicate and empty keys', () => {
    const problems: [string, string | undefined][] = [];
    MakeObject.check!({ keys: ['a', 'b', 'a', ''] }, TEST_ENV, (m, f) => problems.push([m, f]));
    expect(problems).toEqual([
      ['duplicate key "a"', 'keys/2'],
      ['keys must not be empty', 'keys/3'],
    ]);
    const none: unknown[] = [];
    MakeObject.check!({ keys: ['__proto__', 'constructor'] }, TEST_ENV, (m) => none.push(m));
    expect(none).toEqual([]);
  });
  it('config schema wants an array of strings', () => {
    expect(() => configOf(MakeObject, { keys: 'a' })).toThrow();
    expect(() => configOf(MakeObject, { keys: [1] })).toThrow();
  });
  it('makes a fresh object each call', () => {
    const f = MakeObject.make!({ keys: ['x'] }, { id: 'n', name: 'n', index: 0, inputs: [], outputs: [] });
    expect(f(1)).not.toBe(f(1));
    expect(f(undefined)).toEqual({ x: null });
  });
});
