// The hostile corpus (SPEC §5: generated code is injection-proof by construction). Every string a
// document can carry is tried in every place it can go; for each we compile, check the generated
// source (valid JavaScript, document text only inside JSON string literals), run both variants, and
// check that nothing ran (sentinel), the values came back intact, and no prototype was touched.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { build, pattern, run } from '../helpers.js';
import type { PatternDocument } from '../../src/pattern/schema.js';
import type { CompiledPattern } from '../../src/compiler/index.js';
import type { RunResult } from '../../src/runtime/execute.js';
import { ERRORS } from '../../src/errors/catalog.js';
import { assertValidJs, forbiddenCode, runAsyncVariant, scan } from './codegen-safety.js';

declare global {
  var __pwned: boolean | undefined;
}

const S = 'globalThis.__pwned=true';

/** Strings that break out of a literal, a comment or a template in some syntax context, each with
 * the sentinel as the code it would run. */
const BREAKOUTS = [
  `"+(${S})+"`,
  `'+(${S})+'`,
  '`+(' + S + ')+`',
  '${' + S + '}',
  '`${' + S + '}`',
  `*/${S};/*`,
  `*/ ${S} //`,
  `\n${S};//`,
  `\r\n${S};//`,
  `\u2028${S};//`,
  `\u2029${S};//`,
  `</script><script>${S}</script>`,
  `"];${S};//`,
  `"]);${S};//`,
  `"});${S};//`,
  `\\"];${S};//`,
  `'];${S};//`,
  `\`];${S};//`,
  `"}; ${S}; {"`,
  S,
  `);${S};(`,
  `\\u0022;${S};//`,
  `\\\\"+(${S})+"`,
  `"\u0000+(${S})+"`,
  `\\x22;${S};//`,
  `$&${S}$'`,
];

/** Structural oddities: quotes, comment markers, line separators, prototype names, NUL, emoji… */
const ODDITIES = [
  '"',
  "'",
  '`',
  '${process.exit(1)}',
  '*/',
  '/*',
  '//',
  '\u2028',
  '\u2029',
  '</script>',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
  '"];process.exit(1);//',
  '\\',
  '\\\\',
  '\u0000',
  'a\u0000b',
  '😀',
  '👩‍👩‍👧‍👦',
  '\uD800',
  '\uDFFF',
  '\u200B',
  '\u202E',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'length',
  'exec',
  'a.b',
  'a..b',
  '.',
  '{',
  '}',
  '{x}',
  '$',
  '$c[0]',
  '$rt',
  'ctx',
  'event',
  'return',
  'await',
  'this',
  '});',
  '\t\v\f',
];

const LONG = ['x'.repeat(150) + `"+(${S})+"`, `\u2028`.repeat(180), '"'.repeat(190)];

const CORPUS: string[] = [...new Set([...BREAKOUTS, ...ODDITIES, ...LONG])];

const show = (p: string) => JSON.stringify(p.length > 40 ? `${p.slice(0, 37)}…` : p);
const fit = (p: string, max: number) => (p.length > max ? p.slice(0, max) : p);
/** A second, distinct id derived from a payload (node ids are unique; max 200 chars). */
const idOf = (p: string, suffix = '') => fit(p, 200 - suffix.length) + suffix;

const baselineProto = Object.getOwnPropertyNames(Object.prototype).sort();
const baselineArrayProto = Object.getOwnPropertyNames(Array.prototype).sort();
const realExit = process.exit;

beforeAll(() => {
  // If a payload ever ran process.exit, record it instead of killing the test worker.
  vi.spyOn(process, 'exit').mockImplementation(((..._a: unknown[]) => {
    globalThis.__pwned = true;
    throw new Error('process.exit called');
  }) as never);
});
afterAll(() => {
  vi.restoreAllMocks();
  expect(process.exit).toBe(realExit);
});
beforeEach(() => {
  globalThis.__pwned = false;
});
afterEach(() => {
  expect(globalThis.__pwned).toBe(false);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(baselineProto);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(baselineArrayProto);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** Both source variants: valid JavaScript, document text confined to JSON string literals. */
function checkSources(c: CompiledPattern, payloads: readonly string[] = []): void {
  for (const variant of ['sync', 'async'] as const) {
    const src = c.source(variant);
    assertValidJs(src, variant);
    expect(forbiddenCode(src), `${variant} source has forbidden text outside string literals`).toEqual([]);
    const { code } = scan(src);
    for (const p of payloads) {
      // The executable part of a payload never appears as code.
      if (/pwned|process/.test(p)) expect(code.includes(p), `payload ${show(p)} outside a literal`).toBe(false);
    }
  }
}

function compileOk(doc: unknown, opts: Parameters<typeof build>[1] = {}): CompiledPattern {
  const r = build(doc, opts);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r.compiled;
}

/** Compiles, checks the sources, runs the synchronous path (through execute) and the async variant. */
async function exercise(
  doc: PatternDocument,
  payloads: readonly string[],
  event: Record<string, unknown> = {},
  opts: Parameters<typeof run>[2] = {},
): Promise<RunResult> {
  const c = compileOk(doc, opts);
  checkSources(c, payloads);
  const r = await run(doc, event, opts);
  await runAsyncVariant(c, event).catch(() => undefined); // outcome checked through `r`; only side effects matter here
  expect(globalThis.__pwned).toBe(false);
  return r;
}

const ownValue = (o: unknown, k: string) => Object.getOwnPropertyDescriptor(o, k)?.value;

describe.each(CORPUS.map((p) => [show(p), p] as const))('payload %s', (_label, P) => {
  it('as node ids (trigger, Log, MakeString, ThrowError) and wire endpoints', async () => {
    const t = idOf(P),
      s = idOf(P, '#s'),
      l = idOf(P, '#l'),
      e = idOf(P, '#e');
    const doc: PatternDocument = {
      format: 'dragops.pattern/1',
      nodes: [
        { id: t, type: 'OnStart' },
        { id: s, type: 'MakeString', defaults: { value: P } },
        { id: l, type: 'Log' },
        { id: e, type: 'ThrowError', defaults: { message: P, type: P } },
      ],
      wires: [
        { from: { node: t, pin: 'then' }, to: { node: l, pin: 'exec' } },
        { from: { node: s, pin: 'value' }, to: { node: l, pin: 'message' } },
        { from: { node: l, pin: 'then' }, to: { node: e, pin: 'exec' } },
      ],
    };
    const r = await exercise(doc, [P]);
    expect(r.status).toBe('failed');
    expect(r.logs).toEqual([{ level: 'info', message: P, nodeId: l }]);
    expect(r.error).toMatchObject({ code: 'USER_ERROR', message: P, type: P || 'Error', nodeId: e });
    const ids = r.trace.entries.map((x) => x.nodeId);
    expect(ids).toContain(l);
    expect(Object.keys(r.trace.runs)).toContain(l);
  });

  it('as node names and descriptions, pattern id/name/description/tags', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart', name: fit(P, 500) },
        { id: 'log', type: 'Log', name: fit(P, 500), defaults: { message: P } },
      ],
      ['start.then -> log.exec'],
      { id: fit(P, 200) || 'x', name: fit(P, 500), description: P, tags: [fit(P, 100), 'ok'] },
    );
    (doc.nodes[1] as { description?: string }).description = P;
    const r = await exercise(doc, [P]);
    expect(r.status).toBe('completed');
    expect(r.logs[0]?.message).toBe(P);
    expect(r.trace.entries.find((x) => x.nodeId === 'log')?.nodeName).toBe(fit(P, 500));
  });

  it('as a variable name and its String default, read and written', async () => {
    const name = fit(P, 200) || 'v';
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'get', type: 'GetVariable', config: { variable: name } },
        { id: 'cat', type: 'Concat', defaults: { b: P } },
        { id: 'set', type: 'SetVariable', config: { variable: name } },
        { id: 'read', type: 'GetVariable', config: { variable: name } },
        { id: 'log', type: 'Log' },
        { id: 'app', type: 'AppendToString', config: { variable: name }, defaults: { text: P } },
        { id: 'log2', type: 'Log' },
      ],
      [
        'start.then -> set.exec',
        'set.then -> log.exec',
        'log.then -> app.exec',
        'app.then -> log2.exec',
        'get.value -> cat.a',
        'cat.result -> set.value',
        'read.value -> log.message',
        'read.value -> log2.message',
      ],
      { variables: [{ name, type: 'String', default: P }] },
    );
    const r = await exercise(doc, [P, name]);
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual([P + P, P + P + P]);
  });

  it('as Log messages and levels, and string defaults of pins', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'log', type: 'Log', defaults: { message: P, level: 'warn' } },
        { id: 'up', type: 'ToUpper', defaults: { value: P } },
        { id: 'eq', type: 'Equal', defaults: { a: P, b: P } },
        { id: 'sel', type: 'Select', defaults: { ifTrue: P, ifFalse: 'no' } },
        { id: 'log2', type: 'Log' },
        { id: 'log3', type: 'Log' },
      ],
      [
        'start.then -> log.exec',
        'log.then -> log2.exec',
        'log2.then -> log3.exec',
        'up.result -> log2.message',
        'eq.result -> sel.condition',
        'sel.result -> log3.message',
      ],
    );
    const r = await exercise(doc, [P]);
    expect(r.status).toBe('completed');
    expect(r.logs).toEqual([
      { level: 'warn', message: P, nodeId: 'log' },
      { level: 'info', message: P.toUpperCase(), nodeId: 'log2' },
      { level: 'info', message: P, nodeId: 'log3' },
    ]);
    // A level that is not one of the Enum options is reported, never compiled.
    const bad = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'log', type: 'Log', defaults: { message: P, level: P } },
      ],
      ['start.then -> log.exec'],
    );
    const b = build(bad);
    expect(b.ok).toBe(false);
    expect(b.errors.map((d) => d.code)).toEqual(['INVALID_CONFIG']);
  });

  it('as a long (> 200 char) string default, passed by reference', async () => {
    const big = P.repeat(Math.ceil(100_000 / Math.max(1, P.length))) + P;
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'log', type: 'Log', defaults: { message: big } },
      ],
      ['start.then -> log.exec'],
    );
    const r = await exercise(doc, [P]);
    expect(r.logs[0]?.message).toBe(big);
  });

  it('as a MakeObject key (wired pin name and default) and a SetProperty / GetProperty key', async () => {
    const keys = [P, 'other'].filter((k, i, a) => k !== '' && a.indexOf(k) === i);
    const wires = [
      { from: { node: 'start', pin: 'then' }, to: { node: 'respond', pin: 'exec' } },
      { from: { node: 'val', pin: 'value' }, to: { node: 'obj', pin: keys[0]! } },
      { from: { node: 'obj', pin: 'object' }, to: { node: 'respond', pin: 'body' } },
    ];
    const doc: PatternDocument = {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 'start', type: 'OnStart' },
        { id: 'val', type: 'MakeString', defaults: { value: P } },
        { id: 'obj', type: 'MakeObject', config: { keys } },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      wires,
    };
    if (P === '') {
      expect(build(doc).errors.map((d) => d.code)).toContain('INVALID_CONFIG');
      return;
    }
    const r = await exercise(doc, [P]);
    expect(r.status).toBe('completed');
    const body = r.response?.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.keys(body).sort()).toEqual([...keys].sort());
    expect(Object.hasOwn(body, P)).toBe(true);
    expect(ownValue(body, P)).toBe(P);
    if (keys.length > 1) expect(body.other).toBeNull();
    // JSON round trip keeps the key as data.
    expect(Object.hasOwn(JSON.parse(JSON.stringify(body)), P)).toBe(true);
  });

  it('as a GetProperty / SetProperty key on objects from the event', async () => {
    const event = { body: JSON.parse(`{${JSON.stringify(P)}: {"deep": 1}, "__proto__": {"polluted": true}, "plain": 2}`) };
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'get', type: 'GetProperty', defaults: { key: P } },
        { id: 'set', type: 'SetProperty', defaults: { key: P, value: P } },
        { id: 'obj', type: 'MakeObject', config: { keys: ['got', 'found', 'set'] } },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      [
        'hook.then -> respond.exec',
        'hook.body -> get.object',
        'hook.body -> set.object',
        'get.value -> obj.got',
        'get.found -> obj.found',
        'set.result -> obj.set',
        'obj.object -> respond.body',
      ],
    );
    const r = await exercise(doc, [P], event);
    if (P === '') {
      expect(r.status).toBe('failed');
      return;
    } // SetProperty refuses an empty key
    expect(r.status).toBe('completed');
    const out = r.response?.body as { got: unknown; found: boolean; set: Record<string, unknown> };
    if (!P.includes('.')) {
      expect(out.found).toBe(true);
      expect(out.got).toEqual(P === '__proto__' ? { polluted: true } : { deep: 1 });
      expect(ownValue(out.set, P)).toBe(P);
      expect(Object.getPrototypeOf(out.set)).toBe(Object.prototype);
      expect(out.set.plain).toBe(2);
    }
    expect(Object.hasOwn(event.body, '__proto__')).toBe(true); // the input was not mutated
    expect(ownValue(event.body, P)).toEqual(P === '__proto__' ? { polluted: true } : { deep: 1 });
  });

  it('as a GetProperty key on an object that lacks it: never an inherited member', async () => {
    if (P.includes('.') || P === '') return;
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'empty', type: 'MakeObject', config: { keys: ['unrelated'] } },
        { id: 'get', type: 'GetProperty', defaults: { key: P } },
        { id: 'obj', type: 'MakeObject', config: { keys: ['value', 'found'] } },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      ['start.then -> respond.exec', 'empty.object -> get.object', 'get.value -> obj.value', 'get.found -> obj.found', 'obj.object -> respond.body'],
    );
    const r = await exercise(doc, [P]);
    const body = r.response?.body as Record<string, unknown>;
    expect(body).toEqual({ value: null, found: false });
  });

  it('as Switch cases (string and inside objects) and the switched value', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'sw', type: 'Switch', config: { cases: [{ [P]: P }, P, [P]] }, defaults: { value: P } },
        { id: 'log0', type: 'Log', defaults: { message: 'object' } },
        { id: 'log1', type: 'Log', defaults: { message: 'string' } },
        { id: 'logd', type: 'Log', defaults: { message: 'default' } },
      ],
      ['start.then -> sw.exec', 'sw.case0 -> log0.exec', 'sw.case1 -> log1.exec', 'sw.default -> logd.exec'],
    );
    const r = await exercise(doc, [P]);
    expect(r.logs.map((l) => l.message)).toEqual(['string']);
  });

  it('as OnPatternCall input and output names, RespondWith pins and the event', async () => {
    const name = fit(P, 200);
    if (name === '' || name === 'then' || name === 'exec') {
      // Names that clash with execution pins (CallPattern's `exec`/`then`, RespondWith's `exec`) are config errors.
      const doc = pattern([
        { id: 't', type: 'OnPatternCall', config: { inputs: [{ name, type: 'String' }], outputs: name === 'exec' ? [{ name, type: 'String' }] : [] } },
      ]);
      const r = build(doc);
      expect(r.ok).toBe(false);
      expect(r.errors.every((d) => d.code === 'INVALID_CONFIG')).toBe(true);
      return;
    }
    const doc: PatternDocument = {
      format: 'dragops.pattern/1',
      nodes: [
        {
          id: 't',
          type: 'OnPatternCall',
          config: {
            inputs: [
              { name, type: 'String' },
              { name: 'n', type: 'Integer' },
            ],
            outputs: [
              { name, type: 'String' },
              { name: 'o', type: 'Any' },
            ],
          },
        },
        { id: 'cat', type: 'Concat', defaults: { b: P } },
        { id: 'log', type: 'Log' },
        { id: 'resp', type: 'RespondWith' },
      ],
      wires: [
        { from: { node: 't', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
        { from: { node: 'log', pin: 'then' }, to: { node: 'resp', pin: 'exec' } },
        { from: { node: 't', pin: name }, to: { node: 'log', pin: 'message' } },
        { from: { node: 't', pin: name }, to: { node: 'cat', pin: 'a' } },
        { from: { node: 'cat', pin: 'result' }, to: { node: 'resp', pin: name } },
      ],
    };
    const inputs = JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(P)}, "n": 1}`);
    const r = await exercise(doc, [P], { inputs });
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual([P]);
    expect(r.outputs).not.toBeNull();
    expect(Object.keys(r.outputs!)).toContain(name);
    expect(ownValue(r.outputs, name)).toBe(P + P);
    expect(Object.getPrototypeOf(r.outputs)).toBe(Object.prototype);
  });

  it('as a CallPattern target id and callee interface names', async () => {
    const id = fit(P, 200);
    const name = fit(P, 200);
    if (id === '' || name === 'then' || name === 'exec') return;
    const callee: PatternDocument = {
      format: 'dragops.pattern/1',
      id,
      nodes: [
        { id: 't', type: 'OnPatternCall', config: { inputs: [{ name, type: 'String' }], outputs: [{ name, type: 'String' }] } },
        { id: 'resp', type: 'RespondWith' },
      ],
      wires: [
        { from: { node: 't', pin: 'then' }, to: { node: 'resp', pin: 'exec' } },
        { from: { node: 't', pin: name }, to: { node: 'resp', pin: name } },
      ],
    };
    const caller: PatternDocument = {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 'start', type: 'OnStart' },
        { id: 'call', type: 'CallPattern', config: { pattern: id }, defaults: { [name]: P } },
        { id: 'log', type: 'Log' },
      ],
      wires: [
        { from: { node: 'start', pin: 'then' }, to: { node: 'call', pin: 'exec' } },
        { from: { node: 'call', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
        { from: { node: 'call', pin: name }, to: { node: 'log', pin: 'message' } },
      ],
    };
    // `defaults: {[name]: P}` with name "__proto__" must be an own key; build it as JSON would.
    caller.nodes[1]!.defaults = JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(P)}}`);
    const patterns = JSON.parse('{}') as Record<string, PatternDocument>;
    Object.defineProperty(patterns, id, { value: callee, enumerable: true });
    const r = await exercise(caller, [P], {}, { patterns });
    expect(r.error).toBeNull();
    expect(r.logs.map((l) => l.message)).toEqual([P]);
  });

  it('as a Format template and placeholder path', async () => {
    const values = JSON.parse(`{${JSON.stringify(P)}: "V"}`);
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'f1', type: 'Format', defaults: { template: P, values } },
        { id: 'f2', type: 'Format', defaults: { template: `<{${P}}>`, values } },
        { id: 'log1', type: 'Log' },
        { id: 'log2', type: 'Log' },
      ],
      ['start.then -> log1.exec', 'log1.then -> log2.exec', 'f1.result -> log1.message', 'f2.result -> log2.message'],
    );
    const r = await exercise(doc, [P]);
    expect(r.status).toBe('completed');
    if (!/[{}]/.test(P)) expect(r.logs[0]?.message).toBe(P);
    if (!/[{}.]/.test(P) && P.trim() === P && P !== '') expect(r.logs[1]?.message).toBe('<V>');
  });

  it('as GetSecret / GetEnvironment names', async () => {
    if (P === '') return;
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'sec', type: 'GetSecret', config: { name: P } },
        { id: 'env', type: 'GetEnvironment', config: { name: P } },
        { id: 'l1', type: 'Log' },
        { id: 'l2', type: 'Log' },
      ],
      ['start.then -> l1.exec', 'l1.then -> l2.exec', 'sec.value -> l1.message', 'env.value -> l2.message'],
    );
    const r = await exercise(doc, [P], {}, { secret: (n) => (n === P ? 'S' : undefined), environment: (n) => (n === P ? 'E' : undefined) });
    expect(r.logs.map((l) => l.message)).toEqual(['S', 'E']);
  });

  it('in broken documents: only catalogued diagnostics, messages quote it as data', () => {
    const docs: unknown[] = [
      pattern([{ id: idOf(P), type: fit(P, 200) || 'X' }]),
      {
        format: 'dragops.pattern/1',
        nodes: [{ id: 'a', type: 'OnStart' }],
        wires: [{ from: { node: 'a', pin: fit(P, 50) || 'p' }, to: { node: idOf(P), pin: fit(P, 50) || 'p' } }],
      },
      {
        format: 'dragops.pattern/1',
        nodes: [
          { id: 'a', type: 'OnStart' },
          { id: 'l', type: 'Log', defaults: { [fit(P, 50) || 'p']: P } },
        ],
        wires: [{ from: { node: 'a', pin: fit(P, 50) || 'p' }, to: { node: 'l', pin: fit(P, 50) || 'p' } }],
      },
      { format: 'dragops.pattern/1', nodes: [{ id: 'a', type: 'OnSchedule', config: { cron: P || 'x', timezone: P } }], wires: [] },
      {
        format: 'dragops.pattern/1',
        nodes: [
          { id: 'a', type: 'OnStart', config: { [P]: P } },
          { id: 'g', type: 'GetVariable', config: { variable: P || 'x' } },
        ],
        wires: [],
      },
      { format: P, nodes: [], wires: [] },
      { format: 'dragops.pattern/1', [P]: 1, nodes: [{ id: 'a', type: 'OnStart', [P]: P }], wires: [] },
      JSON.parse(`{"format":"dragops.pattern/1","nodes":[],"wires":[],"__proto__":{"polluted":true}}`),
      JSON.stringify({ format: 'dragops.pattern/1', nodes: [{ id: P, type: 'OnStart' }], wires: [] }) + P,
    ];
    for (const d of docs) {
      const r = build(d);
      for (const x of [...r.errors, ...r.warnings]) {
        expect(Object.hasOwn(ERRORS, x.code), `code ${x.code}`).toBe(true);
        expect(typeof x.message).toBe('string');
        expect(x.message.length).toBeGreaterThan(0);
      }
      if (r.ok) checkSources(r.compiled, [P]);
    }
  });
});

describe('very long strings', () => {
  it('100 000-character config values, keys and defaults compile, stay literal and come back intact', async () => {
    const long = (`"+(${S})+"\u2028` + '\\').repeat(5_000);
    const key = long.replace(/\./g, '_'); // GetProperty keys are paths: no dots for a single key
    expect(long.length).toBeGreaterThan(100_000);
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'sw', type: 'Switch', config: { cases: [long] }, defaults: { value: long } },
        { id: 'val', type: 'MakeString', defaults: { value: long } },
        { id: 'obj', type: 'MakeObject', config: { keys: [key, 'k'] }, defaults: { k: long } },
        { id: 'get', type: 'GetProperty', defaults: { key } },
        { id: 'fmt', type: 'Format', defaults: { template: long } },
        { id: 'log', type: 'Log' },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      [
        'start.then -> sw.exec',
        'sw.case0 -> log.exec',
        'log.then -> respond.exec',
        'val.value -> obj.k',
        'obj.object -> get.object',
        'get.value -> log.message',
        'fmt.result -> respond.body',
      ],
    );
    doc.wires[3]!.to.pin = key; // the MakeObject pin named by the long key
    const r = await exercise(doc, [long, key]);
    expect(r.status).toBe('completed');
    expect(r.logs[0]?.message).toBe(long);
    expect(r.response?.body).toBe(long);
  });

  it('a GetProperty path of thousands of segments compiles (no nesting as deep as the path) and resolves', async () => {
    const segments = Array.from({ length: 5_000 }, (_v, i) => `k${i % 7}`);
    let body: unknown = 'deep value';
    for (let i = segments.length - 1; i >= 0; i--) body = { [segments[i]!]: body };
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'get', type: 'GetProperty', defaults: { key: segments.join('.') } },
        { id: 'miss', type: 'GetProperty', defaults: { key: [...segments, 'nope'].join('.') } },
        { id: 'log', type: 'Log' },
        { id: 'log2', type: 'Log' },
      ],
      [
        'hook.then -> log.exec',
        'log.then -> log2.exec',
        'hook.body -> get.object',
        'hook.body -> miss.object',
        'get.value -> log.message',
        'miss.value -> log2.message',
      ],
    );
    const r = await exercise(doc, [], { body });
    expect(r.logs.map((l) => l.message)).toEqual(['deep value', 'null']);
  });
});

describe('prototype safety', () => {
  it('a MakeObject with key __proto__ makes an own property; the prototype is untouched', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'inner', type: 'MakeObject', config: { keys: ['polluted'] }, defaults: { polluted: true } },
        {
          id: 'obj',
          type: 'MakeObject',
          config: { keys: ['__proto__', 'constructor', 'prototype', 'toString'] },
          defaults: { constructor: 1, prototype: 2, toString: 3 },
        },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      ['start.then -> respond.exec', 'inner.object -> obj.__proto__', 'obj.object -> respond.body'],
    );
    const r = await exercise(doc, []);
    const body = r.response?.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.keys(body)).toEqual(['__proto__', 'constructor', 'prototype', 'toString']);
    expect(ownValue(body, '__proto__')).toEqual({ polluted: true });
    expect(body.polluted).toBeUndefined();
    expect(ownValue(body, 'toString')).toBe(3);
    expect(JSON.stringify(body)).toBe('{"__proto__":{"polluted":true},"constructor":1,"prototype":2,"toString":3}');
  });

  it('config values keep own __proto__ keys as data (Switch cases are not re-prototyped)', async () => {
    const cases = JSON.parse('[{"__proto__":{"a":1}}, {"a":1}]');
    for (const [value, expected] of [
      [JSON.parse('{"__proto__":{"a":1}}'), 'case0'],
      [{ a: 1 }, 'case1'],
      [{}, 'default'],
    ] as const) {
      const doc = pattern(
        [
          { id: 'start', type: 'OnStart' },
          { id: 'sw', type: 'Switch', config: { cases }, defaults: { value } },
          { id: 'l0', type: 'Log', defaults: { message: 'case0' } },
          { id: 'l1', type: 'Log', defaults: { message: 'case1' } },
          { id: 'ld', type: 'Log', defaults: { message: 'default' } },
        ],
        ['start.then -> sw.exec', 'sw.case0 -> l0.exec', 'sw.case1 -> l1.exec', 'sw.default -> ld.exec'],
      );
      const r = await exercise(doc, []);
      expect(
        r.logs.map((l) => l.message),
        JSON.stringify(value),
      ).toEqual([expected]);
    }
    expect(Object.hasOwn(cases[0], '__proto__')).toBe(true); // the document was not changed either
  });

  it('SetProperty through __proto__ / constructor.prototype paths never reaches a prototype', async () => {
    for (const key of ['__proto__.polluted', 'constructor.prototype.polluted', '__proto__', 'toString']) {
      const doc = pattern(
        [
          { id: 'start', type: 'OnStart' },
          { id: 'set', type: 'SetProperty', defaults: { object: {}, key, value: true } },
          { id: 'respond', type: 'RespondToWebhook' },
        ],
        ['start.then -> respond.exec', 'set.result -> respond.body'],
      );
      const r = await exercise(doc, []);
      const body = r.response?.body as Record<string, unknown>;
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      expect(Object.hasOwn(body, key.split('.')[0]!)).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('GetProperty of inherited names on event data gives null, found false', async () => {
    for (const key of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '__proto__.toString',
      'constructor.name',
      'length',
      'items.length',
      'items.constructor',
      'items.0',
    ]) {
      const doc = pattern(
        [
          { id: 'hook', type: 'OnWebhook' },
          { id: 'get', type: 'GetProperty', defaults: { key } },
          { id: 'obj', type: 'MakeObject', config: { keys: ['value', 'found'] } },
          { id: 'respond', type: 'RespondToWebhook' },
        ],
        ['hook.then -> respond.exec', 'hook.body -> get.object', 'get.value -> obj.value', 'get.found -> obj.found', 'obj.object -> respond.body'],
      );
      const r = await exercise(doc, [], { body: { items: [] } });
      const expected = key === 'items.length' ? { value: 0, found: true } : { value: null, found: false };
      expect(r.response?.body, key).toEqual(expected);
    }
  });

  it('ParseJSON of a __proto__ document and a variable default with __proto__ stay plain data', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'parse', type: 'ParseJSON', defaults: { text: '{"__proto__":{"polluted":true},"a":1}' } },
        { id: 'get', type: 'GetVariable', config: { variable: 'o' } },
        { id: 'obj', type: 'MakeObject', config: { keys: ['parsed', 'variable'] } },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      ['start.then -> respond.exec', 'parse.value -> obj.parsed', 'get.value -> obj.variable', 'obj.object -> respond.body'],
      { variables: [{ name: 'o', type: 'Object', default: JSON.parse('{"__proto__":{"polluted":true}}') }] },
    );
    const r = await exercise(doc, []);
    const body = r.response?.body as { parsed: object; variable: object };
    for (const o of [body.parsed, body.variable]) {
      expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
      expect(ownValue(o, '__proto__')).toEqual({ polluted: true });
    }
  });
});
