// Property tests of the compiler (SPEC §5):
//  (a) any JSON value, any text and any near-miss document only ever yields diagnostics — never a
//      throw — and every diagnostic has a catalogued code and a message;
//  (b) random valid graphs (an OnStart, chains of impure nodes, type-compatible pure expressions with
//      shared sub-expressions) compile without errors into valid JavaScript (both variants) and run
//      to an end: completed, or failed/timeout with a catalogued code. The synchronous variant, the
//      asynchronous variant and the untraced build agree on logs, status and error.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { build, registry, run } from '../helpers.js';
import { compile } from '../../src/compiler/index.js';
import { execute, type RunResult } from '../../src/runtime/execute.js';
import { ERRORS } from '../../src/errors/catalog.js';
import { isPure, type NodeDefinition, type PinSpec } from '../../src/nodes/define.js';
import { canConnect, convert, type PinType } from '../../src/pattern/types.js';
import type { PatternDocument, PatternNode, PatternWire } from '../../src/pattern/schema.js';
import { TimeoutSignal } from '../../src/runtime/context.js';
import type { Diagnostic } from '../../src/compiler/diagnostic.js';
import { assertValidJs, forbiddenCode, runAsyncVariant } from '../hostile/codegen-safety.js';

const TYPES = registry.all().map((d) => d.type);
/** `PROPERTY_SCALE=20 npx vitest run test/property` for a long bug hunt; the default keeps the suite fast. */
const SCALE = Math.max(0.1, Number(process.env.PROPERTY_SCALE ?? 1) || 1);
const runs = (n: number) => Math.ceil(n * SCALE);
const TIME = 30_000 * SCALE;
const FORMAT = 'dragops.pattern/1';

function checkDiagnostics(list: readonly Diagnostic[], severity: 'error' | 'warning'): void {
  for (const d of list) {
    expect(Object.hasOwn(ERRORS, d.code), `uncatalogued code ${d.code}`).toBe(true);
    expect(ERRORS[d.code].kind).toBe('compile');
    expect(d.severity).toBe(severity);
    expect(typeof d.message).toBe('string');
    expect(d.message.trim().length).toBeGreaterThan(0);
    expect(d.nodeId === null || typeof d.nodeId === 'string').toBe(true);
    expect(d.pin === null || typeof d.pin === 'string').toBe(true);
    expect(d.path === null || typeof d.path === 'string').toBe(true);
  }
}

/** build() must not throw; its diagnostics are catalogued; a success yields valid JavaScript. */
function buildChecked(input: unknown) {
  const r = build(input);
  checkDiagnostics(r.errors, 'error');
  checkDiagnostics(r.warnings, 'warning');
  expect(r.ok).toBe(r.errors.length === 0);
  if (r.ok) {
    for (const v of ['sync', 'async'] as const) {
      const src = r.compiled.source(v);
      assertValidJs(src, v);
      expect(forbiddenCode(src)).toEqual([]);
    }
  }
  return r;
}

// ── (a) arbitrary input ────────────────────────────────────────────────────────────────────────────

const smallString = fc.oneof(fc.constantFrom('a', 'b', 'c', 'start', 'x', '', '__proto__', 'constructor', 'then', 'exec'), fc.string({ maxLength: 6 }));
const nodeId = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'start'), fc.string({ maxLength: 4 }));
const nodeType = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...TYPES) }, fc.constantFrom('Bogus', 'onStart', 'On', '__proto__', 'constructor', 'toString', ''), fc.string({ maxLength: 8 }));
const pinName = fc.oneof(fc.constantFrom('then', 'exec', 'a', 'b', 'value', 'result', 'message', 'condition', 'true', 'false', 'body', 'completed', 'index', 'item', 'case0', 'then0', 'item0', 'end', 'object', 'key', 'try', 'catch', 'error'), smallString);
const pinTypeName = fc.constantFrom('String', 'Integer', 'Float', 'Boolean', 'Object', 'Array', 'DateTime', 'Binary', 'Any', 'Null', 'Enum', 'Exec', 'Nope');
const config = fc.oneof(
  fc.record({ keys: fc.array(smallString, { maxLength: 4 }) }),
  fc.record({ cases: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) }),
  fc.record({ variable: fc.constantFrom('f', 'i', 's', 'b', 'nope', '') }),
  fc.record({ count: fc.oneof(fc.integer({ min: -3, max: 120 }), fc.double(), fc.constant('2' as unknown as number)) }),
  fc.record({ inputs: fc.array(fc.record({ name: smallString, type: pinTypeName }), { maxLength: 3 }), outputs: fc.array(fc.record({ name: smallString, type: pinTypeName }), { maxLength: 3 }) }, { requiredKeys: [] }),
  fc.record({ cron: fc.constantFrom('* * * * *', '0 9 * * MON-FRI', 'bogus', '', '61 * * * *', '* * * * * * *'), timezone: fc.constantFrom('UTC', 'Europe/Paris', 'Mars/Base', '') }, { requiredKeys: [] }),
  fc.record({ pattern: smallString }),
  fc.record({ responseMode: fc.constantFrom('immediate', 'lastNode', 'responseNode', 'other'), requireSignature: fc.jsonValue({ maxDepth: 0 }) }, { requiredKeys: [] }),
  fc.dictionary(smallString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const defaults = fc.dictionary(pinName, fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(1e308, -0, 'abc', '12', 'true')), { maxKeys: 3 });
const node = fc.record({
  id: nodeId, type: nodeType, name: fc.string({ maxLength: 5 }), description: fc.string({ maxLength: 5 }),
  position: fc.record({ x: fc.double({ noNaN: true }), y: fc.integer() }), config, defaults,
}, { requiredKeys: ['id', 'type'] });
const pinRef = fc.record({ node: nodeId, pin: pinName });
const wire = fc.record({ from: pinRef, to: pinRef });
const variable = fc.record({
  name: fc.constantFrom('f', 'i', 's', 'b', 'o', ''), type: fc.constantFrom('Float', 'Integer', 'String', 'Boolean', 'Object', 'Array', 'Any', 'Exec', 'Enum'),
  default: fc.jsonValue({ maxDepth: 1 }),
}, { requiredKeys: ['name', 'type'] });
const settings = fc.record({ timeoutMs: fc.integer({ min: -1, max: 100_000_000 }), retries: fc.integer({ min: -1, max: 200 }), bogus: fc.boolean() }, { requiredKeys: [] });
const nearMiss = fc.record({
  format: fc.oneof({ weight: 8, arbitrary: fc.constant(FORMAT) }, fc.constantFrom('dragops.pattern/2', '', 'dragops.pattern/0')),
  nodes: fc.array(node, { maxLength: 8 }),
  wires: fc.array(wire, { maxLength: 10 }),
  variables: fc.array(variable, { maxLength: 3 }),
  settings,
  tags: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
}, { requiredKeys: ['format', 'nodes', 'wires'] });
/** Near-misses, sometimes with one more mutation: an unknown key, a missing key, a wrong type. */
const mutated = fc.tuple(nearMiss, fc.integer({ min: 0, max: 9 }), fc.jsonValue({ maxDepth: 1 })).map(([doc, m, junk]) => {
  const d = { ...doc } as Record<string, unknown>;
  if (m === 0) d.extra = junk;
  if (m === 1) delete d.wires;
  if (m === 2) d.nodes = junk;
  if (m === 3 && doc.nodes.length > 0) d.nodes = [...doc.nodes, { ...doc.nodes[0], extra: junk }];
  if (m === 4) d.wires = [...doc.wires, junk];
  return d;
});
/** A document that almost certainly has a trigger, so the later compiler stages run too. */
const withTrigger = nearMiss.map((doc) => ({ ...doc, nodes: [{ id: 'start', type: 'OnStart' }, ...doc.nodes] }));

describe('(a) the compiler never throws', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => { buildChecked(v); }), { numRuns: runs(300) });
  }, TIME);

  it('on arbitrary text and JSON text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), nearMiss.map((d) => JSON.stringify(d))), (t) => { buildChecked(t); }), { numRuns: runs(300) });
  }, TIME);

  it('on near-miss documents (random keys, types, pins, wires, defaults, configs)', () => {
    fc.assert(fc.property(fc.oneof(nearMiss, mutated, withTrigger), (doc) => { buildChecked(doc); }), { numRuns: runs(1500) });
  }, TIME);
});

function expectClean(r: RunResult, timeoutAllowed: boolean): void {
  expect(['completed', 'failed', 'timeout']).toContain(r.status);
  if (r.status === 'completed') expect(r.error).toBeNull();
  else {
    expect(r.error).not.toBeNull();
    expect(Object.hasOwn(ERRORS, r.error!.code), `uncatalogued run-time code ${r.error!.code}: ${r.error!.message}`).toBe(true);
    expect(ERRORS[r.error!.code as keyof typeof ERRORS].kind).toBe('runtime');
    // A JavaScript error escaping from generated code or a node is an engine bug, never a user error.
    expect(['TypeError', 'ReferenceError', 'SyntaxError', 'RangeError'], r.error!.message).not.toContain(r.error!.type);
  }
  if (!timeoutAllowed) expect(r.status).not.toBe('timeout');
}

// ── (b) random valid graphs ────────────────────────────────────────────────────────────────────────

type Scalar = 'Float' | 'Integer' | 'Boolean' | 'String';
type Want = Scalar | 'Any';
type Src = { node: string; pin: string };
interface Rand { int(min: number, max: number): number; chance(p: number): boolean; pick<T>(a: readonly T[]): T }

const OK_PIN_TYPES = new Set<PinType>(['Float', 'Integer', 'Boolean', 'String', 'Any']);
/** Deterministic pure nodes of these categories whose every input can be wired, given or defaulted. */
const PURE_DEFS: NodeDefinition[] = registry.all().filter((d) =>
  ['Math', 'Comparison', 'Logical', 'String', 'Literals', 'Type Conversion'].includes(d.category) &&
  isPure(d) && d.deterministic && !d.editorOnly && Array.isArray(d.inputs) && Array.isArray(d.outputs) &&
  (d.inputs as PinSpec[]).every((p) => OK_PIN_TYPES.has(p.type) || p.default !== undefined || (p.type === 'Enum' && p.options)) &&
  (d.outputs as PinSpec[]).some((p) => OK_PIN_TYPES.has(p.type)));

const CONSTS: Record<Scalar, readonly unknown[]> = {
  Float: [0, 1, -1, 2.5, -0.5, 3, 7, 1e6, 0.1],
  Integer: [0, 1, 2, 3, -2, 10],
  Boolean: [true, false],
  String: ['', 'a', 'Hello', '42', ' 7 ', 'true', '😀', '"\'`', '${x}', '\u2028'],
};
const VARS = [
  { name: 'f', type: 'Float', default: 1.5 }, { name: 'i', type: 'Integer', default: 2 },
  { name: 's', type: 'String', default: 'go' }, { name: 'b', type: 'Boolean', default: true },
  { name: 'w', type: 'Integer', default: 0 }, // the While counter: only While bodies change it
] as const;

class GraphBuilder {
  readonly nodes: PatternNode[] = [{ id: 'start', type: 'OnStart' }];
  readonly wires: PatternWire[] = [];
  private readonly pool: { src: Src; type: PinType }[] = [];
  /** Enclosing loops (for Break) and enclosing ForRange nodes (whose `index` can be read). */
  private readonly loops: string[] = [];
  private readonly indexed: string[] = [];
  /** Every data output of an impure node made so far: read from anywhere, it may not have run yet
   * (then it is null, SPEC §3), or hold a value from an earlier iteration. */
  private readonly stored: { src: Src; type: PinType }[] = [];
  private count = 0;
  endless = false;
  constructor(private readonly r: Rand, private readonly budget: number) {}

  private add(type: string, extra: Partial<PatternNode> = {}): string {
    const id = `${type.toLowerCase()}${this.count++}`;
    this.nodes.push({ id, type, ...extra });
    return id;
  }
  private wire(from: Src, to: Src): void { this.wires.push({ from, to }); }
  private get full(): boolean { return this.count >= this.budget; }

  private constant(t: Want): unknown {
    if (t === 'Any') return this.r.pick([null, 1, 'x', true, [1, 'a'], { k: 1 }, ...CONSTS.String]);
    // Occasionally a value of another scalar type that converts (a default that cannot is a compile error).
    if (this.r.chance(0.15)) {
      const v = this.r.pick(CONSTS[this.r.pick(['Float', 'String', 'Boolean', 'Integer'] as const)]);
      try { convert(v, t); return v; } catch { /* fall through */ }
    }
    return this.r.pick(CONSTS[t]);
  }

  /** Sets input `pin` of node `id`: a wire from an expression, a default, or nothing when optional. */
  private input(id: string, pin: PinSpec, depth: number, defaults: Record<string, unknown>): void {
    if (pin.type === 'Enum') { if (pin.options && this.r.chance(0.5)) defaults[pin.id] = this.r.pick(pin.options); return; }
    if (!OK_PIN_TYPES.has(pin.type)) return; // has a default (filtered above)
    const want = pin.type as Want;
    if (pin.default !== undefined && this.r.chance(0.25)) return;
    const e = this.expr(want, depth);
    if ('value' in e) defaults[pin.id] = e.value;
    else this.wire(e.src, { node: id, pin: pin.id });
  }

  /** An expression of (a type that connects to) `want`: a constant, a variable, a loop index, a
   * shared earlier node, or a new pure node. */
  expr(want: Want, depth: number): { value: unknown } | { src: Src } {
    const r = this.r;
    if (depth <= 0 || this.full || r.chance(0.25)) {
      const choice = r.int(0, 3);
      if (choice === 0) {
        const vars = VARS.filter((v) => canConnect(v.type, want === 'Any' ? 'Any' : want));
        const v = r.pick(vars);
        return { src: { node: this.add('GetVariable', { config: { variable: v.name } }), pin: 'value' } };
      }
      if (choice === 1 && this.indexed.length > 0 && canConnect('Integer', want) && r.chance(0.7)) return { src: { node: r.pick(this.indexed), pin: 'index' } };
      if (choice === 1) {
        const stored = this.stored.filter((p) => canConnect(p.type, want));
        if (stored.length > 0) return { src: r.pick(stored).src };
      }
      if (choice === 2) {
        const shared = this.pool.filter((p) => canConnect(p.type, want));
        if (shared.length > 0) return { src: r.pick(shared).src };
      }
      return { value: this.constant(want) };
    }
    const candidates = PURE_DEFS.flatMap((d) => (d.outputs as PinSpec[]).filter((o) => OK_PIN_TYPES.has(o.type) && canConnect(o.type, want)).map((o) => ({ d, o })));
    const { d, o } = r.pick(candidates);
    const defaults: Record<string, unknown> = {};
    const id = this.add(d.type);
    for (const p of d.inputs as PinSpec[]) this.input(id, p, depth - 1, defaults);
    if (Object.keys(defaults).length > 0) this.nodes.find((n) => n.id === id)!.defaults = defaults;
    const src = { node: id, pin: o.id };
    this.pool.push({ src, type: o.type });
    return { src };
  }

  private data(id: string, pin: string, want: Want, extra: Record<string, unknown> = {}): void {
    const e = this.expr(want, 3);
    const n = this.nodes.find((x) => x.id === id)!;
    const defaults = { ...n.defaults, ...extra, ...('value' in e ? { [pin]: e.value } : {}) };
    if (Object.keys(defaults).length > 0) n.defaults = defaults;
    if ('src' in e) this.wire(e.src, { node: id, pin });
  }

  /** Runs a compound node (no single continuation) inside a Sequence so the chain can go on. */
  private wrap(from: Src): { at: Src; next: Src } {
    const seq = this.add('Sequence', { config: { count: 2 } });
    this.wire(from, { node: seq, pin: 'exec' });
    return { at: { node: seq, pin: 'then0' }, next: { node: seq, pin: 'then1' } };
  }

  /** A chain of statements starting at exec output `from`. */
  chain(from: Src, depth: number, minLength = 0): void {
    const r = this.r;
    let cur = from;
    const length = r.int(minLength, Math.max(minLength, depth > 0 ? 4 : 2));
    for (let k = 0; k < length && !this.full; k++) {
      const kinds = ['Log', 'Log', 'Set', 'Inc', 'Append', 'Delay', 'Throw', 'Stop'];
      if (depth > 0) kinds.push('Branch', 'Gate', 'ForRange', 'While', 'TryCatch', 'Switch', 'Sequence');
      if (this.loops.length > 0) kinds.push('Break');
      const kind = r.pick(kinds);
      const exec = (id: string) => this.wire(cur, { node: id, pin: 'exec' });
      switch (kind) {
        case 'Log': {
          const id = this.add('Log');
          exec(id);
          this.data(id, 'message', 'Any', r.chance(0.3) ? { level: r.pick(['debug', 'warn', 'error']) } : {});
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Set': {
          const v = r.pick(VARS.filter((x) => x.name !== 'w'));
          const id = this.add('SetVariable', { config: { variable: v.name } });
          this.stored.push({ src: { node: id, pin: 'value' }, type: v.type });
          exec(id);
          this.data(id, 'value', v.type);
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Inc': {
          const variable = r.pick(['f', 'i'] as const);
          const id = this.add('IncrementVariable', { config: { variable } });
          this.stored.push({ src: { node: id, pin: 'newValue' }, type: variable === 'i' ? 'Integer' : 'Float' });
          exec(id);
          if (r.chance(0.5)) this.data(id, 'amount', 'Float');
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Append': {
          const id = this.add('AppendToString', { config: { variable: 's' } });
          exec(id);
          this.data(id, 'text', 'String');
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Delay': {
          const id = this.add('Delay', { defaults: { seconds: r.pick([0, 0.001]) } });
          exec(id);
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Throw': case 'Stop': case 'Break': {
          const id = this.add(kind === 'Throw' ? 'ThrowError' : kind, kind === 'Throw' ? { defaults: { message: r.pick(['boom', '"];x//']) } } : {});
          exec(id);
          return; // nothing runs after these
        }
        case 'Branch': case 'Gate': {
          const { at, next } = kind === 'Branch' ? this.wrap(cur) : { at: cur, next: undefined };
          const id = this.add(kind);
          this.wire(at, { node: id, pin: 'exec' });
          this.data(id, 'condition', 'Boolean');
          if (kind === 'Branch') {
            this.chain({ node: id, pin: 'true' }, depth - 1);
            this.chain({ node: id, pin: 'false' }, depth - 1);
            cur = next!;
          } else cur = { node: id, pin: 'then' };
          break;
        }
        case 'ForRange': {
          const id = this.add('ForRange', { defaults: { start: r.int(-1, 2), end: r.int(0, 4), step: r.pick([1, 1, 2, -1]) } });
          this.stored.push({ src: { node: id, pin: 'index' }, type: 'Integer' });
          exec(id);
          this.loops.push(id);
          this.indexed.push(id);
          this.chain({ node: id, pin: 'body' }, depth - 1);
          this.indexed.pop();
          this.loops.pop();
          cur = { node: id, pin: 'completed' };
          break;
        }
        case 'While': {
          const id = this.add('While');
          exec(id);
          if (r.chance(0.03)) {
            // An endless loop: must end in `timeout`, never hang the test.
            this.endless = true;
            this.nodes.find((n) => n.id === id)!.defaults = { condition: true };
          } else {
            // w < limit, and the body's first statement increments w: always terminates.
            const lt = this.add('LessThan', { defaults: { b: r.int(0, 3) } });
            const w = this.add('GetVariable', { config: { variable: 'w' } });
            this.wire({ node: w, pin: 'value' }, { node: lt, pin: 'a' });
            this.wire({ node: lt, pin: 'result' }, { node: id, pin: 'condition' });
          }
          const inc = this.add('IncrementVariable', { config: { variable: 'w' } });
          this.wire({ node: id, pin: 'body' }, { node: inc, pin: 'exec' });
          this.loops.push(id);
          this.chain({ node: inc, pin: 'then' }, depth - 1);
          this.loops.pop();
          cur = { node: id, pin: 'completed' };
          break;
        }
        case 'TryCatch': {
          const { at, next } = this.wrap(cur);
          const id = this.add('TryCatch');
          this.wire(at, { node: id, pin: 'exec' });
          this.chain({ node: id, pin: 'try' }, depth - 1);
          this.chain({ node: id, pin: 'catch' }, depth - 1);
          if (r.chance(0.5)) this.chain({ node: id, pin: 'finally' }, depth - 1);
          cur = next;
          break;
        }
        case 'Switch': {
          const { at, next } = this.wrap(cur);
          const cases = Array.from({ length: r.int(0, 3) }, () => this.constant('Any'));
          const id = this.add('Switch', { config: { cases } });
          this.wire(at, { node: id, pin: 'exec' });
          this.data(id, 'value', 'Any');
          cases.forEach((_c, i) => { if (r.chance(0.7)) this.chain({ node: id, pin: `case${i}` }, depth - 1); });
          this.chain({ node: id, pin: 'default' }, depth - 1);
          cur = next;
          break;
        }
        case 'Sequence': {
          const n = r.int(1, 3);
          const id = this.add('Sequence', { config: { count: n } });
          exec(id);
          for (let i = 0; i < n - 1; i++) this.chain({ node: id, pin: `then${i}` }, depth - 1);
          cur = { node: id, pin: `then${n - 1}` };
          break;
        }
      }
    }
  }

  document(): PatternDocument {
    return { format: FORMAT, name: 'random', variables: VARS.map((v) => ({ ...v })), nodes: this.nodes, wires: this.wires, settings: { timeoutMs: this.endless ? 100 : 3_000 } } as PatternDocument;
  }
}

const validGraph = fc.gen().map((g) => {
  const r: Rand = {
    int: (min, max) => g(fc.integer, { min, max }),
    chance: (p) => g(fc.integer, { min: 0, max: 999 }) < p * 1000,
    pick: <T,>(a: readonly T[]) => a[g(fc.integer, { min: 0, max: a.length - 1 })]!,
  };
  const b = new GraphBuilder(r, 60);
  b.chain({ node: 'start', pin: 'then' }, 3, 3);
  return { doc: b.document(), endless: b.endless };
});

/** A run of the asynchronous variant, in the same shape as execute()'s result. */
async function asyncOutcome(doc: PatternDocument) {
  const c = build(doc);
  if (!c.ok) throw new Error('does not compile');
  try {
    const ctx = await runAsyncVariant(c.compiled);
    return { status: ctx.error ? 'failed' : 'completed', logs: ctx.logs, error: ctx.error };
  } catch (e) {
    if (e instanceof TimeoutSignal) return { status: 'timeout', logs: [], error: null };
    throw e;
  }
}

/** A valid graph with a few random edits: the nearest near-misses. Some still compile. */
const perturbed = fc.tuple(validGraph, fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.nat(), fc.oneof(pinName, fc.constantFrom(...TYPES)), fc.jsonValue({ maxDepth: 1 })), { minLength: 1, maxLength: 3 }))
  .map(([{ doc }, edits]) => {
    const d = JSON.parse(JSON.stringify(doc)) as { nodes: Record<string, any>[]; wires: { from: Src; to: Src }[]; variables: unknown[] };
    for (const [kind, at, word, junk] of edits) {
      const n = d.nodes[at % d.nodes.length]!;
      const w = d.wires.length > 0 ? d.wires[at % d.wires.length]! : undefined;
      if (kind === 0 && w) d.wires.splice(at % d.wires.length, 1);
      if (kind === 1 && w) w.to.pin = String(word);
      if (kind === 2 && w) w.from.node = d.nodes[(at * 7) % d.nodes.length]!.id;
      if (kind === 3) n.defaults = { ...n.defaults, [String(word)]: junk };
      if (kind === 4) n.type = String(word);
      if (kind === 5) n.config = { ...n.config, variable: String(word) };
      if (kind === 6 && w) d.wires.push({ from: { ...w.from }, to: { node: d.nodes[(at * 3) % d.nodes.length]!.id, pin: String(word) } });
      if (kind === 7) d.variables.splice(at % d.variables.length, 1);
    }
    return d;
  });

describe('(a) perturbed valid graphs', () => {
  it('never throw; those that compile run to a clean end', async () => {
    let compiled = 0;
    await fc.assert(fc.asyncProperty(perturbed, async (doc) => {
      const r = buildChecked(doc);
      if (!r.ok) return;
      compiled++;
      expectClean(await run(doc, {}, { timeoutMs: 200 }), true);
    }), { numRuns: runs(300) });
    expect(compiled).toBeGreaterThan(0);
  }, TIME);
});

describe('(b) random valid graphs', () => {
  it('the generator covers the node kinds it means to', () => {
    expect(PURE_DEFS.length).toBeGreaterThan(20);
    const seen = new Set<string>();
    fc.assert(fc.property(validGraph, ({ doc }) => { for (const n of doc.nodes) seen.add(n.type); }), { numRuns: 200, seed: 1 });
    for (const t of ['Log', 'SetVariable', 'Branch', 'Sequence', 'ForRange', 'While', 'TryCatch', 'Switch', 'Add', 'Concat', 'And', 'GreaterThan']) expect(seen).toContain(t);
  });

  it('compile with no errors into valid JavaScript and run to a clean end; all variants agree', async () => {
    await fc.assert(fc.asyncProperty(validGraph, async ({ doc, endless }) => {
      const r = buildChecked(doc);
      expect(r.errors).toEqual([]);
      expect(r.warnings.filter((w) => w.code !== 'UNUSED_VARIABLE')).toEqual([]);
      const t0 = performance.now();
      const res = await run(doc);
      if (process.env.PROPERTY_STATS) console.log('STAT', Math.round(performance.now() - t0), doc.nodes.length, res.status, res.error?.code || '-', r.compiled!.async ? 'async' : 'sync', res.logs.length);
      expectClean(res, endless);
      // With an endless loop the outcome depends on timing (a Delay may outlast a short deadline).
      if (endless) return;

      // Untraced build: same behaviour.
      const plain = compile(doc, { registry, trace: false });
      expect(plain.ok).toBe(true);
      const untraced = await execute(plain.compiled!, {});
      expect({ status: untraced.status, logs: untraced.logs, error: untraced.error }).toEqual({ status: res.status, logs: res.logs, error: res.error });

      // The asynchronous variant (what a long loop switches to): same behaviour.
      if (r.compiled!.runSync) {
        const a = await asyncOutcome(doc);
        expect(a).toEqual({ status: res.status, logs: res.logs, error: res.error });
      }
    }), { numRuns: runs(250), endOnFailure: SCALE > 1 });
  }, TIME);
});
