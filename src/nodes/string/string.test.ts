import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { callNode, examplesOf, inlineMismatches, runExample } from '../testing.js';
import Concat from './Concat.js';
import ToUpper from './ToUpper.js';
import ToLower from './ToLower.js';
import Format from './Format.js';

const fmt = (template: string, values: unknown) => Format.eval!(template, values);

describe('string examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
    expect(inlineMismatches(def, ex.inputs, ex.config)).toEqual([]);
  });
});

describe('Concat / ToUpper / ToLower', () => {
  const texts = ['', 'abc', 'ünï 👍', 'straße', 'İ', '\u2028', '"quoted"'];
  it('eval and inline agree on empty strings and unicode', () => {
    for (const a of texts) {
      expect(inlineMismatches(ToUpper, { value: a })).toEqual([]);
      expect(inlineMismatches(ToLower, { value: a })).toEqual([]);
      for (const b of texts) expect(inlineMismatches(Concat, { a, b })).toEqual([]);
    }
    expect(Concat.eval!('', '')).toBe('');
    expect(Concat.eval!('👍', '🏽')).toBe('👍🏽');
    expect(ToUpper.eval!('ß')).toBe('SS');
    expect(ToLower.eval!('ΣΑΣ')).toBe('σας');
  });
  it('non-string inputs are converted at the pin (numbers, booleans, null)', () => {
    expect(callNode(Concat, { a: 1, b: true })).toBe('1true');
    expect(callNode(Concat, { a: null, b: 'x' })).toBe('x');
    expect(callNode(ToUpper, { value: null })).toBe('');
  });
});

describe('Format', () => {
  it('keys, paths, array indexes and whitespace inside braces', () => {
    expect(fmt('{a}-{b.c}-{list.1}-{ a }', { a: 1, b: { c: 'x' }, list: ['p', 'q'] })).toBe('1-x-q-1');
  });
  it('missing paths and null values are empty; objects become JSON; booleans text', () => {
    expect(fmt('[{nope}][{n}][{o}][{t}]', { n: null, o: { k: [1] }, t: false })).toBe('[][][{"k":[1]}][false]');
    expect(fmt('{a}{b}', null)).toBe('');
  });
  it('{{ and }} escape braces; lone or unclosed braces stay as written', () => {
    expect(fmt('{{a}}', { a: 1 })).toBe('{a}');
    expect(fmt('{{{a}}}', { a: 1 })).toBe('{1}');
    expect(fmt('a { b', { b: 1 })).toBe('a { b');
    expect(fmt('a } b', {})).toBe('a } b');
    expect(fmt('{a{b}', { b: 2 })).toBe('{a2');
    expect(fmt('}}{{', {})).toBe('}{');
  });
  it('an empty placeholder is the whole values object (empty path = the item itself)', () => {
    expect(fmt('{}', { a: 1 })).toBe('{"a":1}');
  });
  it('prototype names are plain data', () => {
    expect(fmt('[{constructor}][{__proto__}][{toString}][{a.constructor.name}]', { a: {} })).toBe('[][][][]');
    expect(fmt('{__proto__.x}|{constructor}', JSON.parse('{"__proto__": {"x": "own"}, "constructor": "c"}'))).toBe('own|c');
  });
  it('unicode in templates, keys and values; replacement patterns are not special', () => {
    expect(fmt('héllo {名前} 👍', { 名前: 'wörld' })).toBe('héllo wörld 👍');
    expect(fmt('{a}', { a: '$& $1 $$' })).toBe('$& $1 $$');
  });
  it('binary values are base64', () => {
    expect(fmt('{b}', { b: new Uint8Array([104, 105]) })).toBe('aGk=');
  });
  it('a result past the string limit is LIMIT_EXCEEDED, not a crash', () => {
    const big = 'x'.repeat(1024 * 1024);
    try {
      fmt('{a}'.repeat(20), { a: big });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DragopsError);
      expect((e as DragopsError).code).toBe('LIMIT_EXCEEDED');
    }
  });
  it('values default to {}', () => {
    expect(callNode(Format, { template: 'plain {x}' })).toBe('plain ');
  });
});
