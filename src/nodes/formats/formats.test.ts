import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { callNode, examplesOf, inlineMismatches, runExample } from '../testing.js';
import { locateJsonError } from './json.js';
import ParseJSON from './ParseJSON.js';
import StringifyJSON from './StringifyJSON.js';

const error = (f: () => unknown): DragopsError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DragopsError);
    return e as DragopsError;
  }
  throw new Error('expected a DragopsError');
};

describe('formats examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
});

describe('ParseJSON', () => {
  it('parses every JSON value', () => {
    expect(ParseJSON.eval!('0')).toBe(0);
    expect(ParseJSON.eval!('-1.5e3')).toBe(-1500);
    expect(ParseJSON.eval!('true')).toBe(true);
    expect(ParseJSON.eval!('null')).toBeNull();
    expect(ParseJSON.eval!('"\\u00fc\\ud83d\\udc4d"')).toBe('ü👍');
    expect(ParseJSON.eval!('\n [ {} , [ ] ]\t')).toEqual([{}, []]);
    expect(ParseJSON.eval!('\ufeff{"bom": 1}')).toEqual({ bom: 1 });
  });
  it('__proto__ and constructor keys are plain own data', () => {
    const v = ParseJSON.eval!('{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect((v as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
  it.each([
    ['', 0, 'unexpected end of input'],
    ['   ', 3, 'unexpected end of input'],
    ['{"a":}', 5, 'unexpected "}", expected a value'],
    ['{"a":1', 6, "unexpected end of input, expected ',' or '}'"],
    ['{"a" 1}', 5, "expected ':'"],
    ['{a:1}', 1, 'expected a property name in double quotes'],
    ["{'a':1}", 1, 'expected a property name'],
    ['[1,2,]', 5, 'unexpected "]", expected a value'],
    ['[1 2]', 3, "expected ',' or ']'"],
    ['{"a":1}}', 7, 'after the end of the JSON value'],
    ['"abc', 4, 'unterminated string'],
    ['"a\\x"', 2, 'invalid escape'],
    ['"a\nb"', 2, 'control character'],
    ['01', 1, 'after the end'],
    ['-', 0, 'invalid number'],
    ['1.', 1, 'after the end'],
    ['NaN', 0, 'unexpected "N"'],
    ['undefined', 0, 'unexpected "u"'],
    ['tru', 0, 'unexpected "t"'],
    ['{"a":1,}', 7, 'expected a property name'],
    ['[👍]', 1, 'unexpected "👍"'],
  ])('invalid %j: NODE_ERROR at position %d (%s)', (text, position, reason) => {
    const e = error(() => ParseJSON.eval!(text));
    expect(e.code).toBe('NODE_ERROR');
    expect(e.message).toContain(`invalid JSON at position ${position} `);
    expect(e.message).toContain(reason);
    expect(() => JSON.parse(text)).toThrow();
  });
  it('reports line and column', () => {
    const e = error(() => ParseJSON.eval!('{\n  "a": 1,\n  "b": ?\n}'));
    expect(e.message).toMatch(/line 3, column 8/);
    expect(e.details).toEqual({ position: 19, line: 3, column: 8 });
  });
  it('the locator accepts what JSON.parse accepts, also deep nesting without recursion', () => {
    for (const ok of ['{"a":[1,-0.5e-3,true,false,null,"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041"]}', ' {} ', '[[[]]]', '"\ud800"']) {
      expect(locateJsonError(ok)).toBeNull();
      expect(() => JSON.parse(ok)).not.toThrow();
    }
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(locateJsonError(deep)).toBeNull();
    expect(locateJsonError('['.repeat(200_000))?.reason).toMatch(/end of input/);
  });
});

describe('StringifyJSON', () => {
  it('compact and pretty', () => {
    expect(StringifyJSON.eval!({ a: { b: [] } }, false)).toBe('{"a":{"b":[]}}');
    expect(StringifyJSON.eval!({ a: 1 }, true)).toBe('{\n  "a": 1\n}');
    expect(callNode(StringifyJSON, { value: { a: 1 } })).toBe('{"a":1}');
  });
  it('null, undefined, NaN, Infinity, unicode, binary, __proto__', () => {
    expect(StringifyJSON.eval!(null, false)).toBe('null');
    expect(StringifyJSON.eval!(undefined, false)).toBe('null');
    expect(StringifyJSON.eval!([NaN, Infinity, -0], false)).toBe('[null,null,0]');
    expect(StringifyJSON.eval!('ü👍\u2028"', false)).toBe('"ü👍\u2028\\""');
    expect(StringifyJSON.eval!({ b: new Uint8Array([1, 2, 3]) }, false)).toBe('{"b":"AQID"}');
    expect(StringifyJSON.eval!(new Uint8Array([]), false)).toBe('""');
    expect(StringifyJSON.eval!(JSON.parse('{"__proto__": {"x": 1}}'), false)).toBe('{"__proto__":{"x":1}}');
  });
  it('round-trips with ParseJSON', () => {
    const v = { s: 'ünï', n: [1, 2.5, -3e-7], o: { t: true, z: null }, e: '' };
    expect(ParseJSON.eval!(StringifyJSON.eval!(v, true) as string)).toEqual(v);
  });
  it('a circular value is a DragopsError, not a crash', () => {
    const a: unknown[] = [];
    a.push({ back: a });
    const e = error(() => StringifyJSON.eval!(a, false));
    expect(e.code).toBe('NODE_ERROR');
    expect(e.message).toMatch(/circular/);
  });
  it('a too deeply nested value is a DragopsError', () => {
    let deep: unknown = null;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    const e = error(() => StringifyJSON.eval!(deep, false));
    expect(e.code).toBe('NODE_ERROR');
  });
});
