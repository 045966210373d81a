import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { examplesOf, inlineMismatches, runExample } from '../testing.js';
import ToString from './ToString.js';

describe('conversion examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
});

describe('ToString', () => {
  it('scalars, specials, unicode', () => {
    expect(ToString.eval!('')).toBe('');
    expect(ToString.eval!('ünï 👍')).toBe('ünï 👍');
    expect(ToString.eval!(NaN)).toBe('NaN');
    expect(ToString.eval!(-Infinity)).toBe('-Infinity');
    expect(ToString.eval!(1e21)).toBe('1e+21');
    expect(ToString.eval!(false)).toBe('false');
    expect(ToString.eval!(undefined)).toBe('');
  });
  it('containers as JSON (binary as base64, __proto__ as a plain key)', () => {
    expect(ToString.eval!([1, 'a', null])).toBe('[1,"a",null]');
    expect(ToString.eval!({ b: new Uint8Array([1, 2, 3]) })).toBe('{"b":"AQID"}');
    expect(ToString.eval!(new Uint8Array([104, 105]))).toBe('aGk=');
    expect(ToString.eval!(JSON.parse('{"__proto__": 1}'))).toBe('{"__proto__":1}');
  });
  it('a circular value is a DragopsError, not a crash', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    try {
      ToString.eval!(o);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DragopsError);
      expect((e as DragopsError).code).toBe('NODE_ERROR');
      expect((e as Error).message).toMatch(/circular/);
    }
  });
});
