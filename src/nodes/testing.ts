// Test support for node definitions (no test-runner imports, so it type-checks and builds anywhere):
// call a definition the way generated code would (inputs converted to their pin types, config with
// its schema defaults), and evaluate its `inline` expression against the same inputs.
import { keyReaderCode } from '../compiler/codegen/generate.js';
import { Value } from '@sinclair/typebox/value';
import { _ } from '../compiler/codegen/code.js';
import { NOT_CONST, type InlineContext } from '../compiler/codegen/contexts.js';
import { createHelpers, type RuntimeHelpers } from '../runtime/helpers.js';
import { convert } from '../pattern/types.js';
import { DragopsError } from '../errors/error.js';
import { pinsOf, type NodeDefinition, type NodeExample, type NodeInstance, type PinEnv } from './define.js';

export const TEST_ENV: PinEnv = { variables: new Map(), callee: () => undefined, ownInterface: undefined };
export const TEST_NODE = { id: 'n', name: 'n', index: 0 } as const;

/** What `make` gets: the test node's identity plus the definition's pins for this config. */
export function instanceOf(def: NodeDefinition, config: unknown): NodeInstance {
  return { ...TEST_NODE, inputs: pinsOf(def.inputs, config, TEST_ENV), outputs: pinsOf(def.outputs, config, TEST_ENV) };
}

export function configOf(def: NodeDefinition, config: Record<string, unknown> = {}): any {
  if (!def.config) return config;
  const c = Value.Clone(config);
  Value.Default(def.config, c);
  if (!Value.Check(def.config, c)) throw new Error(`${def.type}: invalid config ${JSON.stringify(config)}`);
  return c;
}

/** Input values in pin order, defaults filled in and converted to the pins' types. */
export function argsOf(def: NodeDefinition, inputs: Record<string, unknown> = {}, config: unknown = {}): unknown[] {
  return pinsOf(def.inputs, config, TEST_ENV).map((p) => {
    if (!Object.hasOwn(inputs, p.id) && p.default === undefined) throw new Error(`${def.type}: required input ${p.id} not given`);
    return convert(Object.hasOwn(inputs, p.id) ? inputs[p.id] : p.default, p.type, p.options);
  });
}

/** Runs a pure node through `make` or `eval`. */
export function callNode(def: NodeDefinition, inputs: Record<string, unknown> = {}, config: Record<string, unknown> = {}): unknown {
  const cfg = configOf(def, config);
  const fn = def.make ? def.make(cfg, instanceOf(def, cfg)) : def.eval;
  if (!fn) throw new Error(`${def.type}: no eval or make`);
  return fn(...argsOf(def, inputs, cfg));
}

export const runExample = (def: NodeDefinition, ex: NodeExample): unknown => callNode(def, ex.inputs, ex.config);

/**
 * Evaluates `inline` for one output the way generated code would: inputs as locals, helpers from the
 * real runtime, refs from a constant table. `constInputs` makes every input a compile-time constant.
 * Returns NOT_CONST when the node declines to inline.
 */
export function inlineNode(
  def: NodeDefinition,
  inputs: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
  output?: string,
  constInputs = false,
): { code: string; value: unknown } | typeof NOT_CONST {
  if (!def.inline) return NOT_CONST;
  const cfg = configOf(def, config);
  const args = argsOf(def, inputs, cfg);
  const refs: unknown[] = [];
  const g: InlineContext = {
    node: TEST_NODE,
    config: cfg,
    ref: (v) => _`$refs[${refs.push(v) - 1}]`,
    rt: (name) => _`$rt[${name}]`,
    impl: () => _`$impl`,
    keyReader: (key) => _`(${keyReaderCode(key, () => _`$rt[${'getKey'}]`)})`,
    args: args.map((_v, i) => _`$a[${i}]`),
    consts: args.map((v) => (constInputs ? v : NOT_CONST)),
    output: output ?? pinsOf(def.outputs, cfg, TEST_ENV)[0]!.id,
    ctx: _`$ctx`,
    variable: () => {
      throw new Error('inlineNode: no pattern variables in node tests');
    },
  };
  const code = def.inline(g);
  if (code === undefined) return NOT_CONST;
  const fn = new Function('$rt', '$refs', '$a', '$impl', `'use strict'; return (${code.text});`);
  const rt: RuntimeHelpers = createHelpers([TEST_NODE.id]);
  return { code: code.text, value: fn(rt, refs, args, def.make ? def.make(cfg, instanceOf(def, cfg)) : def.eval) };
}

/** Every (definition, example) pair of a list, named for test titles. */
export function examplesOf(defs: readonly NodeDefinition[]): [string, NodeDefinition, NodeExample][] {
  return defs.flatMap((d) => d.examples.map((ex, i): [string, NodeDefinition, NodeExample] => [`${d.type} example ${i + 1}`, d, ex]));
}

/**
 * Checks that `inline` (where given) agrees with `eval`/`make` on these inputs, for every output and
 * with the inputs both unknown and constant. Returns the mismatches (empty when all agree).
 */
export function inlineMismatches(def: NodeDefinition, inputs: Record<string, unknown> = {}, config: Record<string, unknown> = {}): string[] {
  if (!def.inline) return [];
  const cfg = configOf(def, config);
  const outs = pinsOf(def.outputs, cfg, TEST_ENV);
  const full = callNode(def, inputs, config);
  const problems: string[] = [];
  for (const o of outs) {
    const expected = outs.length === 1 ? full : (full as Record<string, unknown>)[o.id];
    for (const constInputs of [false, true]) {
      const r = inlineNode(def, inputs, config, o.id, constInputs);
      if (r === NOT_CONST) continue;
      if (!sameValue(r.value, expected)) {
        problems.push(`${def.type}.${o.id} (${constInputs ? 'const' : 'dynamic'} inputs) ${r.code}: got ${show(r.value)}, eval gives ${show(expected)}`);
      }
    }
  }
  return problems;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return JSON.stringify(a) === JSON.stringify(b) && typeof a === typeof b;
}

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));

/** The DragopsError that `fn` throws; fails when it throws nothing or anything else. */
export function errorOf(fn: () => unknown): DragopsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DragopsError) return e;
    throw new Error(`expected a DragopsError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected an error');
}

/** The code of the DragopsError that `fn` throws. */
export const codeOf = (fn: () => unknown): string => errorOf(fn).code;
