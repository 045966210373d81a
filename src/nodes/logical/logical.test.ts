import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { examplesOf, inlineMismatches, runExample } from '../testing.js';
import And from './And.js';
import Or from './Or.js';
import Not from './Not.js';
import Select from './Select.js';
import Coalesce from './Coalesce.js';
import Xor from './Xor.js';
import Nand from './Nand.js';

describe('logical examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
  it('all are pure, safe and inlined', () => {
    for (const d of defs) {
      expect(d.execOut).toEqual([]);
      expect(d.safe).toBe(true);
      expect(d.inline).toBeTypeOf('function');
      expect(d.category).toBe('Logical');
    }
  });
});

describe('truth tables', () => {
  it('And / Or / Not / Xor / Nand, eval and inline', () => {
    for (const a of [false, true]) {
      expect(Not.eval!(a)).toBe(!a);
      expect(inlineMismatches(Not, { value: a })).toEqual([]);
      for (const b of [false, true]) {
        expect(And.eval!(a, b)).toBe(a && b);
        expect(Or.eval!(a, b)).toBe(a || b);
        expect(inlineMismatches(And, { a, b })).toEqual([]);
        expect(inlineMismatches(Or, { a, b })).toEqual([]);
        expect(Xor.eval!(a, b)).toBe(a !== b);
        expect(Nand.eval!(a, b)).toBe(!(a && b));
        expect(inlineMismatches(Xor, { a, b })).toEqual([]);
        expect(inlineMismatches(Nand, { a, b })).toEqual([]);
      }
    }
  });
  it('pins convert like the compiler does ("yes" is true, 0 is false)', () => {
    expect(runExample(And, { inputs: { a: 'yes', b: 1 }, output: true })).toBe(true);
    expect(runExample(Or, { inputs: { a: 0, b: '' }, output: false })).toBe(false);
  });
});

describe('Select', () => {
  it('passes values through by identity, null included', () => {
    const o = { deep: [1] };
    expect(Select.eval!(true, o, null)).toBe(o);
    expect(Select.eval!(false, o, null)).toBeNull();
    for (const condition of [true, false]) {
      expect(inlineMismatches(Select, { condition, ifTrue: [1, { a: 2 }], ifFalse: null })).toEqual([]);
    }
  });
});

describe('Coalesce', () => {
  it('only null/undefined fall through; falsy values stay', () => {
    expect(Coalesce.eval!(0, 1)).toBe(0);
    expect(Coalesce.eval!('', 'x')).toBe('');
    expect(Coalesce.eval!(false, true)).toBe(false);
    expect(Coalesce.eval!(NaN, 1)).toBeNaN();
    expect(Coalesce.eval!(undefined, 'b')).toBe('b');
    expect(Coalesce.eval!(null, undefined)).toBeNull();
    expect(Coalesce.eval!(undefined, undefined)).toBeNull();
    for (const [a, b] of [
      [null, 1],
      [0, 1],
      [null, null],
      [undefined, undefined],
      [{ a: 1 }, 2],
    ]) {
      expect(inlineMismatches(Coalesce, { a, b })).toEqual([]);
    }
  });
});
