// Shared test helpers: build documents tersely, compile with the full library, run.
import { compile, type CompileResult } from '../src/compiler/index.js';
import { createRegistry } from '../src/nodes/index.js';
import { execute, type RunOptions, type RunResult } from '../src/runtime/execute.js';
import { createCallees, type PatternSource } from '../src/runtime/calls.js';
import type { PatternDocument } from '../src/pattern/schema.js';

export const registry = createRegistry();

type N = { id: string; type: string; config?: Record<string, unknown>; defaults?: Record<string, unknown>; name?: string };

/** `pattern([nodes], ['a.then -> b.exec', 'x.result -> y.a'])` */
export function pattern(nodes: N[], wires: string[] = [], extra: Partial<PatternDocument> = {}): PatternDocument {
  return {
    format: 'dragops.pattern/1',
    nodes,
    wires: wires.map((w) => {
      const m = /^(.+)\.([^.]+) -> (.+)\.([^.]+)$/.exec(w);
      if (!m) throw new Error(`bad wire ${w}`);
      return { from: { node: m[1]!, pin: m[2]! }, to: { node: m[3]!, pin: m[4]! } };
    }),
    ...extra,
  } as PatternDocument;
}

export function build(doc: unknown, opts: { trace?: boolean; patterns?: Record<string, PatternDocument> } = {}): CompileResult {
  const callees = createCallees(mapSource(opts.patterns ?? {}), registry);
  return compile(doc, { registry, resolveInterface: callees.resolveInterface, trace: opts.trace ?? true });
}

export function mapSource(patterns: Record<string, PatternDocument>): PatternSource {
  return { load: (id) => (Object.hasOwn(patterns, id) ? patterns[id] : undefined) };
}

/** Compiles (failing the test on compile errors) and runs once. */
export async function run(
  doc: unknown,
  event: Record<string, unknown> = {},
  opts: RunOptions & { patterns?: Record<string, PatternDocument>; trace?: boolean } = {},
): Promise<RunResult> {
  const r = build(doc, opts);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors, null, 1)}`);
  const callees = createCallees(mapSource(opts.patterns ?? {}), registry);
  return execute(r.compiled, event, { callPattern: callees.caller, ...opts });
}

/** The diagnostic codes of a document, errors then warnings. */
export function codes(doc: unknown): { errors: string[]; warnings: string[] } {
  const r = build(doc);
  return { errors: r.errors.map((d) => d.code), warnings: r.warnings.map((d) => d.code) };
}

/** An attack the isolation tests share: one synchronous step of several seconds (a regular
 * expression replacing over 16M characters) after `trigger`, with `extra` (settings). */
export function longStep(trigger: N, extra: Partial<PatternDocument> = {}): PatternDocument {
  return pattern(
    [
      trigger,
      { id: 'big', type: 'Repeat', defaults: { value: 'ab', count: 8_000_000 } },
      { id: 're', type: 'RegexReplace', defaults: { pattern: '(a|b)', replacement: '$1x', flags: 'g' } },
      { id: 'len', type: 'StringLength' },
      { id: 'log', type: 'Log' },
    ],
    [`${trigger.id}.then -> log.exec`, 'big.result -> re.value', 're.result -> len.value', 'len.length -> log.message'],
    extra,
  );
}
