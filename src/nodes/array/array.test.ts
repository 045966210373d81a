import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { examplesOf, inlineMismatches, runExample } from '../testing.js';
import ArrayLength from './ArrayLength.js';
import GetItem from './GetItem.js';

describe('array examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
});

describe('ArrayLength', () => {
  it('counts items, including nulls and holes; null is 0', () => {
    for (const array of [[], [null, null], new Array(5), null]) {
      expect(ArrayLength.eval!(array)).toBe(array === null ? 0 : array.length);
      expect(inlineMismatches(ArrayLength, { array })).toEqual([]);
    }
    expect(ArrayLength.eval!(undefined)).toBe(0);
  });
});

describe('GetItem', () => {
  const arr = ['a', 'b', 'c'];
  it.each([
    [0, 'a'],
    [2, 'c'],
    [3, null],
    [-1, 'c'],
    [-3, 'a'],
    [-4, null],
    [1e9, null],
    [-1e9, null],
  ])('index %d → %j', (index, expected) => {
    expect(GetItem.eval!(arr, index)).toBe(expected);
  });
  it('null array, empty array, holes and null items give null', () => {
    expect(GetItem.eval!(null, 0)).toBeNull();
    expect(GetItem.eval!([], 0)).toBeNull();
    expect(GetItem.eval!([], -1)).toBeNull();
    expect(GetItem.eval!(new Array(3), 1)).toBeNull();
    expect(GetItem.eval!([null], 0)).toBeNull();
  });
  it('returns items by identity', () => {
    const o = { x: 1 };
    expect(GetItem.eval!([o], -1)).toBe(o);
  });
  it('a Float index truncates at the Integer pin', () => {
    expect(runExample(GetItem, { inputs: { array: arr, index: 1.9 }, output: 'b' })).toBe('b');
    expect(runExample(GetItem, { inputs: { array: arr, index: -1.5 }, output: 'c' })).toBe('c');
  });
});
