// Regular expressions for RegexMatch and RegexReplace, on RE2 (the `re2js` port): matching takes time
// linear in the text, so a hostile pattern such as `(a+)+$` cannot backtrack for ages. What RE2 cannot
// express (backreferences, lookahead) is a clear error instead. Two more guards keep one node from
// stalling the engine: patterns whose compiled program would be huge are refused before compiling,
// and a match whose work (program size × text length) is past a budget is LIMIT_EXCEEDED.
import { DragopsError } from '../sdk/index.js';
import { RE2JS } from 're2js';
import { checkLength } from './text.js';

/** Largest compiled program accepted (instructions); compiling costs a few microseconds each. */
export const MAX_PROGRAM_SIZE = 20_000;
/** Program size × text length allowed for one node run: about a second in the worst (NFA) case. */
export const WORK_BUDGET = 150_000_000;
/** Compiled patterns kept per node. */
export const CACHE_SIZE = 64;

export interface Regex {
  readonly re: RE2JS;
  readonly global: boolean;
  readonly source: string;
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0, g: 0 };

const show = (pattern: string) => JSON.stringify(pattern.length > 60 ? pattern.slice(0, 60) + '…' : pattern);
const fail = (message: string, cause?: unknown) => new DragopsError('NODE_ERROR', message, cause === undefined ? {} : { cause });

function parseFlags(flags: string): { bits: number; global: boolean } {
  let bits = 0;
  const seen = new Set<string>();
  for (const f of flags) {
    if (!Object.hasOwn(FLAG_BITS, f)) {
      throw fail(
        `unsupported regular expression flag ${JSON.stringify(f)}: use g (every match), i (ignore case), m (^ and $ at line ends), s (. matches newlines) or u`,
      );
    }
    if (seen.has(f)) throw fail(`the regular expression flag ${JSON.stringify(f)} is given twice`);
    seen.add(f);
    bits |= FLAG_BITS[f]!;
  }
  return { bits, global: seen.has('g') };
}

/** Constructs RE2 cannot express, found before compiling so the message can say what to do. */
function unsupported(p: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1] ?? '';
      if (!inClass && n >= '1' && n <= '9') return `backreferences (\\${n})`;
      if (!inClass && n === 'k' && p[i + 2] === '<') return 'named backreferences (\\k<name>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && p[i + 1] === '?') {
      if (p[i + 2] === '=' || p[i + 2] === '!') return `lookahead ((?${p[i + 2]}…))`;
      if (p[i + 2] === '<' && (p[i + 3] === '=' || p[i + 3] === '!') && /\((?!\?)/.test(lookbehindBody(p, i + 4))) {
        return 'capturing groups inside a lookbehind';
      }
    }
  }
  return undefined;
}

/** The text of a group starting at `from` up to its closing parenthesis (for the lookbehind check). */
function lookbehindBody(p: string, from: number): string {
  let depth = 1,
    inClass = false;
  for (let i = from; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return p.slice(from, i);
  }
  return p.slice(from);
}

/**
 * An upper estimate of the compiled program size, so that `a{1,1000}` repeated a hundred times is
 * refused before RE2 spends seconds compiling it: counted repetition multiplies the size of its atom.
 */
export function estimateSize(p: string): number {
  const stack: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  const top = () => stack[stack.length - 1]!;
  const atom = (w: number) => {
    const f = top();
    f.total += w;
    f.last = w;
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      // \p{…}, \x{…}, \u{…}: one atom with its braces.
      if (p[i + 2] === '{' && 'pPxu'.includes(p[i + 1]!)) i = Math.max(i + 1, p.indexOf('}', i));
      else i++;
      atom(1);
    } else if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      for (; j < p.length && p[j] !== ']'; j++) if (p[j] === '\\') j++;
      i = j;
      atom(1);
    } else if (c === '(') {
      stack.push({ total: 0, last: 0 });
    } else if (c === ')') {
      if (stack.length > 1) {
        const g = stack.pop()!;
        atom(g.total + 2);
      }
    } else if (c === '|') {
      const f = top();
      f.total += 1;
      f.last = 0;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
      if (!m) {
        atom(1);
        continue;
      }
      const n = Number(m[1]),
        max = m[2] === undefined ? n : m[3] === '' ? n + 1 : Number(m[3]);
      const f = top();
      const grown = f.last * Math.max(n, max, 1) + 1;
      f.total += grown - f.last;
      f.last = grown;
      i += m[0].length - 1;
    } else if (c === '*' || c === '+' || c === '?') {
      const f = top();
      f.total += 1;
      f.last += 1;
    } else {
      atom(1);
    }
  }
  return stack.reduce((s, f) => s + f.total, 0);
}

// JavaScript's \s (WhiteSpace and LineTerminator) and the line terminators `.` does not match; RE2's
// own \s is ASCII only and its `.` stops only at \n.
const JS_SPACE = '\\t\\n\\x0B\\f\\r\\x{FEFF}\\p{Zs}\\x{2028}\\x{2029}';
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/** Rewrites `.`, `\s` and `\S` so that RE2 reads them as JavaScript does. */
export function jsCompat(p: string, dotAll: boolean): string {
  let out = '',
    inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1] ?? '';
      if (n === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (n === 'S' && !inClass) out += `[^${JS_SPACE}]`;
      else out += c + n;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '.' && !dotAll) {
      out += JS_DOT;
    } else {
      out += c;
    }
  }
  return out;
}

function compile(pattern: string, flags: string): Regex {
  const { bits, global } = parseFlags(flags);
  const bad = unsupported(pattern);
  if (bad) {
    throw fail(
      `the regular expression ${show(pattern)} uses ${bad}, which the linear-time engine (RE2) cannot express; rewrite it without them (for example with capture groups and several nodes)`,
    );
  }
  if (estimateSize(pattern) > MAX_PROGRAM_SIZE) {
    throw new DragopsError(
      'LIMIT_EXCEEDED',
      `the regular expression ${show(pattern)} is too large (counted repetitions such as {1,1000} multiply its size); simplify it`,
    );
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(jsCompat(pattern, flags.includes('s'))), bits | RE2JS.LOOKBEHINDS);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    throw fail(`invalid regular expression ${show(pattern)}: ${why}`, e);
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) {
    throw new DragopsError('LIMIT_EXCEEDED', `the regular expression ${show(pattern)} is too large (${re.programSize()} instructions); simplify it`);
  }
  return { re, global, source: pattern };
}

/** A compiler with a bounded cache of its own (one per node instance, made in `make`). */
export function regexCache(size = CACHE_SIZE): (pattern: string, flags: string) => Regex {
  const cache = new Map<string, Regex>();
  return (pattern, flags) => {
    const key = `${flags}/${pattern}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key); // most recently used goes last
      cache.set(key, hit);
      return hit;
    }
    const r = compile(pattern, flags);
    if (cache.size >= size) cache.delete(cache.keys().next().value!);
    cache.set(key, r);
    return r;
  };
}

/** Refuses a match whose worst-case work would stall the engine (see WORK_BUDGET). */
export function checkWork(r: Regex, text: string): void {
  if (r.re.programSize() * Math.max(text.length, 1) > WORK_BUDGET) {
    throw new DragopsError(
      'LIMIT_EXCEEDED',
      `the regular expression ${show(r.source)} is too complex for a text of ${text.length} characters (program size ${r.re.programSize()} × text length is over ${WORK_BUDGET}); use a simpler pattern or a shorter text`,
    );
  }
}

export type Match = RegExpMatchArray & { index: number; groups?: Record<string, string | undefined> };

/** The first match, or every match with `g` (JavaScript's order and empty-match rules). */
export function* matches(r: Regex, text: string): Generator<Match> {
  if (r.global) {
    for (const m of r.re.matchAll(text)) yield m as Match;
  } else {
    const m = r.re.exec(text);
    if (m) yield m as unknown as Match;
  }
}

/**
 * `replacement` expanded for one match by the rules of JavaScript's String.prototype.replace: `$$`,
 * `$&`, `` $` ``, `$'`, `$1`…`$99`, `$<name>`. Pieces are appended to `out`; `state.length` counts the
 * result so far and is checked before each piece, so `$'` on a long text cannot exhaust memory.
 */
export function expand(replacement: string, m: Match, text: string, out: string[], state: { length: number }): void {
  const push = (s: string) => {
    state.length += s.length;
    checkLength(state.length, 'the replaced text');
    out.push(s);
  };
  const pushRange = (a: number, b: number) => {
    state.length += b - a;
    checkLength(state.length, 'the replaced text');
    out.push(text.slice(a, b));
  };
  const groups = m.length - 1;
  let i = 0,
    lit = 0;
  const flush = (to: number) => {
    if (to > lit) push(replacement.slice(lit, to));
  };
  while ((i = replacement.indexOf('$', i)) >= 0) {
    const c = replacement[i + 1];
    let used = 0;
    if (c === '$') {
      flush(i);
      push('$');
      used = 2;
    } else if (c === '&') {
      flush(i);
      push(m[0]);
      used = 2;
    } else if (c === '`') {
      flush(i);
      pushRange(0, m.index);
      used = 2;
    } else if (c === "'") {
      flush(i);
      pushRange(Math.min(m.index + m[0].length, text.length), text.length);
      used = 2;
    } else if (c !== undefined && c >= '0' && c <= '9') {
      const two = replacement[i + 2] !== undefined && /[0-9]/.test(replacement[i + 2]!) ? Number(c + replacement[i + 2]) : -1;
      const n = two >= 1 && two <= groups ? two : Number(c) >= 1 && Number(c) <= groups ? Number(c) : -1;
      if (n > 0) {
        flush(i);
        push(m[n] ?? '');
        used = n === two ? 3 : 2;
      }
    } else if (c === '<' && m.groups) {
      const close = replacement.indexOf('>', i + 2);
      if (close >= 0) {
        const name = replacement.slice(i + 2, close);
        flush(i);
        push(Object.hasOwn(m.groups, name) ? (m.groups[name] ?? '') : '');
        used = close + 1 - i;
      }
    }
    if (used > 0) {
      i += used;
      lit = i;
    } else i++;
  }
  flush(replacement.length);
}
