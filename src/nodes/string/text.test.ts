// The String nodes added for issue 3 (the regular-expression ones are in regex.test.ts).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../runtime/limits.js';
import { callNode, inlineMismatches, codeOf } from '../testing.js';
import { codePointLength, sliceCodePoints, unitOffset } from './text.js';
import StringLength from './StringLength.js';
import Split from './Split.js';
import Join from './Join.js';
import Replace from './Replace.js';
import Substring from './Substring.js';
import Trim from './Trim.js';
import StartsWith from './StartsWith.js';
import EndsWith from './EndsWith.js';
import IndexOf from './IndexOf.js';
import PadStart from './PadStart.js';
import PadEnd from './PadEnd.js';
import Repeat from './Repeat.js';
import Slugify from './Slugify.js';
import SplitLines from './SplitLines.js';
import TruncateString from './TruncateString.js';
import CountOccurrences from './CountOccurrences.js';

const THUMB = '👍'; // one code point, two UTF-16 units
const E_COMBINING = 'e\u0301'; // "é" as e + combining acute: two code points
const MAX = DEFAULT_LIMITS.maxStringLength;

describe('code point helpers', () => {
  it('count, offset and slice by code point, lone surrogates counting once', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength(`a${THUMB}b`)).toBe(3);
    expect(codePointLength('\uD83D')).toBe(1);
    expect(codePointLength('\uDC4D\uD83D')).toBe(2); // reversed halves are two lone surrogates
    expect(unitOffset(`${THUMB}${THUMB}x`, 2)).toBe(4);
    expect(unitOffset('abc', 10)).toBe(3);
    expect(sliceCodePoints(`${THUMB}a${THUMB}`, 1, 3)).toBe(`a${THUMB}`);
    expect(sliceCodePoints('abc', 2, 1)).toBe('');
  });
});

describe('StringLength', () => {
  it('counts code points: emoji once, combining marks separately, null as 0', () => {
    expect(StringLength.eval!(THUMB)).toBe(1);
    expect(StringLength.eval!('👍🏽')).toBe(2); // emoji + skin-tone modifier
    expect(StringLength.eval!(E_COMBINING)).toBe(2);
    expect(StringLength.eval!('é')).toBe(1);
    expect(callNode(StringLength, { value: null })).toBe(0);
    expect(callNode(StringLength, { value: 12345 })).toBe(5);
  });
});

describe('Split / SplitLines / Join', () => {
  it('Split: literal separators, unicode, empty parts kept', () => {
    expect(Split.eval!('a.b.c', '.')).toEqual(['a', 'b', 'c']);
    expect(Split.eval!('a(b)*c', ')*')).toEqual(['a(b', 'c']);
    expect(Split.eval!(`${THUMB}${THUMB}`, '')).toEqual([THUMB, THUMB]);
    expect(Split.eval!(E_COMBINING, '')).toEqual(['e', '\u0301']);
    expect(Split.eval!('', '')).toEqual([]);
    expect(Split.eval!(',', ',')).toEqual(['', '']);
    expect(callNode(Split, { value: 'a,b' })).toEqual(['a', 'b']); // default separator ","
  });
  it('Split past the array limit is LIMIT_EXCEEDED', () => {
    const many = ','.repeat(DEFAULT_LIMITS.maxArrayLength + 5);
    expect(codeOf(() => Split.eval!(many, ','))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => Split.eval!('x'.repeat(DEFAULT_LIMITS.maxArrayLength + 1), ''))).toBe('LIMIT_EXCEEDED');
  });
  it('SplitLines: all line-break styles, no trailing empty line', () => {
    expect(SplitLines.eval!('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(SplitLines.eval!('\n')).toEqual(['']);
    expect(SplitLines.eval!('\n\n')).toEqual(['', '']);
    expect(SplitLines.eval!('no break')).toEqual(['no break']);
    expect(SplitLines.eval!(`${THUMB}\n${E_COMBINING}`)).toEqual([THUMB, E_COMBINING]);
  });
  it('Join: null and empty arrays, null items, nested values, default separator', () => {
    expect(Join.eval!(null, ',')).toBe('');
    expect(callNode(Join, { array: ['a', null, 'b'] })).toBe('a, , b');
    expect(Join.eval!([[1, 2], { __proto__x: 1 }, 1.5, false], ';')).toBe('[1,2];{"__proto__x":1};1.5;false');
    expect(Join.eval!([THUMB, THUMB], '')).toBe(THUMB + THUMB);
    expect(() => callNode(Join, { array: 'abc' })).toThrow(/Array/);
  });
  it('Join past the string limit is LIMIT_EXCEEDED, before building the text', () => {
    const big = 'x'.repeat(1 << 20);
    expect(codeOf(() => Join.eval!(new Array(20).fill(big), ''))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => Join.eval!(new Array(1000).fill(''), 'y'.repeat(20000)))).toBe('LIMIT_EXCEEDED');
  });
});

describe('Replace / CountOccurrences', () => {
  it('replaces every literal occurrence; regex characters and $ are plain text', () => {
    expect(Replace.eval!('a.b.c', '.', '')).toBe('abc');
    expect(Replace.eval!('x+y+z', '+', '$&')).toBe('x$&y$&z');
    expect(Replace.eval!('aaa', '', 'b')).toBe('aaa');
    expect(Replace.eval!(`${THUMB}!${THUMB}`, THUMB, ':+1:')).toBe(':+1:!:+1:');
    expect(Replace.eval!('', 'a', 'b')).toBe('');
    expect(callNode(Replace, { value: null, search: 'a', replacement: 'b' })).toBe('');
  });
  it('a replacement that would pass the string limit is LIMIT_EXCEEDED', () => {
    expect(codeOf(() => Replace.eval!('a'.repeat(1 << 20), 'a', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'))).toBe('LIMIT_EXCEEDED');
  });
  it('CountOccurrences counts without overlap; unicode', () => {
    expect(CountOccurrences.eval!('ababab', 'aba')).toBe(1);
    expect(CountOccurrences.eval!(`${THUMB}a${THUMB}`, THUMB)).toBe(2);
    expect(CountOccurrences.eval!('', 'a')).toBe(0);
  });
});

describe('Substring / IndexOf / TruncateString', () => {
  it('Substring counts code points and never splits a surrogate pair', () => {
    const s = `${THUMB}${THUMB}${THUMB}`;
    expect(Substring.eval!(s, 1, 1)).toBe(THUMB);
    expect(Substring.eval!(s, -1, 5)).toBe(THUMB);
    expect(Substring.eval!('abc', 5, 2)).toBe('');
    expect(Substring.eval!('abc', -10, 2)).toBe('ab');
    expect(Substring.eval!('abc', 0, -1)).toBe('');
    expect(Substring.eval!('abc', 0, 1e15)).toBe('abc');
    expect(callNode(Substring, { value: 'hello', length: 2 })).toBe('he'); // start defaults to 0
    expect(() => callNode(Substring, { value: 'hello', start: 'x', length: 1 })).toThrow(/Integer/);
  });
  it('IndexOf gives code point positions', () => {
    expect(IndexOf.eval!(`${THUMB}${THUMB}x`, 'x')).toBe(2);
    expect(IndexOf.eval!('abc', '')).toBe(0);
    expect(IndexOf.eval!('', 'a')).toBe(-1);
    expect(IndexOf.eval!(`a${E_COMBINING}`, '\u0301')).toBe(2);
  });
  it('TruncateString keeps emoji whole and counts the ellipsis', () => {
    expect(TruncateString.eval!(`${THUMB}${THUMB}${THUMB}${THUMB}`, 3, '…')).toBe(`${THUMB}${THUMB}…`);
    expect(TruncateString.eval!('abcdef', 2, '...')).toBe('..');
    expect(TruncateString.eval!('abcdef', 3, '')).toBe('abc');
    expect(TruncateString.eval!('abc', 0, '…')).toBe('');
    expect(TruncateString.eval!('abc', -5, '…')).toBe('');
  });
});

describe('Trim / StartsWith / EndsWith', () => {
  it('eval and inline agree on whitespace, unicode and empty inputs', () => {
    for (const value of ['', '  a  ', '\t\n\u2028x\u2029', `${THUMB} `, '"quoted"']) {
      expect(inlineMismatches(Trim, { value })).toEqual([]);
      for (const search of ['', ' ', THUMB, '\uD83D', 'x']) {
        expect(inlineMismatches(StartsWith, { value, search })).toEqual([]);
        expect(inlineMismatches(EndsWith, { value, search })).toEqual([]);
      }
    }
    expect(StartsWith.eval!('abc', '')).toBe(true);
    expect(EndsWith.eval!('', '')).toBe(true);
    expect(EndsWith.eval!('', 'a')).toBe(false);
  });
});

describe('PadStart / PadEnd / Repeat', () => {
  it('pads in code points with multi-character and emoji fills', () => {
    expect(PadStart.eval!('7', 3, THUMB)).toBe(`${THUMB}${THUMB}7`);
    expect(PadEnd.eval!(THUMB, 4, 'ab')).toBe(`${THUMB}aba`);
    expect(PadStart.eval!('x', 5, '')).toBe('x');
    expect(PadEnd.eval!('abc', -1, '.')).toBe('abc');
    expect(callNode(PadStart, { value: 'x', length: 3 })).toBe('  x');
  });
  it('a padded length past the string limit is LIMIT_EXCEEDED', () => {
    expect(codeOf(() => PadStart.eval!('x', MAX + 1, ' '))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => PadEnd.eval!('x', 2 ** 31, 'ab'))).toBe('LIMIT_EXCEEDED');
  });
  it('Repeat: zero, empty, negative, and huge counts', () => {
    expect(Repeat.eval!('ab', 0)).toBe('');
    expect(Repeat.eval!('', 1e9)).toBe('');
    expect(Repeat.eval!(THUMB, 2)).toBe(THUMB + THUMB);
    expect(codeOf(() => Repeat.eval!('a', -1))).toBe('NODE_ERROR');
    expect(codeOf(() => Repeat.eval!('ab', MAX))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => Repeat.eval!('a', 2 ** 40))).toBe('LIMIT_EXCEEDED');
    expect(Repeat.eval!('a', MAX)).toHaveLength(MAX);
  });
});

describe('Slugify', () => {
  it('strips accents and combining marks, keeps other scripts, collapses separators', () => {
    expect(Slugify.eval!(`Caf${E_COMBINING} ${THUMB} Bar`)).toBe('cafe-bar');
    expect(Slugify.eval!('---')).toBe('');
    expect(Slugify.eval!('')).toBe('');
    expect(Slugify.eval!('Ｆｕｌｌ　ｗｉｄｔｈ')).toBe('full-width');
    expect(Slugify.eval!('__proto__ constructor')).toBe('proto-constructor');
  });
});

describe('Slugify on large texts', () => {
  it('chunks long texts with the same result, and bounds expansion', () => {
    const unit = `Crème ${THUMB} Brûlée -- ${E_COMBINING}! `;
    const long = unit.repeat(Math.ceil(200_000 / unit.length));
    const expected = Slugify.eval!(unit) as string;
    const out = Slugify.eval!(long) as string;
    expect(
      out
        .split('-')
        .filter((w) => w !== '')
        .join('-'),
    ).toBe(out);
    expect(out.startsWith(`${expected}-${expected}`)).toBe(true);
    expect(out.endsWith(expected)).toBe(true);
    // U+FDFA decomposes into 18 characters: 1M of them would pass the string limit.
    expect(codeOf(() => Slugify.eval!('\uFDFA'.repeat(1_000_000)))).toBe('LIMIT_EXCEEDED');
  });
});
