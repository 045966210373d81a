// Checks shared by the hostile and property suites: is a generated source valid JavaScript, and does
// every piece of document text in it sit inside a JSON string literal?
import vm from 'node:vm';
import { ExecutionContext } from '../../src/runtime/context.js';
import { DEFAULT_LIMITS } from '../../src/runtime/limits.js';
import type { CompiledPattern } from '../../src/compiler/index.js';

/** Parses a generated body the way `compile` uses it (`new Function('$rt', '$c', '$i', source)`). */
export function assertValidJs(source: string, label = 'generated'): void {
  // vm.Script only parses here; nothing runs.
  new vm.Script(`(function ($rt, $c, $i) {\n${source}\n})`, { filename: `${label}.js` });
}

export interface Scanned {
  /** The source with every string literal replaced by `""`: what the engine reads as code. */
  code: string;
  /** The decoded contents of every string literal. */
  strings: string[];
}

/** Splits generated source into code and double-quoted string literals. Generated code quotes every
 * string with JSON.stringify, so any other quote character, a comment, or a raw line terminator
 * inside a literal means document text escaped its literal. Throws on a malformed literal. */
export function scan(source: string): Scanned {
  let code = '';
  const strings: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c !== '"') {
      code += c;
      i++;
      continue;
    }
    const start = i++;
    while (i < source.length && source[i] !== '"') {
      const ch = source[i]!;
      if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') throw new Error(`raw line terminator inside a string literal at ${i}`);
      i += ch === '\\' ? 2 : 1;
    }
    if (i >= source.length) throw new Error(`unterminated string literal at ${start}`);
    i++;
    const lit = source.slice(start, i);
    strings.push(JSON.parse(lit) as string); // also proves the literal is exactly JSON
    code += '""';
  }
  return { code, strings };
}

/** Code outside string literals may not contain anything a payload would need to run. */
export const FORBIDDEN_IN_CODE = [
  '__pwned',
  'process',
  "'",
  '`',
  '//',
  '/*',
  '*/',
  '\u2028',
  '\u2029',
  '\u0000',
  '</script',
  '__proto__',
  'constructor',
  'prototype',
];

export function forbiddenCode(source: string): string[] {
  const { code } = scan(source);
  return FORBIDDEN_IN_CODE.filter((f) => code.includes(f));
}

/** Runs the asynchronous variant directly (execute() prefers the synchronous one when it exists). */
export async function runAsyncVariant(compiled: CompiledPattern, event: Record<string, unknown> = {}): Promise<ExecutionContext> {
  const ctx = new ExecutionContext(
    {
      runId: 'run_test',
      nodes: compiled.nodes,
      timeoutMs: 5_000,
      limits: DEFAULT_LIMITS,
      trace: compiled.traced,
      traceLimit: 500,
      syncBudgetMs: 10,
      yieldEveryMs: 5,
      depth: 0,
    },
    false,
  );
  await compiled.runAsync()(ctx, event);
  return ctx;
}
