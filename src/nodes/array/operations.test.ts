// The positional Array nodes of issue 3: empty and null arrays, holes, limits, no mutation.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../runtime/limits.js';
import { callNode, inlineMismatches, codeOf } from '../testing.js';
import First from './First.js';
import Last from './Last.js';
import Slice from './Slice.js';
import ArrayConcat from './ArrayConcat.js';
import IndexOfItem from './IndexOfItem.js';
import Reverse from './Reverse.js';
import Unique from './Unique.js';
import Flatten from './Flatten.js';
import Range from './Range.js';
import Chunk from './Chunk.js';
import Take from './Take.js';
import Skip from './Skip.js';
import Zip from './Zip.js';
import Shuffle from './Shuffle.js';
import ArrayIsEmpty from './ArrayIsEmpty.js';

const MAX = DEFAULT_LIMITS.maxArrayLength;
const data = (json: string) => JSON.parse(json) as unknown;

describe('First / Last / ArrayIsEmpty', () => {
  it('eval and inline agree on empty, null, holes and null items', () => {
    for (const array of [[], null, [null], new Array(3), [0, 1], ['a'], [undefined, 'x']]) {
      expect(inlineMismatches(First, { array })).toEqual([]);
      expect(inlineMismatches(Last, { array })).toEqual([]);
      expect(inlineMismatches(ArrayIsEmpty, { array })).toEqual([]);
    }
    expect(First.eval!([0, 1])).toBe(0);
    expect(Last.eval!([false])).toBe(false);
    expect(First.eval!(new Array(2))).toBeNull();
    expect(ArrayIsEmpty.eval!(null)).toBe(true);
    expect(() => callNode(First, { array: 'abc' })).toThrow(/Array/);
  });
});

describe('Slice / Take / Skip', () => {
  const a = [0, 1, 2, 3, 4];
  it('JavaScript slice positions, end null = to the end', () => {
    expect(Slice.eval!(a, 1, null)).toEqual([1, 2, 3, 4]);
    expect(Slice.eval!(a, -2, null)).toEqual([3, 4]);
    expect(Slice.eval!(a, 1, -1)).toEqual([1, 2, 3]);
    expect(Slice.eval!(a, 3, 1)).toEqual([]);
    expect(Slice.eval!(a, -100, 100)).toEqual(a);
    expect(Slice.eval!(null, 0, null)).toEqual([]);
    expect(callNode(Slice, { array: a })).toEqual(a);
    expect(callNode(Slice, { array: a, end: '2' })).toEqual([0, 1]); // end converts like an Integer pin
    expect(callNode(Slice, { array: a, end: 2.9 })).toEqual([0, 1]);
    expect(codeOf(() => callNode(Slice, { array: a, end: 'x' }))).toBe('TYPE_CONVERSION');
    expect(codeOf(() => callNode(Slice, { array: a, end: {} }))).toBe('TYPE_CONVERSION');
  });
  it('never mutates or returns the input array', () => {
    const out = Slice.eval!(a, 0, null) as unknown[];
    expect(out).not.toBe(a);
    expect(Take.eval!(a, 2)).toEqual([0, 1]);
    expect(Take.eval!(a, -1)).toEqual([]);
    expect(Skip.eval!(a, -1)).toEqual(a);
    expect(Skip.eval!(a, 4)).toEqual([4]);
    expect(Take.eval!(null, 3)).toEqual([]);
    expect(a).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('ArrayConcat / Reverse / Zip / Chunk', () => {
  it('null counts as empty; nested arrays stay nested', () => {
    expect(ArrayConcat.eval!(null, null)).toEqual([]);
    expect(ArrayConcat.eval!([[1]], [[2]])).toEqual([[1], [2]]);
    expect(Reverse.eval!(null)).toEqual([]);
    const input = [1, 2];
    expect(Reverse.eval!(input)).toEqual([2, 1]);
    expect(input).toEqual([1, 2]);
    expect(Zip.eval!(null, [1])).toEqual([]);
    expect(Zip.eval!([1, null], ['a', 'b'])).toEqual([
      [1, 'a'],
      [null, 'b'],
    ]);
  });
  it('ArrayConcat past the array limit is LIMIT_EXCEEDED', () => {
    const half = new Array(MAX / 2 + 1).fill(0);
    expect(codeOf(() => ArrayConcat.eval!(half, half))).toBe('LIMIT_EXCEEDED');
  });
  it('Chunk: sizes below 1 are errors; huge sizes give one chunk', () => {
    expect(codeOf(() => Chunk.eval!([1], 0))).toBe('NODE_ERROR');
    expect(codeOf(() => Chunk.eval!([1], -3))).toBe('NODE_ERROR');
    expect(Chunk.eval!([1, 2, 3], 1e12)).toEqual([[1, 2, 3]]);
    expect(Chunk.eval!(null, 2)).toEqual([]);
  });
});

describe('IndexOfItem / Unique (deep equality)', () => {
  it('finds by deep equality without coercion', () => {
    expect(
      IndexOfItem.eval!(
        [
          [1, [2]],
          [1, [3]],
        ],
        [1, [3]],
      ),
    ).toBe(1);
    expect(IndexOfItem.eval!([{ a: 1, b: 2 }], { b: 2, a: 1 })).toBe(0);
    expect(IndexOfItem.eval!([NaN], NaN)).toBe(0);
    expect(IndexOfItem.eval!([null], null)).toBe(0);
    expect(IndexOfItem.eval!([0], false)).toBe(-1);
    expect(IndexOfItem.eval!(null, 1)).toBe(-1);
    expect(IndexOfItem.eval!([], undefined)).toBe(-1);
  });
  it('Unique agrees with deep equality on tricky values', () => {
    const items = [
      0,
      -0,
      NaN,
      NaN,
      '0',
      null,
      undefined,
      false,
      'false',
      [1, '1'],
      [1, 1],
      [1, '1'],
      { a: [1] },
      { a: ['1'] },
      { a: [1] },
      new Uint8Array([1, 2]),
      new Uint8Array([1, 2]),
      'a,b',
      ['a', 'b'],
      ['a,b'],
      { 'a:': 1 },
      { a: ':1' },
    ];
    const out = Unique.eval!(items) as unknown[];
    expect(out).toEqual([
      0,
      NaN,
      '0',
      null,
      false,
      'false',
      [1, '1'],
      [1, 1],
      { a: [1] },
      { a: ['1'] },
      new Uint8Array([1, 2]),
      'a,b',
      ['a', 'b'],
      ['a,b'],
      { 'a:': 1 },
      { a: ':1' },
    ]);
    expect(Unique.eval!(null)).toEqual([]);
  });
  it('Unique keeps __proto__ keys as data and is fast on large arrays', () => {
    const o = data('{"__proto__": {"x": 1}}');
    expect(Unique.eval!([o, data('{"__proto__": {"x": 1}}'), {}])).toEqual([o, {}]);
    const big = Array.from({ length: 200_000 }, (_, i) => ({ id: i % 1000 }));
    const t0 = performance.now();
    expect(Unique.eval!(big)).toHaveLength(1000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('Flatten', () => {
  it('depth 0 copies; negative depth copies; holes become null', () => {
    expect(Flatten.eval!([[1], [2]], 0)).toEqual([[1], [2]]);
    expect(Flatten.eval!([[1], [2]], -5)).toEqual([[1], [2]]);
    expect(Flatten.eval!([new Array(2)], 1)).toEqual([null, null]);
    expect(Flatten.eval!(null, 1)).toEqual([]);
    expect(callNode(Flatten, { array: [[1, [2]]] })).toEqual([1, [2]]);
  });
  it('deep nesting does not overflow the stack', () => {
    let deep: unknown = [42];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(Flatten.eval!([deep], 1e9)).toEqual([42]);
  });
  it('a shared array repeated past the limit is LIMIT_EXCEEDED before building it all', () => {
    const big = new Array(1000).fill(0);
    const t0 = performance.now();
    expect(codeOf(() => Flatten.eval!(new Array(1002).fill(big), 1))).toBe('LIMIT_EXCEEDED');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('Range', () => {
  it('counts up and down, end exclusive, step 0 an error', () => {
    expect(Range.eval!(0, 3, 1)).toEqual([0, 1, 2]);
    expect(Range.eval!(3, 0, -1)).toEqual([3, 2, 1]);
    expect(Range.eval!(0, 10, 4)).toEqual([0, 4, 8]);
    expect(Range.eval!(5, 0, 1)).toEqual([]);
    expect(Range.eval!(0, 5, -1)).toEqual([]);
    expect(Range.eval!(-2, 1, 1)).toEqual([-2, -1, 0]);
    expect(codeOf(() => Range.eval!(0, 5, 0))).toBe('NODE_ERROR');
  });
  it('the array limit applies before allocating', () => {
    expect(Range.eval!(0, MAX, 1)).toHaveLength(MAX);
    expect(codeOf(() => Range.eval!(0, MAX + 1, 1))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => Range.eval!(-(2 ** 52), 2 ** 52, 1))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => callNode(Range, { end: 'many' }))).toBe('TYPE_CONVERSION');
  });
});

describe('Shuffle', () => {
  it('is a permutation, leaves the input alone, and is never folded', () => {
    const input = Array.from({ length: 100 }, (_, i) => i);
    const out = Shuffle.eval!(input) as number[];
    expect(out).not.toBe(input);
    expect([...out].sort((x, y) => x - y)).toEqual(input);
    expect(input[0]).toBe(0);
    expect(Shuffle.deterministic).toBe(false);
    expect(Shuffle.eval!(null)).toEqual([]);
  });
});
