import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { callNode, examplesOf, inlineMismatches, runExample } from '../testing.js';
import Add from './Add.js';
import Subtract from './Subtract.js';
import Multiply from './Multiply.js';
import Divide from './Divide.js';
import Modulo from './Modulo.js';
import Power from './Power.js';
import AbsoluteValue from './AbsoluteValue.js';
import Negate from './Negate.js';
import Round from './Round.js';
import Floor from './Floor.js';
import Ceil from './Ceil.js';
import Min from './Min.js';
import Max from './Max.js';
import Clamp from './Clamp.js';
import Lerp from './Lerp.js';
import MapRange from './MapRange.js';
import Random from './Random.js';
import RandomInteger from './RandomInteger.js';
import SquareRoot from './SquareRoot.js';
import NaturalLog from './NaturalLog.js';
import Exp from './Exp.js';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('math examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
  it('every node is pure, labelled and described; only Random* are nondeterministic', () => {
    for (const d of defs) {
      expect(d.execIn).toBe(false);
      expect(d.execOut).toEqual([]);
      expect(d.category).toBe('Math');
      expect(d.label.length).toBeGreaterThan(0);
      expect(d.description).toMatch(/\.$/);
      expect(d.deterministic).toBe(!['Random', 'RandomInteger'].includes(d.type));
    }
  });
});

describe('arithmetic', () => {
  it('Add/Subtract/Multiply with specials', () => {
    expect(Add.eval!(Infinity, -Infinity)).toBeNaN();
    expect(Subtract.eval!(0.3, 0.1)).toBeCloseTo(0.2);
    expect(Multiply.eval!(Infinity, 0)).toBeNaN();
    expect(Multiply.eval!(1e308, 10)).toBe(Infinity);
    expect(callNode(Multiply, {})).toBe(1);
  });
  it('inline agrees with eval on NaN, Infinity and negatives', () => {
    for (const [a, b] of [
      [NaN, 1],
      [Infinity, -Infinity],
      [-3, -4],
      [0, -0],
      [1e308, 1e308],
    ]) {
      for (const d of [Add, Subtract, Multiply]) expect(inlineMismatches(d, { a, b })).toEqual([]);
      expect(inlineMismatches(Negate, { value: a })).toEqual([]);
    }
  });
  it('Divide by zero (and -0) is DIVISION_BY_ZERO', () => {
    for (const b of [0, -0]) {
      const e = thrown(() => Divide.eval!(1, b));
      expect(e).toBeInstanceOf(DragopsError);
      expect((e as DragopsError).code).toBe('DIVISION_BY_ZERO');
    }
    expect((thrown(() => Divide.eval!(0, 0)) as DragopsError).code).toBe('DIVISION_BY_ZERO');
    expect(Divide.eval!(1, Infinity)).toBe(0);
    expect(Divide.eval!(NaN, 2)).toBeNaN();
    expect(Divide.safe).toBe(false);
  });
  it('Modulo by zero is DIVISION_BY_ZERO; sign follows the dividend', () => {
    expect((thrown(() => Modulo.eval!(5, 0)) as DragopsError).code).toBe('DIVISION_BY_ZERO');
    expect(Modulo.eval!(7, -3)).toBe(1);
    expect(Modulo.eval!(-7, -3)).toBe(-1);
    expect(Modulo.eval!(Infinity, 3)).toBeNaN();
    expect(Modulo.eval!(5, Infinity)).toBe(5);
  });
  it('Power', () => {
    expect(Power.eval!(0, 0)).toBe(1);
    expect(Power.eval!(-8, 1 / 3)).toBeNaN();
    expect(Power.eval!(10, 400)).toBe(Infinity);
  });
  it('AbsoluteValue and Negate', () => {
    expect(AbsoluteValue.eval!(-Infinity)).toBe(Infinity);
    expect(AbsoluteValue.eval!(NaN)).toBeNaN();
    expect(Negate.eval!(-Infinity)).toBe(Infinity);
  });
});

describe('rounding', () => {
  it('Round halves away from zero', () => {
    expect(Round.eval!(0.5, 0)).toBe(1);
    expect(Round.eval!(-0.5, 0)).toBe(-1);
    expect(Round.eval!(-2.5, 0)).toBe(-3);
    expect(Round.eval!(2.4999, 0)).toBe(2);
  });
  it('Round works on the decimal value (no binary artefacts)', () => {
    expect(Round.eval!(1.005, 2)).toBe(1.01);
    expect(Round.eval!(8.345, 2)).toBe(8.35);
    expect(Round.eval!(0.1 + 0.2, 10)).toBe(0.3);
    expect(Round.eval!(1234.5678, -2)).toBe(1200);
    expect(Round.eval!(1250, -2)).toBe(1300);
    expect(Round.eval!(3.14159, 3)).toBe(3.142);
  });
  it('Round handles tiny, huge and special values', () => {
    expect(Round.eval!(1e-7, 8)).toBe(1e-7);
    expect(Round.eval!(1.5e-7, 7)).toBe(2e-7);
    expect(Round.eval!(1e21, 2)).toBe(1e21);
    expect(Round.eval!(5e-324, 400)).toBe(5e-324);
    expect(Round.eval!(123.456, 1e9)).toBe(123.456);
    expect(Round.eval!(123.456, -1e9)).toBe(0);
    expect(Round.eval!(NaN, 2)).toBeNaN();
    expect(Round.eval!(-Infinity, 2)).toBe(-Infinity);
    expect(Object.is(Round.eval!(-0.4, 0), 0)).toBe(true);
  });
  it('Floor and Ceil never give -0', () => {
    expect(Object.is(Ceil.eval!(-0.5), 0)).toBe(true);
    expect(Object.is(Floor.eval!(-0), 0)).toBe(true);
    expect(Floor.eval!(Infinity)).toBe(Infinity);
    expect(Ceil.eval!(NaN)).toBeNaN();
  });
});

describe('ranges', () => {
  it('Min and Max propagate NaN', () => {
    expect(Min.eval!(NaN, 1)).toBeNaN();
    expect(Max.eval!(-Infinity, -1e308)).toBe(-1e308);
  });
  it('Clamp', () => {
    expect(Clamp.eval!(5, 0, 10)).toBe(5);
    expect(Clamp.eval!(20, 10, 0)).toBe(10);
    expect(Clamp.eval!(NaN, 0, 1)).toBeNaN();
    expect(Clamp.eval!(Infinity, 0, 1)).toBe(1);
    expect(Clamp.eval!(-Infinity, 0, 1)).toBe(0);
  });
  it('Lerp hits the end points exactly and extrapolates', () => {
    expect(Lerp.eval!(0.1, 0.7, 1)).toBe(0.7);
    expect(Lerp.eval!(0.1, 0.7, 0)).toBe(0.1);
    expect(Lerp.eval!(0, 10, -1)).toBe(-10);
    expect(Lerp.eval!(0, 10, NaN)).toBeNaN();
  });
  it('MapRange: reversed ranges, empty input range', () => {
    expect(MapRange.eval!(0.5, 0, 1, -1, 1)).toBe(0);
    expect(MapRange.eval!(7, 3, 3, 10, 20)).toBe(10);
    expect(MapRange.eval!(-5, 0, 10, 0, 100)).toBe(-50);
  });
});

describe('random', () => {
  it('Random is in [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const r = Random.eval!() as number;
      expect(r >= 0 && r < 1).toBe(true);
    }
    expect(Random.deterministic).toBe(false);
  });
  it('RandomInteger is inclusive and whole, bounds in either order', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const r = RandomInteger.eval!(3, 1) as number;
      expect(Number.isInteger(r) && r >= 1 && r <= 3).toBe(true);
      seen.add(r);
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(RandomInteger.eval!(-2, -2)).toBe(-2);
  });
  it('RandomInteger stays within huge bounds', () => {
    for (let i = 0; i < 100; i++) {
      const r = RandomInteger.eval!(-1e308, 1e308) as number;
      expect(Number.isFinite(r) && r >= -1e308 && r <= 1e308).toBe(true);
    }
  });
});

describe('functions', () => {
  it('follow IEEE 754 at the edges', () => {
    expect(SquareRoot.eval!(-1)).toBeNaN();
    expect(SquareRoot.eval!(Infinity)).toBe(Infinity);
    expect(NaturalLog.eval!(0)).toBe(-Infinity);
    expect(NaturalLog.eval!(-1)).toBeNaN();
    expect(Exp.eval!(1000)).toBe(Infinity);
    expect(Exp.eval!(-Infinity)).toBe(0);
  });
});
