import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { callNode, examplesOf, inlineMismatches, inlineNode, runExample } from '../testing.js';
import GetProperty from './GetProperty.js';
import SetProperty from './SetProperty.js';

const data = (json: string) => JSON.parse(json) as Record<string, unknown>;
const get = (object: unknown, key: string) => GetProperty.eval!(object, key) as { value: unknown; found: boolean };

describe('object examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
});

describe('GetProperty', () => {
  const doc = { user: { name: 'Ada', tags: ['x', 'y'], nothing: null, zero: 0 }, 'a.b': 1, '': 'empty' };
  const cases: [string, unknown, boolean][] = [
    ['user.name', 'Ada', true],
    ['user.tags.0', 'x', true],
    ['user.tags.-1', null, false],
    ['user.tags.01', null, false],
    ['user.tags.5', null, false],
    ['user.tags.length', 2, true],
    ['user.nothing', null, true],
    ['user.zero', 0, true],
    ['user.name.first', null, false],
    ['user.missing.deeper', null, false],
    ['a.b', null, false],
    ['constructor', null, false],
    ['__proto__', null, false],
    ['toString', null, false],
    ['user.constructor.prototype', null, false],
    ['user.name.length', null, false],
  ];
  it.each(cases)('%s → %j (found %s), eval and inline agree', (key, value, found) => {
    expect(get(doc, key)).toEqual({ value, found });
    expect(inlineMismatches(GetProperty, { object: doc, key })).toEqual([]);
  });
  it('the empty key is the object itself; a null object finds nothing', () => {
    expect(get(doc, '')).toEqual({ value: doc, found: true });
    expect(get(null, '')).toEqual({ value: null, found: false });
    expect(get(null, 'a')).toEqual({ value: null, found: false });
    for (const key of ['', 'a', 'a.b']) expect(inlineMismatches(GetProperty, { object: null, key })).toEqual([]);
  });
  it('__proto__ and constructor as own data keys are read as data', () => {
    const o = data('{"__proto__": {"x": 1}, "constructor": {"name": "mine"}}');
    expect(get(o, '__proto__.x')).toEqual({ value: 1, found: true });
    expect(get(o, '__proto__')).toEqual({ value: { x: 1 }, found: true });
    expect(get(o, 'constructor.name')).toEqual({ value: 'mine', found: true });
    for (const key of ['__proto__', '__proto__.x', 'constructor.name']) expect(inlineMismatches(GetProperty, { object: o, key })).toEqual([]);
  });
  it('unicode keys', () => {
    expect(get({ ünï: { '👍': true } }, 'ünï.👍')).toEqual({ value: true, found: true });
  });
  it('inlines both outputs for a constant key, and neither for a wired key', () => {
    const obj = { a: { b: null } };
    // A constant key becomes a reader specialised for that key: the key is a literal in the code.
    expect((inlineNode(GetProperty, { object: obj, key: 'a' }, {}, 'value', true) as { code: string }).code).toContain('o["a"]');
    expect((inlineNode(GetProperty, { object: obj, key: 'a.b' }, {}, 'value', true) as { code: string }).code).toMatch(/o\["b"\][\s\S]*o\["a"\]/);
    expect(inlineNode(GetProperty, { object: obj, key: 'a.b' }, {}, 'found', true)).toMatchObject({ value: true });
    expect(inlineNode(GetProperty, { object: obj, key: 'a.b' }, {}, 'value', true)).toMatchObject({ value: null });
    expect(inlineNode(GetProperty, { object: obj, key: 'a' }, {}, 'value', false)).toBeTypeOf('symbol');
  });
  it('a hostile constant key stays a literal', () => {
    const key = '"]); throw 1; (["\u2028';
    const r = inlineNode(GetProperty, { object: { [key]: 5 }, key }, {}, 'value', true) as { code: string; value: unknown };
    expect(r.value).toBe(5);
    const dotted = inlineNode(GetProperty, { object: { '"]);': { ' throw 1': 6 } }, key: '"]);. throw 1' }, {}, 'value', true);
    expect((dotted as { value: unknown }).value).toBe(6);
  });
});

describe('SetProperty', () => {
  it('returns a new object and never mutates the input', () => {
    const input = { a: { b: 1, keep: [1] }, other: { x: 1 } };
    const snapshot = structuredClone(input);
    const out = SetProperty.eval!(input, 'a.b', 2) as typeof input;
    expect(out).toEqual({ a: { b: 2, keep: [1] }, other: { x: 1 } });
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
    expect(out.other).toBe(input.other); // untouched branches are shared, not copied
  });
  it('creates missing objects, replaces non-objects, sets array items by index', () => {
    expect(SetProperty.eval!({}, 'a.b.c', 1)).toEqual({ a: { b: { c: 1 } } });
    expect(SetProperty.eval!({ a: 5 }, 'a.b', 1)).toEqual({ a: { b: 1 } });
    expect(SetProperty.eval!({ t: [1, 2] }, 't.1', 9)).toEqual({ t: [1, 9] });
    expect(SetProperty.eval!({ t: [1, 2] }, 't.2', 3)).toEqual({ t: [1, 2, 3] });
    expect(SetProperty.eval!(null, 'x', null)).toEqual({ x: null });
    expect(SetProperty.eval!({ a: 1 }, 'a', undefined)).toEqual({ a: null });
  });
  it('__proto__ and constructor are written as plain own properties', () => {
    const out = SetProperty.eval!({}, '__proto__.polluted', true) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(out).toEqual(data('{"__proto__": {"polluted": true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(SetProperty.eval!({}, 'constructor.prototype.polluted', 1)).toEqual({ constructor: { prototype: { polluted: 1 } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const kept = SetProperty.eval!(data('{"__proto__": {"a": 1}}'), '__proto__.b', 2);
    expect(kept).toEqual(data('{"__proto__": {"a": 1, "b": 2}}'));
  });
  it('an empty key is an error, a huge array index is LIMIT_EXCEEDED', () => {
    expect(() => SetProperty.eval!({}, '', 1)).toThrow(DragopsError);
    try {
      SetProperty.eval!({ t: [] }, 't.4000000000', 1);
    } catch (e) {
      expect((e as DragopsError).code).toBe('LIMIT_EXCEEDED');
    }
    expect(() => SetProperty.eval!({ t: [] }, 't.4000000000', 1)).toThrow(DragopsError);
    expect(SetProperty.safe).toBe(false);
  });
  it('value of any type, via callNode conversions', () => {
    expect(callNode(SetProperty, { object: { a: 1 }, key: 'b', value: [1, 'x'] })).toEqual({ a: 1, b: [1, 'x'] });
    expect(() => callNode(SetProperty, { object: [1], key: '0', value: 1 })).toThrow(/Object/);
  });
});
