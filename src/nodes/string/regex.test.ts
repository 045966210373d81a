// RegexMatch and RegexReplace: JavaScript semantics where RE2 can express them, clear errors where it
// cannot, and no way for a pattern to stall the engine (issue 3, point 3).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RE2JS } from 're2js';
import { DragopsError } from '../../errors/error.js';
import { DEFAULT_LIMITS } from '../../runtime/limits.js';
import { callNode, configOf, instanceOf, errorOf } from '../testing.js';
import type { PinSpec } from '../define.js';
import { pattern, run } from '../../../test/helpers.js';
import { estimateSize, MAX_PROGRAM_SIZE } from './regex.js';
import RegexMatch from './RegexMatch.js';
import RegexReplace from './RegexReplace.js';

type MatchOut = { matched: boolean; groups: unknown[]; named: Record<string, unknown> };

/** A fresh node instance (with its own cache), as generated code gets from `make`. */
const matcher = () => RegexMatch.make!(configOf(RegexMatch), instanceOf(RegexMatch, {})) as (v: string, p: string, f: string) => MatchOut;
const replacer = () => RegexReplace.make!(configOf(RegexReplace), instanceOf(RegexReplace, {})) as (v: string, p: string, r: string, f: string) => string;
const match = (value: string, p: string, flags = '') => matcher()(value, p, flags);
const replace = (value: string, p: string, replacement: string, flags = '') => replacer()(value, p, replacement, flags);

const EVIL = 'a'.repeat(50_000) + '!';

describe('hostile patterns cannot stall the engine', () => {
  it('(a+)+$ against 50,000 "a"s and a "!" finishes in well under a second', () => {
    const t0 = performance.now();
    expect(match(EVIL, '(a+)+$')).toEqual({ matched: false, groups: [], named: {} });
    expect(match(EVIL, '(a+)+$', 'g')).toEqual({ matched: false, groups: [], named: {} });
    expect(replace(EVIL, '(a+)+$', 'x', 'g')).toBe(EVIL);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
  it('other classic catastrophic patterns are linear too', () => {
    const t0 = performance.now();
    expect(match('a'.repeat(30_000), '^(a|a)*b$').matched).toBe(false);
    expect(match('a'.repeat(30_000) + 'X', '(a|aa)+$').matched).toBe(false);
    expect(match('word '.repeat(10_000) + '!', '^(\\w+\\s?)*$').matched).toBe(false);
    expect(match('x'.repeat(30_000), '(.*a){20}').matched).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
  it('a pattern whose program would be huge is refused before compiling, quickly', () => {
    const t0 = performance.now();
    expect(errorOf(() => match('a', 'a{1,1000}'.repeat(100))).code).toBe('LIMIT_EXCEEDED');
    expect(errorOf(() => match('a', '(?:ab|cd){0,1000}'.repeat(10))).code).toBe('LIMIT_EXCEEDED');
    expect(errorOf(() => match('a', '[a-z]{1,100}'.repeat(300))).code).toBe('LIMIT_EXCEEDED');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(estimateSize('a{1,1000}'.repeat(100))).toBeGreaterThan(MAX_PROGRAM_SIZE);
    expect(estimateSize('(\\d{4})-(\\d{2})-(\\d{2})')).toBeLessThan(100);
  });
  it('a large program on a long text is LIMIT_EXCEEDED instead of seconds of work', () => {
    const big = '[a-z]{100}'.repeat(50); // a few thousand instructions, within the size limit
    expect(match('abc', big).matched).toBe(false);
    const t0 = performance.now();
    expect(errorOf(() => match('x'.repeat(1_000_000), big)).code).toBe('LIMIT_EXCEEDED');
    expect(performance.now() - t0).toBeLessThan(200);
  });
  it('an execution with RegexMatch on the hostile input runs while another execution completes', async () => {
    const regexRun = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'm', type: 'RegexMatch', defaults: { pattern: '(a+)+$' } },
        { id: 'log', type: 'Log' },
      ],
      ['hook.then -> log.exec', 'hook.body -> m.value', 'm.matched -> log.message'],
    );
    const other = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'wait', type: 'Delay', defaults: { seconds: 0.05 } },
        { id: 'log', type: 'Log', defaults: { message: 'other done' } },
      ],
      ['start.then -> wait.exec', 'wait.then -> log.exec'],
    );
    const t0 = performance.now();
    const [slowOne, regexOne, again] = await Promise.all([run(other), run(regexRun, { body: EVIL }), run(regexRun, { body: 'aaa' })]);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(regexOne.status).toBe('completed');
    expect(regexOne.logs.map((l) => l.message)).toEqual(['false']);
    expect(regexOne.durationMs).toBeLessThan(1000);
    expect(again.logs.map((l) => l.message)).toEqual(['true']);
    expect(slowOne.status).toBe('completed');
    expect(slowOne.logs.map((l) => l.message)).toEqual(['other done']);
  });
});

describe('what RE2 cannot express is a clear NODE_ERROR', () => {
  it.each([
    ['(a)\\1', /backreferences/],
    ['(?<x>a)\\k<x>', /named backreferences/],
    ['foo(?=bar)', /lookahead/],
    ['foo(?!bar)', /lookahead/],
    ['(?<=(a))b', /capturing groups inside a lookbehind/],
  ])('%s', (p, message) => {
    const e = errorOf(() => match('abc', p));
    expect(e.code).toBe('NODE_ERROR');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/RE2/);
  });
  it('escaped or bracketed lookalikes are fine', () => {
    expect(match('(?=x)', '\\(\\?=x\\)').matched).toBe(true);
    // In a class \1 is no backreference; RE2 rejects the octal escape as invalid instead.
    expect(errorOf(() => match('1', '[\\1]')).message).toMatch(/invalid regular expression/);
  });
  it('lookbehind without captures works (linear in RE2)', () => {
    expect(match('cost $42 or 7', '(?<=\\$)\\d+', 'g').groups).toEqual(['42']);
    expect(replace('a1 b2', '(?<!a)\\d', '#', 'g')).toBe('a1 b#');
  });
  it.each(['[', '(', 'a**', 'x{2,1}', '(?<n>a)(?<n>b)'])('invalid pattern %s', (p) => {
    const e = errorOf(() => match('abc', p));
    expect(e.code).toBe('NODE_ERROR');
    expect(e.message).toMatch(/invalid regular expression/);
  });
  it('unknown and repeated flags are errors; u is accepted', () => {
    expect(errorOf(() => match('a', 'a', 'y')).message).toMatch(/unsupported regular expression flag "y"/);
    expect(errorOf(() => match('a', 'a', 'x')).code).toBe('NODE_ERROR');
    expect(errorOf(() => match('a', 'a', 'gg')).message).toMatch(/twice/);
    expect(match('A', 'a', 'iu').matched).toBe(true);
  });
  it('the pattern pin is required; flags default to ""', () => {
    expect(RegexMatch.inputs).toMatchObject([{ id: 'value' }, { id: 'pattern' }, { id: 'flags', default: '' }]);
    expect((RegexMatch.inputs as readonly PinSpec[])[1]!.default).toBeUndefined();
    expect(callNode(RegexReplace, { value: 'aXa', pattern: 'x', replacement: '-', flags: 'gi' })).toBe('a-a');
  });
});

describe('JavaScript semantics', () => {
  // Patterns both engines read the same way: results must equal String.prototype.match / replace.
  const cases: [string, string, string, string][] = [
    ['hello world', 'o', '', '0'],
    ['hello world', 'o', 'g', '0'],
    ['John Smith', '(\\w+)\\s(\\w+)', '', '$2, $1'],
    ['2024-05-01', '(\\d+)-(\\d+)-(\\d+)', '', '$3/$2/$1'],
    ['aaa', 'a*', 'g', '-'],
    ['abc', 'x*', 'g', '-'],
    ['baaac', 'a*', 'g', '<$&>'],
    ['Hello HELLO hello', 'hello', 'gi', 'bye'],
    ['line1\nline2', '^line', 'gm', 'L'],
    ['line1\nline2', '^line', 'g', 'L'],
    ['a\nb', 'a.b', 's', 'X'],
    ['a\nb', 'a.b', '', 'X'],
    ['price: 10 USD', '(\\d+) (?<cur>[A-Z]+)', '', '$<cur> $1'],
    ['abc', 'b', '', "[$`|$&|$']"],
    ['abc', 'b', '', '$$ $0 $9 $< $<x>'],
    ['ab', '(a)', '', '$01 $10 $1'],
    ['ab', '(a)(b)?', 'g', '[$2]'],
    ['a.b.c', '\\.', 'g', '\\'],
    ['tab\there', '\\t', '', '\\t'],
    ['x', '\\u0078', '', 'y'],
    ['café', 'é', '', 'e'],
    ['über', '\\w+', 'g', '[$&]'],
    ['a1b22', '\\d+', 'g', '<$&>'],
    ['', '^$', '', 'empty'],
    ['a\rb', 'a.b', '', 'X'],
    ['a\u2028b', 'a.b', '', 'X'],
    ['a\u2028b', 'a.b', 's', 'X'],
    ['x\u00a0y\u3000z\vw\ufeff', '\\s', 'g', '_'],
    ['a b\u00a0c', '\\S+', 'g', '[$&]'],
    ['a\u00a0b,c', '[\\s,]', 'g', '-'],
    ['a\u00a0b', '[^\\s]', 'g', '-'],
    ['a.b', '[.]', 'g', '-'],
    ['a.b\\.c', '\\.', 'g', '-'],
  ];
  it.each(cases)('%j /%s/%s → %j', (value, p, flags, replacement) => {
    const native = new RegExp(p, flags);
    expect(replace(value, p, replacement, flags)).toBe(value.replace(native, replacement));
    const m = match(value, p, flags);
    const expected = value.match(new RegExp(p, flags));
    expect(m.matched).toBe(expected !== null);
    expect(m.groups).toEqual(expected === null ? [] : [...expected].map((g) => g ?? null));
    expect(m.named).toEqual(flags.includes('g') || !expected?.groups ? m.named : { ...expected.groups });
  });
  it('unmatched groups are null; named groups of the first match', () => {
    expect(match('ac', '(a)(b)?(c)')).toEqual({ matched: true, groups: ['ac', 'a', null, 'c'], named: {} });
    expect(match('k=v; x=y', '(?<key>\\w+)=(?<val>\\w+)', 'g')).toEqual({ matched: true, groups: ['k=v', 'x=y'], named: { key: 'k', val: 'v' } });
    expect(match('k=', '(?<key>\\w+)=(?<val>\\w+)?').named).toEqual({ key: 'k', val: null });
  });
  it('a group named __proto__ is plain data', () => {
    const m = match('x', '(?<__proto__>x)(?<constructor>)');
    expect(Object.keys(m.named)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(m.named)).toBe(Object.prototype);
    expect(m.named.__proto__).toBe('x');
    expect(replace('x', '(?<__proto__>x)', '[$<__proto__>]')).toBe('[x]');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('matches by code point: "." takes a whole emoji, empty matches never split one', () => {
    expect(replace('👍a', '.', 'x', 'g')).toBe('xx');
    expect(replace('👍', '', '-', 'g')).toBe('-👍-');
    expect(match('e\u0301', '^.$').matched).toBe(false); // a combining mark is a code point of its own
    expect(match('😀😁', '[😀-😂]+').groups).toEqual(['😀😁']);
    expect(match('\uD83D', '.').matched).toBe(true); // a lone surrogate is still matched as a character
  });
  it('null and non-string values arrive as text through the pin', () => {
    expect(callNode(RegexMatch, { value: null, pattern: '^$' })).toEqual({ matched: true, groups: [''], named: {} });
    expect(callNode(RegexMatch, { value: 12345, pattern: '\\d{3}' })).toMatchObject({ groups: ['123'] });
  });
});

describe('limits', () => {
  it('a replacement that would pass the string limit is LIMIT_EXCEEDED, not a crash or a huge allocation', () => {
    const text = 'a'.repeat(200_000);
    const t0 = performance.now();
    expect(errorOf(() => replace(text, 'a', "$'", 'g')).code).toBe('LIMIT_EXCEEDED');
    expect(errorOf(() => replace(text, 'a', '$`', 'g')).code).toBe('LIMIT_EXCEEDED');
    expect(errorOf(() => replace('ab', 'a', 'x'.repeat(DEFAULT_LIMITS.maxStringLength))).code).toBe('LIMIT_EXCEEDED');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
  it('more matches than the array limit is LIMIT_EXCEEDED', () => {
    const text = 'x'.repeat(DEFAULT_LIMITS.maxArrayLength + 1);
    expect(errorOf(() => match(text, 'x', 'g')).code).toBe('LIMIT_EXCEEDED');
  });
  it('large texts are matched in linear time', () => {
    const text = 'ab '.repeat(1_000_000) + 'needle';
    const t0 = performance.now();
    expect(match(text, 'need(le)').groups).toEqual(['needle', 'le']);
    expect(replace(text, 'needle', 'pin')).toHaveLength(text.length - 3);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('compiled patterns are cached per node, bounded', () => {
  afterEach(() => vi.restoreAllMocks());
  it('compiles a (pattern, flags) pair once, and again after it was evicted', () => {
    const spy = vi.spyOn(RE2JS, 'compile');
    const m = matcher();
    for (let i = 0; i < 10; i++) m('abc', 'b+', '');
    expect(spy).toHaveBeenCalledTimes(1);
    m('abc', 'b+', 'i');
    expect(spy).toHaveBeenCalledTimes(2);
    for (let i = 0; i < 100; i++) m('abc', `x${i}`, '');
    m('abc', 'b+', '');
    expect(spy).toHaveBeenCalledTimes(103);
    const other = matcher(); // a different node instance has its own cache
    other('abc', 'b+', '');
    expect(spy).toHaveBeenCalledTimes(104);
  });
  it('a failing pattern is not cached as a success', () => {
    const m = matcher();
    expect(() => m('a', '(', '')).toThrow(DragopsError);
    expect(() => m('a', '(', '')).toThrow(DragopsError);
  });
});
