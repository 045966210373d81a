// The keyed Array nodes of SPEC §4: Map, Filter, Find, Sort, Reduce, GroupBy over property paths.
import { describe, expect, it } from 'vitest';
import { callNode, errorOf } from '../testing.js';
import { compareText } from './keyed.js';
import MapNode from './Map.js';
import Filter from './Filter.js';
import Find from './Find.js';
import Sort from './Sort.js';
import Reduce from './Reduce.js';
import GroupBy from './GroupBy.js';

const data = (json: string) => JSON.parse(json) as unknown;
const people = [
  { name: 'Ada', age: 36, tags: ['math'], address: { city: 'London' } },
  { name: 'Bo', age: 25, tags: [], address: null },
  { name: 'Cy', age: null, tags: ['art', 'math'] },
  { name: 'Di', age: '41', address: { city: 'Paris' } },
];

describe('Map', () => {
  it('plucks paths, null where they do not resolve; empty path is the item', () => {
    expect(MapNode.eval!(people, 'address.city')).toEqual(['London', null, null, 'Paris']);
    expect(MapNode.eval!(people, 'tags.0')).toEqual(['math', null, 'art', null]);
    expect(MapNode.eval!(people, 'tags.length')).toEqual([1, 0, 2, null]);
    expect(MapNode.eval!([1, null, 'x'], '')).toEqual([1, null, 'x']);
    expect(MapNode.eval!(null, 'a')).toEqual([]);
    expect(MapNode.eval!([1, 'str', [1]], 'length')).toEqual([null, null, 1]);
  });
  it('own properties only: inherited names are not found, __proto__ keys are data', () => {
    expect(MapNode.eval!([{}, { a: 1 }], 'constructor')).toEqual([null, null]);
    expect(MapNode.eval!([{}], 'toString')).toEqual([null]);
    expect(MapNode.eval!([data('{"__proto__": {"x": 7}}')], '__proto__.x')).toEqual([7]);
    expect(MapNode.eval!([{ a: {} }], 'a.__proto__')).toEqual([null]);
  });
});

describe('Filter and Find operators', () => {
  const rows = [{ v: 1 }, { v: 5 }, { v: '5' }, { v: 'abc' }, { v: null }, {}, { v: [1, 2] }, { v: { k: 1 } }, { v: true }];
  const pick = (operator: string, value: unknown) => (Filter.eval!(rows, 'v', operator, value) as { v?: unknown }[]).map((r) => r.v);
  it('equals / notEquals use deep equality without coercion', () => {
    expect(pick('equals', 5)).toEqual([5]);
    expect(pick('equals', '5')).toEqual(['5']);
    expect(pick('equals', [1, 2])).toEqual([[1, 2]]);
    expect(pick('equals', null)).toEqual([null, undefined]); // a missing path equals null
    expect(pick('notEquals', null)).toEqual([1, 5, '5', 'abc', [1, 2], { k: 1 }, true]);
  });
  it('orderings: numbers (numeric text against a number counts), texts by code point; null never passes', () => {
    expect(pick('greaterThan', 1)).toEqual([5, '5']);
    expect(pick('greaterOrEqual', 1)).toEqual([1, 5, '5']);
    expect(pick('lessThan', 5)).toEqual([1]);
    expect(pick('lessOrEqual', '5')).toEqual([1, 5, '5']); // numbers against numeric text compare as numbers
    expect(pick('greaterThan', 'a')).toEqual(['abc']);
    expect(pick('lessThan', null)).toEqual([]);
    expect(Filter.eval!([{ d: '2024-01-02T00:00:00Z' }, { d: '2023-12-31T00:00:00Z' }], 'd', 'greaterThan', '2024-01-01')).toEqual([
      { d: '2024-01-02T00:00:00Z' },
    ]);
    expect(Filter.eval!([NaN, 1], '', 'lessThan', 2)).toEqual([1]);
  });
  it('contains and exists', () => {
    expect(pick('contains', 'b')).toEqual(['abc']);
    expect(pick('contains', 2)).toEqual([[1, 2]]);
    expect(pick('contains', 'k')).toEqual([{ k: 1 }]);
    expect(pick('exists', null)).toEqual([1, 5, '5', 'abc', [1, 2], { k: 1 }, true]);
  });
  it('null and empty arrays; the default operator is equals', () => {
    expect(Filter.eval!(null, 'a', 'equals', 1)).toEqual([]);
    expect(callNode(Filter, { array: [1, 2, 1], value: 1 })).toEqual([1, 1]);
    expect(() => callNode(Filter, { array: [1], operator: 'like', value: 1 })).toThrow(/Enum/);
  });
  it('Find gives the first passing item, its index and found', () => {
    expect(Find.eval!(people, 'age', 'greaterThan', 30)).toEqual({ item: people[0], index: 0, found: true });
    expect(Find.eval!(people, 'age', 'greaterThan', 40)).toEqual({ item: people[3], index: 3, found: true });
    expect(Find.eval!(people, 'address.city', 'equals', 'Rome')).toEqual({ item: null, index: -1, found: false });
    expect(Find.eval!([null, 0], '', 'equals', null)).toEqual({ item: null, index: 0, found: true });
    expect(Find.eval!(null, '', 'exists', null)).toEqual({ item: null, index: -1, found: false });
  });
});

describe('Sort', () => {
  it('numbers numerically, nulls last in both orders, stable', () => {
    const rows = [{ k: 10, i: 0 }, { k: null, i: 1 }, { k: 2, i: 2 }, { i: 3 }, { k: 10, i: 4 }, { k: 2, i: 5 }];
    const asc = (Sort.eval!(rows, 'k', 'asc') as { i: number }[]).map((r) => r.i);
    const desc = (Sort.eval!(rows, 'k', 'desc') as { i: number }[]).map((r) => r.i);
    expect(asc).toEqual([2, 5, 0, 4, 1, 3]);
    expect(desc).toEqual([0, 4, 2, 5, 1, 3]);
    expect(rows.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5]); // input not mutated
  });
  it('texts by code point: upper case before lower, no locale, astral after BMP', () => {
    expect(Sort.eval!(['b', 'a', 'B', 'ä', 'Z', '', '\uFF01', '😀', 'a'], '', 'asc')).toEqual(['', 'B', 'Z', 'a', 'a', 'b', 'ä', '\uFF01', '😀']);
    expect(compareText('\uFF01', '😀')).toBeLessThan(0); // UTF-16 order would say the opposite
    expect(compareText('😀', '😁')).toBeLessThan(0);
    expect(compareText('ab', 'a')).toBeGreaterThan(0);
  });
  it('mixed kinds: numbers, texts, booleans, containers, NaN, then null', () => {
    expect(Sort.eval!([null, { a: 1 }, true, 'x', 3, NaN, false, [1], 1], '', 'asc')).toEqual([1, 3, 'x', false, true, { a: 1 }, [1], NaN, null]);
    expect(Sort.eval!([], '', 'asc')).toEqual([]);
    expect(Sort.eval!(null, '', 'desc')).toEqual([]);
  });
  it('a large array sorts quickly', () => {
    const big = Array.from({ length: 200_000 }, (_, i) => ({ n: (i * 7919) % 100_003 }));
    const t0 = performance.now();
    const out = Sort.eval!(big, 'n', 'asc') as { n: number }[];
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(out[0]!.n).toBeLessThanOrEqual(out[1]!.n);
  });
});

describe('Reduce', () => {
  it('sum, product, average, count skip nulls; numeric text counts; empty arrays', () => {
    expect(Reduce.eval!(people, 'sum', 'age')).toBe(102);
    expect(Reduce.eval!(people, 'count', 'age')).toBe(3);
    expect(Reduce.eval!(people, 'average', 'age')).toBe(34);
    expect(Reduce.eval!([2, 3, true], 'product', '')).toBe(6);
    expect(Reduce.eval!([], 'sum', '')).toBe(0);
    expect(Reduce.eval!(null, 'product', '')).toBe(1);
    expect(Reduce.eval!([null, null], 'average', '')).toBeNull();
    expect(Reduce.eval!([], 'min', '')).toBeNull();
    expect(Reduce.eval!([], 'concat', '')).toBe('');
    expect(callNode(Reduce, { array: [1, 2] })).toBe(3); // default operation: sum
  });
  it('a value that is not a number is TYPE_CONVERSION naming the item', () => {
    const e = errorOf(() => Reduce.eval!([1, 'two', 3], 'sum', ''));
    expect(e.code).toBe('TYPE_CONVERSION');
    expect(e.message).toMatch(/item 1/);
    expect(errorOf(() => Reduce.eval!([{}], 'average', '')).code).toBe('TYPE_CONVERSION');
  });
  it('min and max in Sort order (texts by code point, so ISO dates work)', () => {
    expect(Reduce.eval!([5, -2, 9, null], 'min', '')).toBe(-2);
    expect(Reduce.eval!([5, -2, 9, null], 'max', '')).toBe(9);
    expect(Reduce.eval!(['2024-02-01', '2023-12-31', '2024-01-15'], 'max', '')).toBe('2024-02-01');
    expect(Reduce.eval!(['b', 'a'], 'min', '')).toBe('a');
  });
  it('concat: arrays into one array, anything else as text', () => {
    expect(Reduce.eval!([[1], [2, [3]], null], 'concat', '')).toEqual([1, 2, [3]]);
    expect(Reduce.eval!(['a', 1, true, { k: 1 }], 'concat', '')).toBe('a1true{"k":1}');
    expect(Reduce.eval!(people, 'concat', 'name')).toBe('AdaBoCyDi');
    const big = 'x'.repeat(1 << 20);
    expect(errorOf(() => Reduce.eval!(new Array(20).fill(big), 'concat', '')).code).toBe('LIMIT_EXCEEDED');
    const many = new Array(1000).fill(new Array(1001).fill(0));
    expect(errorOf(() => Reduce.eval!(many, 'concat', '')).code).toBe('LIMIT_EXCEEDED');
  });
});

describe('GroupBy', () => {
  it('groups in first-seen order, keys as text, null and missing under ""', () => {
    const out = GroupBy.eval!(people, 'address.city') as Record<string, unknown[]>;
    expect(Object.keys(out)).toEqual(['London', '', 'Paris']);
    expect(out['']).toEqual([people[1], people[2]]);
    expect(GroupBy.eval!([true, 1, '1', [1]], '')).toEqual({ true: [true], 1: [1, '1'], '[1]': [[1]] });
    expect(GroupBy.eval!(null, 'a')).toEqual({});
  });
  it('__proto__ and constructor values become plain own keys; Object.prototype is untouched', () => {
    const rows = [
      { k: '__proto__', v: 1 },
      { k: 'constructor', v: 2 },
      { k: 'toString', v: 3 },
      { k: '__proto__', v: 4 },
    ];
    const out = GroupBy.eval!(rows, 'k') as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')!.value).toEqual([rows[0], rows[3]]);
    expect(out.constructor).toEqual([rows[1]]);
    expect(JSON.stringify(out)).toContain('"__proto__":[');
    expect(({} as Record<string, unknown>).v).toBeUndefined();
    expect(typeof {}.toString).toBe('function');
  });
});
