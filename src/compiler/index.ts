// The one compiler (SPEC §5): deploying, validating and test-running all come through `compile`.
import { parsePattern, parsePatternText } from '../pattern/parse.js';
import type { PatternDocument } from '../pattern/schema.js';
import type { Diagnostic } from './diagnostic.js';
import { Reporter, link } from './check/link.js';
import { checkDataCycles, checkExecFlow, checkVariables } from './check/rules.js';
import type { LinkedGraph } from './graph.js';
import { makePlan } from './plan/plan.js';
import { workBound, type WorkBound } from './plan/bound.js';
import { generate } from './codegen/generate.js';
import { isTaped } from './codegen/pure.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { NodeDefinition, PatternInterface, PinEnv, PinSpec } from '../nodes/define.js';
import { createHelpers } from '../runtime/helpers.js';
import type { ExecutionContext } from '../runtime/context.js';
import { isPinType, type PinType } from '../pattern/types.js';

/** Bumped whenever generated code changes meaning; recorded in every plan (ARCHITECTURE habit 10). */
export const COMPILER_VERSION = 1;

export type RunFunction = (ctx: ExecutionContext, event: Record<string, unknown>) => void | Promise<void>;
/** The sync build: it never returns a promise (it throws NeedAsync when the run must go async). */
export type SyncRunFunction = (ctx: ExecutionContext, event: Record<string, unknown>) => void;

export interface CompiledPattern {
  readonly compilerVersion: number;
  readonly document: PatternDocument;
  /** By node index: id, name, type, and the ids of its data pins (inspection names values by them). */
  readonly nodes: readonly { id: string; name: string; type: string; inputs: readonly string[]; outputs: readonly string[] }[];
  readonly trigger: { type: string; nodeId: string; config: Record<string, unknown> };
  /** The pattern's OnPatternCall interface, when it has one. */
  readonly interface: PatternInterface | undefined;
  /** True when an asynchronous node can run; then only `runAsync` exists. */
  readonly async: boolean;
  readonly traced: boolean;
  readonly runSync: SyncRunFunction | undefined;
  /** Built on first use for synchronous plans (a long loop asks for it). */
  runAsync(): RunFunction;
  /** The inspection variant (asynchronous, no node log, every node run recorded in
   * `ctx.inspector`; built on first use): replays an execution from its tape. */
  inspection(): RunFunction;
  /** Generated source, for `dragops compile --emit` and golden tests. */
  source(variant?: 'sync' | 'async'): string;
  readonly timeoutMs: number;
  /** The callee interfaces this plan was compiled against (CallPattern), by pattern id: compiling the
   * same document against them gives the same plan, in another thread or months later. */
  readonly callees: Readonly<Record<string, PatternInterface | null>>;
  /** The integration packs whose nodes the plan uses, by slug: compiling the document against them
   * gives the same plan (an execution process, a restart, months later after an upgrade). */
  readonly packs: Readonly<Record<string, PackRef>>;
  /** The behaviour version of each built-in node type the plan uses (habit 10): recorded with a
   * deployed version, so loading it again after an upgrade compiles the same nodes. */
  readonly nodeVersions: Readonly<Record<string, number>>;
  /** How much work one execution can do at most, as `perByte × (size of its event) + fixed` (see
   * plan/bound.ts); undefined when nothing bounds it (loops, calls, waits, amplifying nodes). Plans
   * bounded this way may run on the request thread; every other plan runs isolated. */
  readonly bound: WorkBound | undefined;
  /** Whether a node of the plan is kept on the tape (codegen `isTaped`): its executions cannot be
   * replayed exactly without their recording. */
  readonly taped: boolean;
}

/** An integration pack a plan was compiled with (src/packs): the document travels with the plan so
 * an execution process compiles the same nodes, and the version records its digest. */
export interface PackRef {
  slug: string;
  version: string;
  digest: string;
  document: unknown;
}

/** Node types `<slug>.<nodeId>` from integration packs, besides the registry's built-in ones. */
export interface PackNodes {
  node(type: string): { def: NodeDefinition; pack: PackRef } | undefined;
}

export interface CompileOptions {
  registry: NodeRegistry;
  /** Integration packs' nodes (the current ones, or those a deployed version was compiled with). */
  packs?: PackNodes | undefined;
  /** The node versions a stored version was compiled with (its `nodeVersions`; `{}` for one kept
   * before they were recorded, when every type had version 1). Without: the newest of each type,
   * except where a node pins its own `version`. */
  nodeVersions?: Readonly<Record<string, number>> | undefined;
  /** Interfaces of other patterns, for CallPattern (undefined = unknown pattern). */
  resolveInterface?: (patternId: string) => PatternInterface | undefined;
  /** Emit node-by-node log calls (default true). */
  trace?: boolean;
}

/** The pins of a node as its config (and the pattern) make them: MakeObject's keys, GetVariable's
 * type, CallPattern's callee interface… The editor draws nodes with dynamic pins from these. */
export interface ResolvedPins {
  inputs: readonly PinSpec[];
  outputs: readonly PinSpec[];
  execOut: readonly string[];
}

export type CompileResult =
  | { ok: true; errors: []; warnings: Diagnostic[]; compiled: CompiledPattern; document: PatternDocument; pins: Record<string, ResolvedPins> }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[]; compiled: undefined; document: PatternDocument | undefined; pins: Record<string, ResolvedPins> };

export function compile(input: unknown, opts: CompileOptions): CompileResult {
  const parsed = typeof input === 'string' ? parsePatternText(input) : parsePattern(input);
  if (!parsed.ok) return { ok: false, errors: parsed.diagnostics, warnings: [], compiled: undefined, document: undefined, pins: {} };
  const doc = parsed.document;
  const r = new Reporter();
  const callees: Record<string, PatternInterface | null> = Object.create(null);
  const env = pinEnv(doc, opts, callees);
  const packs: Record<string, PackRef> = Object.create(null);
  const packNodes = opts.packs;
  const extra = packNodes
    ? (type: string) => {
        const hit = packNodes.node(type);
        if (hit) packs[hit.pack.slug] = hit.pack;
        return hit?.def;
      }
    : undefined;
  const graph = link(doc, opts.registry, env, r, extra, opts.nodeVersions);
  const pins: Record<string, ResolvedPins> = Object.create(null);
  for (const n of graph.nodes) {
    const d = n.def;
    if (typeof d.inputs === 'function' || typeof d.outputs === 'function' || typeof d.execOut === 'function')
      pins[n.id] = { inputs: n.inputs, outputs: n.outputs, execOut: n.execOut };
  }
  checkDataCycles(graph, r);
  const reachable = checkExecFlow(graph, r);
  checkVariables(graph, r);
  const errors = r.list.filter((d) => d.severity === 'error');
  const warnings = r.list.filter((d) => d.severity === 'warning');
  if (errors.length > 0 || !graph.trigger) return { ok: false, errors, warnings, compiled: undefined, document: doc, pins };

  const plan = makePlan(graph, reachable);
  const traced = opts.trace ?? true;
  const helpers = createHelpers(graph.nodes.map((n) => n.id));
  const build = (async: boolean, inspect = false) => {
    const gen = generate(plan, { async, trace: traced && !inspect, inspect });
    const factory = new Function('$rt', '$c', '$i', gen.source) as (...a: unknown[]) => RunFunction;
    return { fn: factory(helpers, gen.consts, gen.impls), source: gen.source };
  };
  let sync: { fn: RunFunction; source: string } | undefined;
  let asyncBuilt: { fn: RunFunction; source: string } | undefined;
  try {
    if (plan.async) asyncBuilt = build(true);
    else sync = build(false);
  } catch (e) {
    // Generation and V8's parser recurse on nesting; absurdly deep graphs are a user error, not a crash.
    if (!(e instanceof RangeError || e instanceof SyntaxError)) throw e;
    const tooDeep: Diagnostic = {
      code: 'PATTERN_TOO_COMPLEX',
      severity: 'error',
      message: `the pattern is too deeply nested to compile (${e.message}); split it into called patterns`,
      nodeId: null,
      pin: null,
      path: '/nodes',
    };
    return { ok: false, errors: [tooDeep], warnings, compiled: undefined, document: doc, pins };
  }
  const getAsync = () => (asyncBuilt ??= build(true));
  let inspectBuilt: { fn: RunFunction; source: string } | undefined;
  const trigger = graph.trigger;
  const compiled: CompiledPattern = {
    compilerVersion: COMPILER_VERSION,
    document: doc,
    nodes: graph.nodes.map((n) => ({ id: n.id, name: n.name, type: n.def.type, inputs: n.inputs.map((p) => p.id), outputs: n.outputs.map((p) => p.id) })),
    trigger: { type: trigger.def.type, nodeId: trigger.id, config: trigger.config },
    interface: env.ownInterface,
    async: plan.async,
    traced,
    runSync: sync?.fn,
    runAsync: () => getAsync().fn,
    inspection: () => (inspectBuilt ??= build(true, true)).fn,
    source: (variant) => (variant === 'async' || !sync ? getAsync().source : sync.source),
    timeoutMs: doc.settings?.timeoutMs ?? 300_000,
    callees,
    packs,
    nodeVersions: versionsOf(graph, opts.registry),
    bound: workBound(plan),
    taped: [...plan.reachable].some(isTaped),
  };
  return { ok: true, errors: [], warnings, compiled, document: doc, pins };
}

/** The version of each built-in node type in the graph (integration packs' are versioned as packs). */
function versionsOf(graph: LinkedGraph, registry: NodeRegistry): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const n of graph.nodes) if (registry.has(n.def.type)) out[n.def.type] = n.def.version;
  return out;
}

/** The OnPatternCall interface declared in a document (its `inputs`/`outputs` config), if any. */
export function interfaceOf(doc: PatternDocument): PatternInterface | undefined {
  const t = doc.nodes.find((n) => n.type === 'OnPatternCall');
  if (!t) return undefined;
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : [])
      .filter((x): x is { name: string; type: PinType } => typeof x?.name === 'string' && isPinType(x?.type) && x.type !== 'Exec')
      .map((x) => ({ name: x.name, type: x.type }));
  return { inputs: list(t.config?.inputs), outputs: list(t.config?.outputs) };
}

function pinEnv(doc: PatternDocument, opts: CompileOptions, seen: Record<string, PatternInterface | null>): PinEnv {
  return {
    variables: new Map((doc.variables ?? []).map((v) => [v.name, v])),
    callee: (id) => {
      const i = opts.resolveInterface?.(id);
      seen[id] = i ?? null;
      return i;
    },
    ownInterface: interfaceOf(doc),
  };
}
