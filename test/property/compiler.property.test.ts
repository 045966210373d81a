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
import type { PatternDocument } from '../../src/pattern/schema.js';
import { TimeoutSignal } from '../../src/runtime/context.js';
import type { Diagnostic } from '../../src/compiler/diagnostic.js';
import { assertValidJs, forbiddenCode, runAsyncVariant } from '../hostile/codegen-safety.js';
import { graphs, PURE_DEFS, type Src } from './graphs.js';

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
const nodeType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TYPES) },
  fc.constantFrom('Bogus', 'onStart', 'On', '__proto__', 'constructor', 'toString', ''),
  fc.string({ maxLength: 8 }),
);
const pinName = fc.oneof(
  fc.constantFrom(
    'then',
    'exec',
    'a',
    'b',
    'value',
    'result',
    'message',
    'condition',
    'true',
    'false',
    'body',
    'completed',
    'index',
    'item',
    'case0',
    'then0',
    'item0',
    'end',
    'object',
    'key',
    'try',
    'catch',
    'error',
  ),
  smallString,
);
const pinTypeName = fc.constantFrom('String', 'Integer', 'Float', 'Boolean', 'Object', 'Array', 'DateTime', 'Binary', 'Any', 'Null', 'Enum', 'Exec', 'Nope');
const config = fc.oneof(
  fc.record({ keys: fc.array(smallString, { maxLength: 4 }) }),
  fc.record({ cases: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) }),
  fc.record({ variable: fc.constantFrom('f', 'i', 's', 'b', 'nope', '') }),
  fc.record({ count: fc.oneof(fc.integer({ min: -3, max: 120 }), fc.double(), fc.constant('2' as unknown as number)) }),
  fc.record(
    {
      inputs: fc.array(fc.record({ name: smallString, type: pinTypeName }), { maxLength: 3 }),
      outputs: fc.array(fc.record({ name: smallString, type: pinTypeName }), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      cron: fc.constantFrom('* * * * *', '0 9 * * MON-FRI', 'bogus', '', '61 * * * *', '* * * * * * *'),
      timezone: fc.constantFrom('UTC', 'Europe/Paris', 'Mars/Base', ''),
    },
    { requiredKeys: [] },
  ),
  fc.record({ pattern: smallString }),
  fc.record(
    { responseMode: fc.constantFrom('immediate', 'lastNode', 'responseNode', 'other'), requireSignature: fc.jsonValue({ maxDepth: 0 }) },
    { requiredKeys: [] },
  ),
  fc.dictionary(smallString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const defaults = fc.dictionary(pinName, fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(1e308, -0, 'abc', '12', 'true')), { maxKeys: 3 });
const node = fc.record(
  {
    id: nodeId,
    type: nodeType,
    name: fc.string({ maxLength: 5 }),
    description: fc.string({ maxLength: 5 }),
    position: fc.record({ x: fc.double({ noNaN: true }), y: fc.integer() }),
    config,
    defaults,
  },
  { requiredKeys: ['id', 'type'] },
);
const pinRef = fc.record({ node: nodeId, pin: pinName });
const wire = fc.record({ from: pinRef, to: pinRef });
const variable = fc.record(
  {
    name: fc.constantFrom('f', 'i', 's', 'b', 'o', ''),
    type: fc.constantFrom('Float', 'Integer', 'String', 'Boolean', 'Object', 'Array', 'Any', 'Exec', 'Enum'),
    default: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: ['name', 'type'] },
);
const settings = fc.record(
  { timeoutMs: fc.integer({ min: -1, max: 100_000_000 }), retries: fc.integer({ min: -1, max: 200 }), bogus: fc.boolean() },
  { requiredKeys: [] },
);
const nearMiss = fc.record(
  {
    format: fc.oneof({ weight: 8, arbitrary: fc.constant(FORMAT) }, fc.constantFrom('dragops.pattern/2', '', 'dragops.pattern/0')),
    nodes: fc.array(node, { maxLength: 8 }),
    wires: fc.array(wire, { maxLength: 10 }),
    variables: fc.array(variable, { maxLength: 3 }),
    settings,
    tags: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  },
  { requiredKeys: ['format', 'nodes', 'wires'] },
);
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
  it(
    'on arbitrary JSON values',
    () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
          buildChecked(v);
        }),
        { numRuns: runs(300) },
      );
    },
    TIME,
  );

  it(
    'on arbitrary text and JSON text',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
            nearMiss.map((d) => JSON.stringify(d)),
          ),
          (t) => {
            buildChecked(t);
          },
        ),
        { numRuns: runs(300) },
      );
    },
    TIME,
  );

  it(
    'on near-miss documents (random keys, types, pins, wires, defaults, configs)',
    () => {
      fc.assert(
        fc.property(fc.oneof(nearMiss, mutated, withTrigger), (doc) => {
          buildChecked(doc);
        }),
        { numRuns: runs(1500) },
      );
    },
    TIME,
  );
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

const validGraph = graphs();

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
const perturbed = fc
  .tuple(
    validGraph,
    fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.nat(), fc.oneof(pinName, fc.constantFrom(...TYPES)), fc.jsonValue({ maxDepth: 1 })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
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
  it(
    'never throw; those that compile run to a clean end',
    async () => {
      let compiled = 0;
      await fc.assert(
        fc.asyncProperty(perturbed, async (doc) => {
          const r = buildChecked(doc);
          if (!r.ok) return;
          compiled++;
          expectClean(await run(doc, {}, { timeoutMs: 200 }), true);
        }),
        { numRuns: runs(300) },
      );
      expect(compiled).toBeGreaterThan(0);
    },
    TIME,
  );
});

describe('(b) random valid graphs', () => {
  it('the generator covers the node kinds it means to', () => {
    expect(PURE_DEFS.length).toBeGreaterThan(20);
    const seen = new Set<string>();
    fc.assert(
      fc.property(validGraph, ({ doc }) => {
        for (const n of doc.nodes) seen.add(n.type);
      }),
      { numRuns: 200, seed: 1 },
    );
    for (const t of ['Log', 'SetVariable', 'Branch', 'Sequence', 'ForRange', 'While', 'TryCatch', 'Switch', 'Add', 'Concat', 'And', 'GreaterThan'])
      expect(seen).toContain(t);
  });

  it(
    'compile with no errors into valid JavaScript and run to a clean end; all variants agree',
    async () => {
      await fc.assert(
        fc.asyncProperty(validGraph, async ({ doc, endless }) => {
          const r = buildChecked(doc);
          expect(r.errors).toEqual([]);
          expect(r.warnings.filter((w) => w.code !== 'UNUSED_VARIABLE')).toEqual([]);
          const t0 = performance.now();
          const res = await run(doc);
          if (process.env.PROPERTY_STATS)
            console.log(
              'STAT',
              Math.round(performance.now() - t0),
              doc.nodes.length,
              res.status,
              res.error?.code || '-',
              r.compiled!.async ? 'async' : 'sync',
              res.logs.length,
            );
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
        }),
        { numRuns: runs(250), endOnFailure: SCALE > 1 },
      );
    },
    TIME,
  );
});
