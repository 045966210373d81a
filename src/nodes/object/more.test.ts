// The Object/Map nodes of issue 3: paths with own properties only, inputs never mutated, and keys such
// as __proto__ and constructor as plain data everywhere (Object.prototype never polluted).
import { afterEach, describe, expect, it } from 'vitest';
import { DragopsError } from '../../errors/error.js';
import { callNode } from '../testing.js';
import HasProperty from './HasProperty.js';
import DeleteProperty from './DeleteProperty.js';
import Merge from './Merge.js';
import Keys from './Keys.js';
import Values from './Values.js';
import Entries from './Entries.js';
import FromEntries from './FromEntries.js';
import PickProperties from './PickProperties.js';
import OmitProperties from './OmitProperties.js';
import ObjectSize from './ObjectSize.js';

const data = (json: string) => JSON.parse(json) as Record<string, unknown>;
const own = (o: unknown, k: string) => Object.getOwnPropertyDescriptor(o, k)?.value;

afterEach(() => {
  // No test may leave anything on the shared prototypes.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.constructor).toBe(Object);
});

describe('HasProperty', () => {
  const doc = { a: { b: null, list: [1] }, zero: 0 };
  it.each([
    ['a', true],
    ['a.b', true],
    ['a.b.c', false],
    ['a.list.0', true],
    ['a.list.1', false],
    ['zero', true],
    ['missing', false],
    ['toString', false],
    ['constructor', false],
    ['__proto__', false],
    ['a.constructor', false],
    ['', true],
  ])('%s → %s', (key, expected) => {
    expect(HasProperty.eval!(doc, key)).toBe(expected);
  });
  it('own __proto__ keys count; a null object has nothing', () => {
    expect(HasProperty.eval!(data('{"__proto__": {"x": 1}}'), '__proto__.x')).toBe(true);
    expect(HasProperty.eval!(null, '')).toBe(false);
    expect(HasProperty.eval!(null, 'a')).toBe(false);
    expect(() => callNode(HasProperty, { object: [1], key: '0' })).toThrow(/Object/);
  });
});

describe('DeleteProperty', () => {
  it('returns a copy without the path and never mutates the input', () => {
    const input = { a: { b: 1, c: 2 }, keep: { x: 1 }, list: [1, 2, 3] };
    const snapshot = structuredClone(input);
    const out = DeleteProperty.eval!(input, 'a.b') as typeof input;
    expect(out).toEqual({ a: { c: 2 }, keep: { x: 1 }, list: [1, 2, 3] });
    expect(out.keep).toBe(input.keep);
    expect(DeleteProperty.eval!(input, 'list.0')).toEqual({ a: { b: 1, c: 2 }, keep: { x: 1 }, list: [2, 3] });
    expect(input).toEqual(snapshot);
  });
  it('a path that does not resolve gives the object unchanged; null stays null; empty key is an error', () => {
    const input = { a: 1 };
    expect(DeleteProperty.eval!(input, 'b.c')).toBe(input);
    expect(DeleteProperty.eval!(input, 'toString')).toBe(input);
    expect(DeleteProperty.eval!({ l: [1] }, 'l.length')).toEqual({ l: [1] });
    expect(DeleteProperty.eval!(null, 'a')).toBeNull();
    expect(() => DeleteProperty.eval!({}, '')).toThrow(DragopsError);
  });
  it('deletes own __proto__ and constructor keys as data', () => {
    const o = data('{"__proto__": {"polluted": 1, "x": 2}, "constructor": 3, "k": 4}');
    const out = DeleteProperty.eval!(o, '__proto__.polluted') as Record<string, unknown>;
    expect(own(out, '__proto__')).toEqual({ x: 2 });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(DeleteProperty.eval!(o, 'constructor') as object)).toEqual(['__proto__', 'k']);
    expect(Object.keys(DeleteProperty.eval!(o, '__proto__') as object)).toEqual(['constructor', 'k']);
  });
});

describe('Merge', () => {
  it('shallow: b wins; deep: objects merge, arrays and scalars are replaced', () => {
    const a = { x: { p: 1, q: [1, 2] }, y: 1 };
    const b = { x: { q: [3] }, z: null };
    expect(Merge.eval!(a, b, false)).toEqual({ x: { q: [3] }, y: 1, z: null });
    expect(Merge.eval!(a, b, true)).toEqual({ x: { p: 1, q: [3] }, y: 1, z: null });
    expect(Merge.eval!({ x: { p: 1 } }, { x: 5 }, true)).toEqual({ x: 5 });
    expect(Merge.eval!({ x: 5 }, { x: { p: 1 } }, true)).toEqual({ x: { p: 1 } });
    expect(a).toEqual({ x: { p: 1, q: [1, 2] }, y: 1 });
    expect(callNode(Merge, { a: null, b: null })).toEqual({});
  });
  it('__proto__ keys merge as data, even deeply, and never reach the prototype', () => {
    const a = data('{"__proto__": {"a": 1}}');
    const b = data('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    const shallow = Merge.eval!(a, b, false) as Record<string, unknown>;
    expect(own(shallow, '__proto__')).toEqual({ polluted: true });
    const deep = Merge.eval!(a, b, true) as Record<string, unknown>;
    expect(own(deep, '__proto__')).toEqual({ a: 1, polluted: true });
    expect(Object.getPrototypeOf(deep)).toBe(Object.prototype);
    expect(deep.constructor).toEqual({ prototype: { polluted: true } });
    expect(JSON.parse(JSON.stringify(deep))).toEqual(data('{"__proto__": {"a": 1, "polluted": true}, "constructor": {"prototype": {"polluted": true}}}'));
  });
  it('very deep nesting does not overflow the stack', () => {
    let x: Record<string, unknown> = { v: 1 };
    let y: Record<string, unknown> = { w: 2 };
    for (let i = 0; i < 20_000; i++) {
      x = { n: x };
      y = { n: y };
    }
    expect(() => Merge.eval!(x, y, true)).not.toThrow();
  });
});

describe('Keys / Values / Entries / ObjectSize / FromEntries', () => {
  const o = data('{"b": 1, "__proto__": [2], "2": "two", "constructor": null}');
  it('own keys in JavaScript order, __proto__ included as data', () => {
    expect(Keys.eval!(o)).toEqual(['2', 'b', '__proto__', 'constructor']);
    expect(Values.eval!(o)).toEqual(['two', 1, [2], null]);
    expect(Entries.eval!(o)).toEqual([
      ['2', 'two'],
      ['b', 1],
      ['__proto__', [2]],
      ['constructor', null],
    ]);
    expect(ObjectSize.eval!(o)).toBe(4);
    for (const node of [Keys, Values, Entries]) expect(node.eval!(null)).toEqual([]);
    expect(Keys.eval!({ 'ünï 👍': 1 })).toEqual(['ünï 👍']);
  });
  it('FromEntries round-trips Entries, with __proto__ as a plain key', () => {
    const back = FromEntries.eval!(Entries.eval!(o)) as Record<string, unknown>;
    expect(back).toEqual(o);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(own(back, '__proto__')).toEqual([2]);
  });
  it('FromEntries: pairs and {key, value} objects, keys as text, last wins, bad items are errors', () => {
    expect(FromEntries.eval!([[1, 'a'], [true, 'b'], [null, 'c'], ['k']])).toEqual({ 1: 'a', true: 'b', '': 'c', k: null });
    expect(FromEntries.eval!([{ key: 'a' }, { key: 'a', value: 2 }])).toEqual({ a: 2 });
    expect(FromEntries.eval!(null)).toEqual({});
    for (const bad of [['a'], [[]], [['a', 1, 2]], [{ value: 1 }], [[{}, 1]], [null]]) {
      expect(() => FromEntries.eval!(bad)).toThrow(DragopsError);
    }
    expect(() => FromEntries.eval!([[['x'], 1]])).toThrow(/key/);
  });
});

describe('PickProperties / OmitProperties', () => {
  it('own top-level properties only; null object gives {}', () => {
    const o = { a: 1, b: { c: 2 }, d: null };
    expect(PickProperties.eval!(o, ['b', 'd', 'toString', 'constructor'])).toEqual({ b: { c: 2 }, d: null });
    expect(PickProperties.eval!(o, null)).toEqual({});
    expect(PickProperties.eval!(null, ['a'])).toEqual({});
    expect(OmitProperties.eval!(o, ['a', 'zzz'])).toEqual({ b: { c: 2 }, d: null });
    expect(OmitProperties.eval!(o, null)).toEqual(o);
    expect(OmitProperties.eval!(null, ['a'])).toEqual({});
    expect(PickProperties.eval!({ 1: 'x' }, [1])).toEqual({ 1: 'x' });
  });
  it('__proto__ is picked and kept as data', () => {
    const o = data('{"__proto__": {"polluted": true}, "a": 1}');
    const picked = PickProperties.eval!(o, ['__proto__']) as Record<string, unknown>;
    expect(Object.keys(picked)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
    expect(Object.keys(OmitProperties.eval!(o, ['a']) as object)).toEqual(['__proto__']);
  });
});
