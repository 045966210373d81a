// Every compile diagnostic of src/errors/catalog.ts (SPEC §5): code, nodeId, pin, path; all problems
// in one pass; warnings never block compilation.
import { describe, expect, it } from 'vitest';
import { build, codes, pattern } from '../helpers.js';
import { ERRORS } from '../../src/errors/catalog.js';
import type { Diagnostic } from '../../src/compiler/diagnostic.js';

const FORMAT = 'dragops.pattern/1';

/** The errors of a document, failing the test if it compiled. */
function errorsOf(doc: unknown, opts: Parameters<typeof build>[1] = {}): Diagnostic[] {
  const r = build(doc, opts);
  expect(r.ok).toBe(false);
  return r.errors;
}

/** The one error of a document (fails when there are zero or several). */
function onlyError(doc: unknown, opts: Parameters<typeof build>[1] = {}): Diagnostic {
  const errors = errorsOf(doc, opts);
  expect(errors.map((e) => e.code)).toHaveLength(1);
  const e = errors[0]!;
  expect(e.severity).toBe('error');
  expect(typeof e.message).toBe('string');
  expect(e.message.length).toBeGreaterThan(0);
  return e;
}

const start = { id: 'start', type: 'OnStart' };
const log = (id: string, message: unknown = 'x') => ({ id, type: 'Log', defaults: { message } });

describe('catalog coverage', () => {
  // Every code of kind 'compile' has at least one test below; this list is the checklist.
  const covered = [
    'INVALID_DOCUMENT',
    'NO_TRIGGER',
    'MULTIPLE_TRIGGERS',
    'UNKNOWN_NODE_TYPE',
    'UNKNOWN_NODE_VERSION',
    'UNKNOWN_PIN',
    'REQUIRED_PIN_UNCONNECTED',
    'INVALID_WIRE',
    'INPUT_HAS_MULTIPLE_WIRES',
    'DATA_CYCLE',
    'EXEC_CYCLE',
    'UNKNOWN_VARIABLE',
    'INVALID_CONFIG',
    'BREAK_OUTSIDE_LOOP',
    'PATTERN_TOO_COMPLEX',
    'UNREACHABLE_NODE',
    'UNUSED_VARIABLE',
  ];
  it('lists every compile code of the catalog', () => {
    const compileCodes = Object.entries(ERRORS)
      .filter(([, s]) => s.kind === 'compile')
      .map(([c]) => c);
    expect([...covered].sort()).toEqual([...compileCodes].sort());
  });
});

describe('INVALID_DOCUMENT', () => {
  it('malformed JSON text is one diagnostic at path ""', () => {
    const e = onlyError('{"format": "dragops.pattern/1", "nodes": [');
    expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', path: '', nodeId: null, pin: null });
    expect(e.message).toMatch(/JSON/);
  });

  it('JSON that is not an object is rejected at path ""', () => {
    for (const v of [[], 42, 'text', null]) {
      expect(onlyError(v)).toMatchObject({ code: 'INVALID_DOCUMENT', path: '' });
    }
    expect(onlyError('[1, 2]')).toMatchObject({ code: 'INVALID_DOCUMENT', path: '' });
  });

  it('well-formed JSON text compiles like the parsed value', () => {
    const doc = pattern([start, log('l')], ['start.then -> l.exec']);
    const r = build(JSON.stringify(doc));
    expect(r.ok).toBe(true);
  });

  it('an unknown top-level key', () => {
    const e = onlyError({ format: FORMAT, nodes: [start], wires: [], colour: 'red' });
    expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/colour' });
    expect(e.message).toContain('colour');
  });

  it('an unknown node key', () => {
    const e = onlyError({ format: FORMAT, nodes: [start, { id: 'l', type: 'Log', colour: 'red' }], wires: [] });
    expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/nodes/1/colour' });
    expect(e.message).toContain('colour');
  });

  it('an unknown key in a wire, a variable or settings', () => {
    const errors = errorsOf({
      format: FORMAT,
      nodes: [start],
      wires: [{ from: { node: 'a', pin: 'b' }, to: { node: 'c', pin: 'd' }, colour: 1 }],
      variables: [{ name: 'v', type: 'Integer', scope: 'global' }],
      settings: { timeoutMs: 10, turbo: true },
    });
    expect(errors.map((e) => e.path).sort()).toEqual(['/settings/turbo', '/variables/0/scope', '/wires/0/colour']);
    expect(errors.every((e) => e.code === 'INVALID_DOCUMENT')).toBe(true);
  });

  it('an unknown format', () => {
    const e = onlyError({ format: 'dragops.pattern/99', nodes: [start], wires: [] });
    expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/format' });
    expect(e.message).toContain('dragops.pattern/99');
    expect(e.message).toContain(FORMAT);
  });

  it('a missing format', () => {
    expect(onlyError({ nodes: [start], wires: [] })).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/format' });
  });

  it('missing nodes', () => {
    const e = onlyError({ format: FORMAT, wires: [] });
    expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/nodes' });
    expect(e.message).toMatch(/missing/);
  });

  it('missing wires', () => {
    expect(onlyError({ format: FORMAT, nodes: [start] })).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/wires' });
  });

  it('a node without id or type', () => {
    const errors = errorsOf({ format: FORMAT, nodes: [{ type: 'OnStart' }, { id: 'l' }], wires: [] });
    expect(errors.map((e) => [e.code, e.path])).toEqual(
      expect.arrayContaining([
        ['INVALID_DOCUMENT', '/nodes/0/id'],
        ['INVALID_DOCUMENT', '/nodes/1/type'],
      ]),
    );
  });

  it('an empty node id', () => {
    expect(onlyError({ format: FORMAT, nodes: [{ id: '', type: 'OnStart' }], wires: [] })).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/nodes/0/id' });
  });

  it('duplicate node ids: the second occurrence, with the node id', () => {
    const e = onlyError({ format: FORMAT, nodes: [start, log('a'), log('a')], wires: [] });
    expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/nodes/2/id', nodeId: 'a' });
    expect(e.message).toContain('/nodes/1');
  });

  it('duplicate variable names', () => {
    const e = onlyError({
      format: FORMAT,
      nodes: [start],
      wires: [],
      variables: [
        { name: 'v', type: 'Integer' },
        { name: 'v', type: 'String' },
      ],
    });
    expect(e).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/variables/1/name' });
  });

  it('wrong types, each at its own path, all in one pass', () => {
    const errors = errorsOf({
      format: FORMAT,
      name: 42,
      tags: 'orders',
      nodes: [
        { id: 7, type: 'OnStart' },
        { id: 'p', type: 'Log', position: { x: 'left', y: 0 } },
      ],
      wires: [{ from: { node: 'a' }, to: 'b' }],
      settings: { timeoutMs: 'fast' },
      variables: [{ name: 'v', type: 'Integer', default: 'abc' }],
    });
    const paths = errors.map((e) => e.path);
    expect(errors.every((e) => e.code === 'INVALID_DOCUMENT')).toBe(true);
    expect(paths).toEqual(
      expect.arrayContaining(['/name', '/tags', '/nodes/0/id', '/nodes/1/position/x', '/wires/0/from/pin', '/wires/0/to', '/settings/timeoutMs']),
    );
    expect(new Set(paths).size).toBe(paths.length); // one line per path
  });

  it('nodes that is not an array', () => {
    expect(onlyError({ format: FORMAT, nodes: {}, wires: [] })).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/nodes' });
  });

  it('a variable of an unknown (or Exec) type', () => {
    for (const type of ['Exec', 'Number']) {
      const errors = errorsOf({ format: FORMAT, nodes: [start], wires: [], variables: [{ name: 'v', type }] });
      expect(errors.map((e) => [e.code, e.path])).toEqual([['INVALID_DOCUMENT', '/variables/0/type']]);
    }
  });

  it('a variable default that does not fit its type', () => {
    const wrongType = onlyError({ format: FORMAT, nodes: [start], wires: [], variables: [{ name: 'v', type: 'Integer', default: [1] }] });
    expect(wrongType).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/variables/0/default' });
    // A compatible type whose value still cannot convert (bug fixed: it used to compile and hold "abc").
    const noConvert = onlyError({ format: FORMAT, nodes: [start], wires: [], variables: [{ name: 'v', type: 'Integer', default: 'abc' }] });
    expect(noConvert).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/variables/0/default' });
    const badDate = onlyError({ format: FORMAT, nodes: [start], wires: [], variables: [{ name: 'd', type: 'DateTime', default: 'yesterday-ish' }] });
    expect(badDate).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/variables/0/default' });
  });

  it('a variable default that converts is accepted', () => {
    const doc = pattern(
      [start, { id: 'g', type: 'GetVariable', config: { variable: 'v' } }, { id: 'l', type: 'Log' }],
      ['start.then -> l.exec', 'g.value -> l.message'],
      { variables: [{ name: 'v', type: 'Integer', default: '12' }] },
    );
    expect(build(doc).ok).toBe(true);
  });

  it('settings out of range', () => {
    expect(onlyError({ format: FORMAT, nodes: [start], wires: [], settings: { timeoutMs: 0 } })).toMatchObject({
      code: 'INVALID_DOCUMENT',
      path: '/settings/timeoutMs',
    });
  });

  it('schema errors stop before linking: no graph diagnostics mixed in', () => {
    const errors = errorsOf({ format: FORMAT, nodes: [{ id: 'x', type: 'Nope' }], wires: [], extra: 1 });
    expect(errors.map((e) => e.code)).toEqual(['INVALID_DOCUMENT']);
  });
});

describe('NO_TRIGGER', () => {
  it('a pattern without a trigger', () => {
    const r = build(pattern([log('l')]));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'NO_TRIGGER', nodeId: null, pin: null, path: '/nodes' })]);
  });

  it('an empty pattern', () => {
    expect(onlyError(pattern([]))).toMatchObject({ code: 'NO_TRIGGER' });
  });

  it('OnError alone is not a trigger', () => {
    expect(codes(pattern([{ id: 'e', type: 'OnError' }])).errors).toEqual(['NO_TRIGGER']);
  });

  it('a misspelt trigger reports the unknown type, not also NO_TRIGGER', () => {
    expect(codes(pattern([{ id: 's', type: 'OnStrat' }])).errors).toEqual(['UNKNOWN_NODE_TYPE']);
  });
});

describe('MULTIPLE_TRIGGERS', () => {
  it('two triggers: the second one is at fault', () => {
    const e = onlyError(pattern([start, { id: 'hook', type: 'OnWebhook' }]));
    expect(e).toMatchObject({ code: 'MULTIPLE_TRIGGERS', nodeId: 'hook', pin: null, path: '/nodes/1' });
    expect(e.message).toContain('start');
  });

  it('three triggers: two diagnostics', () => {
    const errors = errorsOf(pattern([start, { id: 'b', type: 'OnStart' }, { id: 'c', type: 'OnSchedule', config: { cron: '* * * * *' } }]));
    expect(errors.map((e) => [e.code, e.nodeId])).toEqual([
      ['MULTIPLE_TRIGGERS', 'b'],
      ['MULTIPLE_TRIGGERS', 'c'],
    ]);
  });

  it('two OnError nodes', () => {
    const e = onlyError(pattern([start, { id: 'e1', type: 'OnError' }, { id: 'e2', type: 'OnError' }]));
    expect(e).toMatchObject({ code: 'MULTIPLE_TRIGGERS', nodeId: 'e2', path: '/nodes/2' });
    expect(e.message).toContain('OnError');
  });

  it('one trigger and one OnError is fine', () => {
    expect(build(pattern([start, { id: 'e', type: 'OnError' }])).ok).toBe(true);
  });
});

describe('UNKNOWN_NODE_TYPE', () => {
  it('names the node and points at its type', () => {
    const e = onlyError(pattern([start, { id: 'x', type: 'Frobnicate' }], ['start.then -> x.exec']));
    expect(e).toMatchObject({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'x', pin: null, path: '/nodes/1/type' });
    expect(e.message).toContain('Frobnicate');
  });

  it('type ids are case-sensitive', () => {
    expect(codes(pattern([start, { id: 'x', type: 'log' }])).errors).toEqual(['UNKNOWN_NODE_TYPE']);
  });

  it('wires to and from an unknown node are not reported again', () => {
    const doc = pattern([start, { id: 'x', type: 'Nope' }, log('l')], ['start.then -> x.exec', 'x.then -> l.exec', 'x.out -> l.message']);
    expect(codes(doc).errors).toEqual(['UNKNOWN_NODE_TYPE']);
  });
});

describe('UNKNOWN_NODE_VERSION', () => {
  it('a node pinning a version its type does not have: at its version, wires to it not reported again', () => {
    const doc = pattern([start, { id: 'l', type: 'Log', version: 7, defaults: { message: 'x' } } as never], ['start.then -> l.exec']);
    const e = onlyError(doc);
    expect(e).toMatchObject({ code: 'UNKNOWN_NODE_VERSION', nodeId: 'l', pin: null, path: '/nodes/1/version' });
    expect(e.message).toContain('Log has no version 7 (versions: 1)');
    expect(codes(pattern([start, { id: 'l', type: 'Log', version: 1, defaults: { message: 'x' } } as never], ['start.then -> l.exec'])).errors).toEqual([]);
  });
});

describe('UNKNOWN_PIN', () => {
  it('a wire to a pin the node does not have', () => {
    const e = onlyError(pattern([start, log('l')], ['start.then -> l.exec', 'start.then -> l.nope']));
    expect(e).toMatchObject({ code: 'UNKNOWN_PIN', nodeId: 'l', pin: 'nope', path: '/wires/1/to/pin', wire: 1 });
  });

  it('a wire from an output pin the node does not have', () => {
    const e = onlyError(pattern([start, log('l')], ['start.done -> l.exec']));
    expect(e).toMatchObject({ code: 'UNKNOWN_PIN', nodeId: 'start', pin: 'done', path: '/wires/0/from/pin', wire: 0 });
  });

  it('exec is not an input of a trigger or a pure node', () => {
    const errors = errorsOf(pattern([start, { id: 'add', type: 'Add' }, log('l')], ['start.then -> l.exec', 'l.then -> add.exec']));
    expect(errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_PIN', nodeId: 'add', pin: 'exec' })]);
  });

  it('a wire to a node that does not exist', () => {
    const e = onlyError(pattern([start], ['start.then -> ghost.exec']));
    expect(e).toMatchObject({ code: 'UNKNOWN_PIN', nodeId: 'ghost', pin: 'exec', path: '/wires/0/to/node', wire: 0 });
    expect(e.message).toContain('ghost');
  });

  it('a wire from a node that does not exist', () => {
    const errors = errorsOf(pattern([start, log('l')], ['start.then -> l.exec', 'ghost.value -> l.level']));
    expect(errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_PIN', nodeId: 'ghost', pin: 'value', path: '/wires/1/from/node', wire: 1 })]);
  });

  it('a wire between two missing nodes: both ends reported', () => {
    const errors = errorsOf(pattern([start], ['a.then -> b.exec']));
    expect(errors.map((e) => [e.code, e.nodeId, e.path])).toEqual([
      ['UNKNOWN_PIN', 'a', '/wires/0/from/node'],
      ['UNKNOWN_PIN', 'b', '/wires/0/to/node'],
    ]);
  });

  it('a default for a pin the node does not have', () => {
    const e = onlyError(pattern([start, { id: 'l', type: 'Log', defaults: { message: 'x', colour: 'red' } }], ['start.then -> l.exec']));
    expect(e).toMatchObject({ code: 'UNKNOWN_PIN', nodeId: 'l', pin: 'colour', path: '/nodes/1/defaults/colour' });
  });

  it('a default for an output pin is unknown (defaults are for inputs)', () => {
    const doc = pattern([start, { id: 'r', type: 'ForRange', defaults: { end: 3, index: 1 } }], ['start.then -> r.exec']);
    expect(onlyError(doc)).toMatchObject({ code: 'UNKNOWN_PIN', nodeId: 'r', pin: 'index', path: '/nodes/1/defaults/index' });
  });

  it('a MakeArray item beyond its count', () => {
    const doc = pattern(
      [start, { id: 'm', type: 'MakeArray', config: { count: 2 } }, { id: 'l', type: 'Log' }],
      ['start.then -> l.exec', 'm.array -> l.message', 'start.then -> m.item2'],
    );
    const errors = errorsOf(doc);
    expect(errors.map((e) => [e.code, e.nodeId, e.pin])).toEqual([['UNKNOWN_PIN', 'm', 'item2']]);
  });
});

describe('REQUIRED_PIN_UNCONNECTED', () => {
  it('an input without a definition default, unwired and not in defaults', () => {
    const e = onlyError(pattern([start, { id: 'l', type: 'Log' }], ['start.then -> l.exec']));
    expect(e).toMatchObject({ code: 'REQUIRED_PIN_UNCONNECTED', nodeId: 'l', pin: 'message', path: '/nodes/1/defaults' });
  });

  it('one diagnostic per missing pin', () => {
    const doc = pattern([start, { id: 'eq', type: 'Equal' }, { id: 'g', type: 'Gate' }], ['start.then -> g.exec', 'eq.result -> g.condition']);
    const errors = errorsOf(doc);
    expect(errors.map((e) => [e.code, e.nodeId, e.pin])).toEqual([
      ['REQUIRED_PIN_UNCONNECTED', 'eq', 'a'],
      ['REQUIRED_PIN_UNCONNECTED', 'eq', 'b'],
    ]);
  });

  it('a value in defaults (even null) or a wire satisfies it', () => {
    expect(build(pattern([start, { id: 'l', type: 'Log', defaults: { message: null } }], ['start.then -> l.exec'])).ok).toBe(true);
    expect(
      build(
        pattern(
          [start, { id: 's', type: 'MakeString', defaults: { value: 'hi' } }, { id: 'l', type: 'Log' }],
          ['start.then -> l.exec', 's.value -> l.message'],
        ),
      ).ok,
    ).toBe(true);
  });

  it('pins with a definition default are optional', () => {
    expect(build(pattern([start, { id: 'r', type: 'ForRange', defaults: { end: 2 } }], ['start.then -> r.exec'])).ok).toBe(true);
  });

  it('is reported for unreachable nodes too', () => {
    const r = build(pattern([start, { id: 'l', type: 'Log' }]));
    expect(r.errors.map((e) => e.code)).toEqual(['REQUIRED_PIN_UNCONNECTED']);
    expect(r.warnings.map((e) => e.code)).toEqual(['UNREACHABLE_NODE']);
  });
});

describe('INVALID_WIRE', () => {
  it('Exec → data', () => {
    const errors = errorsOf(pattern([start, { id: 'l', type: 'Log', defaults: { message: 'x' } }], ['start.then -> l.exec', 'start.then -> l.message']));
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(e).toMatchObject({ code: 'INVALID_WIRE', nodeId: 'l', pin: 'message', path: '/wires/1', wire: 1 });
    expect(e.message).toMatch(/execution pins/);
  });

  it('data → Exec', () => {
    const doc = pattern([start, { id: 'bool', type: 'MakeBoolean' }, log('l')], ['bool.value -> l.exec']);
    const errors = errorsOf(doc);
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_WIRE', nodeId: 'l', pin: 'exec', path: '/wires/0' })]);
  });

  it('Object → Integer', () => {
    const doc = pattern(
      [start, { id: 'o', type: 'MakeObject' }, { id: 'r', type: 'ForRange', defaults: { end: 1 } }],
      ['start.then -> r.exec', 'o.object -> r.end'],
    );
    const errors = errorsOf(doc);
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_WIRE', nodeId: 'r', pin: 'end', path: '/wires/1', wire: 1 })]);
    expect(errors[0]!.message).toContain('Object cannot flow into Integer');
  });

  it('Array → String', () => {
    const doc = pattern(
      [start, { id: 'arr', type: 'MakeArray' }, { id: 'c', type: 'Concat' }, { id: 'l', type: 'Log' }],
      ['start.then -> l.exec', 'arr.array -> c.a', 'c.result -> l.message'],
    );
    const e = onlyError(doc);
    expect(e).toMatchObject({ code: 'INVALID_WIRE', nodeId: 'c', pin: 'a', path: '/wires/1', wire: 1 });
    expect(e.message).toContain('Array cannot flow into String');
  });

  it('output → output', () => {
    const doc = pattern(
      [start, { id: 'r', type: 'ForRange', defaults: { end: 1 } }, { id: 'a', type: 'Add' }],
      ['start.then -> r.exec', 'a.result -> r.index'],
    );
    const e = onlyError(doc);
    expect(e).toMatchObject({ code: 'INVALID_WIRE', nodeId: 'r', pin: 'index', path: '/wires/1/to/pin', wire: 1 });
    expect(e.message).toMatch(/output to an input/);
  });

  it('input → input (a wire starting at an input pin)', () => {
    const doc = pattern([start, { id: 'a', type: 'Add' }, { id: 'l', type: 'Log' }], ['start.then -> l.exec', 'a.b -> l.message']);
    const errors = errorsOf(doc);
    expect(errors[0]).toMatchObject({ code: 'INVALID_WIRE', nodeId: 'a', pin: 'b', path: '/wires/1/from/pin' });
  });

  it('compatible pairs compile: Integer → String, String → DateTime, Any → Object, Float → Integer', () => {
    const doc = pattern(
      [
        start,
        { id: 'i', type: 'MakeInteger', defaults: { value: 4 } },
        { id: 'up', type: 'ToUpper' },
        { id: 'd', type: 'MakeDateTime' },
        { id: 's', type: 'MakeString', defaults: { value: '2024-01-01T00:00:00Z' } },
        { id: 'r', type: 'Reroute' },
        { id: 'gp', type: 'GetProperty', defaults: { key: 'a' } },
        { id: 'f', type: 'MakeFloat', defaults: { value: 2.5 } },
        { id: 'loop', type: 'ForRange' },
        { id: 'l', type: 'Log' },
        { id: 'hook', type: 'MakeObject' },
      ],
      [
        'start.then -> loop.exec',
        'loop.completed -> l.exec',
        'i.value -> up.value',
        's.value -> d.value',
        'hook.object -> r.value',
        'r.value -> gp.object',
        'f.value -> loop.end',
        'up.result -> l.message',
      ],
    );
    const r = build(doc);
    expect(r.errors).toEqual([]);
  });
});

describe('INPUT_HAS_MULTIPLE_WIRES', () => {
  it('the second wire into a data input is at fault', () => {
    const doc = pattern(
      [start, { id: 'l', type: 'Log' }, { id: 's1', type: 'MakeString' }, { id: 's2', type: 'MakeString' }],
      ['start.then -> l.exec', 's1.value -> l.message', 's2.value -> l.message'],
    );
    const e = onlyError(doc);
    expect(e).toMatchObject({ code: 'INPUT_HAS_MULTIPLE_WIRES', nodeId: 'l', pin: 'message', path: '/wires/2', wire: 2 });
    expect(e.message).toContain('wires 1 and 2');
  });

  it('three wires into one input: two diagnostics', () => {
    const doc = pattern(
      [start, { id: 'l', type: 'Log' }, { id: 's', type: 'MakeString' }],
      ['start.then -> l.exec', 's.value -> l.message', 's.value -> l.message', 's.value -> l.message'],
    );
    expect(errorsOf(doc).map((e) => [e.code, e.wire])).toEqual([
      ['INPUT_HAS_MULTIPLE_WIRES', 2],
      ['INPUT_HAS_MULTIPLE_WIRES', 3],
    ]);
  });

  it('an exec input also takes one wire (join branches with Sequence)', () => {
    const doc = pattern(
      [start, { id: 'b', type: 'Branch', defaults: { condition: true } }, log('l')],
      ['start.then -> b.exec', 'b.true -> l.exec', 'b.false -> l.exec'],
    );
    expect(onlyError(doc)).toMatchObject({ code: 'INPUT_HAS_MULTIPLE_WIRES', nodeId: 'l', pin: 'exec', wire: 2 });
  });

  it('an output may feed many inputs', () => {
    const doc = pattern(
      [start, { id: 's', type: 'MakeString' }, { id: 'l1', type: 'Log' }, { id: 'l2', type: 'Log' }],
      ['start.then -> l1.exec', 'l1.then -> l2.exec', 's.value -> l1.message', 's.value -> l2.message'],
    );
    expect(build(doc).ok).toBe(true);
  });
});

describe('DATA_CYCLE', () => {
  it('two pure nodes feeding each other', () => {
    const doc = pattern(
      [start, { id: 'l', type: 'Log' }, { id: 'x', type: 'Add' }, { id: 'y', type: 'Add' }],
      ['start.then -> l.exec', 'x.result -> y.a', 'y.result -> x.a', 'y.result -> l.message'],
    );
    const e = onlyError(doc);
    expect(e).toMatchObject({ code: 'DATA_CYCLE', nodeId: 'x', path: '/nodes/2' });
    expect(e.message).toContain('"x"');
    expect(e.message).toContain('"y"');
  });

  it('a pure node feeding itself', () => {
    const doc = pattern([start, { id: 'x', type: 'Add' }], ['x.result -> x.b']);
    expect(onlyError(doc)).toMatchObject({ code: 'DATA_CYCLE', nodeId: 'x' });
  });

  it('a cycle is reported once, not once per member', () => {
    const doc = pattern(
      [start, { id: 'a', type: 'Add' }, { id: 'b', type: 'Add' }, { id: 'c', type: 'Add' }],
      ['a.result -> b.a', 'b.result -> c.a', 'c.result -> a.a'],
    );
    expect(codes(doc).errors).toEqual(['DATA_CYCLE']);
  });

  it('a wire out of an impure node does not close a cycle', () => {
    const doc = pattern(
      [start, { id: 'set', type: 'SetVariable', config: { variable: 'v' } }, { id: 'add', type: 'Add', defaults: { b: 1 } }],
      ['start.then -> set.exec', 'set.value -> add.a', 'add.result -> set.value'],
      { variables: [{ name: 'v', type: 'Float' }] },
    );
    expect(build(doc).errors).toEqual([]);
  });
});

describe('EXEC_CYCLE', () => {
  it('exec wires in a circle', () => {
    const doc = pattern([start, log('l1'), log('l2')], ['l1.then -> l2.exec', 'l2.then -> l1.exec']);
    const r = build(doc);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'EXEC_CYCLE', nodeId: 'l1', path: '/nodes/1' })]);
    expect(r.errors[0]!.message).toMatch(/While|ForEach|ForRange/);
  });

  it('a node wired to itself', () => {
    const doc = pattern([start, log('l')], ['l.then -> l.exec']);
    expect(codes(doc).errors).toEqual(['EXEC_CYCLE']);
  });

  it('a cycle reachable from the trigger needs a second wire into one exec input, reported as such', () => {
    const doc = pattern([start, log('l1'), log('l2')], ['start.then -> l1.exec', 'l1.then -> l2.exec', 'l2.then -> l1.exec']);
    expect(codes(doc).errors).toEqual(['INPUT_HAS_MULTIPLE_WIRES']);
  });
});

describe('UNKNOWN_VARIABLE', () => {
  for (const type of ['GetVariable', 'SetVariable', 'IncrementVariable', 'AppendToArray', 'AppendToString']) {
    it(`${type} naming an undeclared variable`, () => {
      const nodes = [start, { id: 'n', type, config: { variable: 'nope' } }, { id: 'l', type: 'Log', defaults: { message: 1 } }];
      const wires = type === 'GetVariable' ? ['start.then -> l.exec'] : ['start.then -> n.exec'];
      const doc = pattern(nodes, wires, { variables: [{ name: 'other', type: 'Integer' }] });
      const errors = errorsOf(doc).filter((e) => e.code !== 'REQUIRED_PIN_UNCONNECTED');
      expect(errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_VARIABLE', nodeId: 'n', pin: null, path: '/nodes/1/config/variable' })]);
      expect(errors[0]!.message).toContain('nope');
    });
  }

  it('a variable of the wrong type for the node is INVALID_CONFIG', () => {
    const doc = pattern([start, { id: 'n', type: 'AppendToArray', config: { variable: 's' }, defaults: { item: 1 } }], ['start.then -> n.exec'], {
      variables: [{ name: 's', type: 'String' }],
    });
    expect(onlyError(doc)).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'n', path: '/nodes/1/config/variable' });
  });
});

describe('INVALID_CONFIG', () => {
  it('a cron expression with the wrong number of fields', () => {
    const e = onlyError(pattern([{ id: 'sch', type: 'OnSchedule', config: { cron: 'every day' } }]));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'sch', path: '/nodes/0/config/cron' });
  });

  it('a cron expression with an out-of-range field', () => {
    const e = onlyError(pattern([{ id: 'sch', type: 'OnSchedule', config: { cron: '99 * * * *' } }]));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'sch', path: '/nodes/0/config/cron' });
  });

  it('an unknown time zone', () => {
    // Bug fixed: croner only notices a bad zone when it computes a run, so this used to compile.
    const e = onlyError(pattern([{ id: 'sch', type: 'OnSchedule', config: { cron: '0 9 * * MON-FRI', timezone: 'Mars/Olympus' } }]));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'sch', path: '/nodes/0/config/timezone' });
    expect(e.message).toContain('Mars/Olympus');
  });

  it('valid cron expressions compile', () => {
    for (const cron of ['*/5 * * * *', '0 9 * * MON-FRI', '0 0 1 JAN *', '30 */2 * * * *']) {
      expect(build(pattern([{ id: 'sch', type: 'OnSchedule', config: { cron, timezone: 'Europe/Paris' } }])).errors).toEqual([]);
    }
  });

  it('a missing required config key', () => {
    const e = onlyError(pattern([{ id: 'sch', type: 'OnSchedule' }])); // one line, not "required" + "expected string"
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'sch', path: '/nodes/0/config/cron' });
  });

  it('an unknown config key on a node with a config schema', () => {
    const doc = pattern([start, { id: 'seq', type: 'Sequence', config: { count: 2, colour: 'red' } }], ['start.then -> seq.exec']);
    const e = onlyError(doc);
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'seq', path: '/nodes/1/config/colour' });
    expect(e.message).toContain('colour');
  });

  it('a config key on a node that takes none', () => {
    const e = onlyError(pattern([{ id: 'start', type: 'OnStart', config: { colour: 'red' } }]));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'start', path: '/nodes/0/config/colour' });
  });

  it('a config value of the wrong type or out of range', () => {
    const e = onlyError(pattern([start, { id: 'seq', type: 'Sequence', config: { count: 0 } }], ['start.then -> seq.exec']));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'seq', path: '/nodes/1/config/count' });
    const e2 = onlyError(pattern([start, { id: 'seq', type: 'Sequence', config: { count: 'two' } }], ['start.then -> seq.exec']));
    expect(e2).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'seq', path: '/nodes/1/config/count' });
  });

  it('wires to a node with a broken config are not reported again', () => {
    const doc = pattern([start, { id: 'seq', type: 'Sequence', config: { count: 0 } }, log('l')], ['start.then -> seq.exec', 'seq.then0 -> l.exec']);
    expect(codes(doc).errors).toEqual(['INVALID_CONFIG']);
  });

  it('an unknown called pattern', () => {
    const e = onlyError(pattern([start, { id: 'call', type: 'CallPattern', config: { pattern: 'pat_missing' } }], ['start.then -> call.exec']));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'call', path: '/nodes/1/config/pattern' });
    expect(e.message).toContain('pat_missing');
  });

  it('a called pattern without OnPatternCall is unknown too', () => {
    const callee = pattern([start]);
    const e = onlyError(pattern([start, { id: 'call', type: 'CallPattern', config: { pattern: 'c' } }], ['start.then -> call.exec']), {
      patterns: { c: callee },
    });
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'call' });
  });

  it('a known called pattern compiles, and its pins are checked', () => {
    const callee = pattern([
      { id: 't', type: 'OnPatternCall', config: { inputs: [{ name: 'x', type: 'Integer' }], outputs: [{ name: 'y', type: 'Integer' }] } },
    ]);
    const ok = pattern([start, { id: 'call', type: 'CallPattern', config: { pattern: 'c' }, defaults: { x: 1 } }], ['start.then -> call.exec']);
    expect(build(ok, { patterns: { c: callee } }).errors).toEqual([]);
    const badPin = pattern([start, { id: 'call', type: 'CallPattern', config: { pattern: 'c' }, defaults: { z: 1 } }], ['start.then -> call.exec']);
    expect(build(badPin, { patterns: { c: callee } }).errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_PIN', nodeId: 'call', pin: 'z' })]);
  });

  it('a default value that does not convert to its pin type', () => {
    const e = onlyError(pattern([start, { id: 'r', type: 'ForRange', defaults: { end: 'abc' } }], ['start.then -> r.exec']));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'r', pin: 'end', path: '/nodes/1/defaults/end' });
    expect(e.message).toContain('Integer');
  });

  it("a default that is not one of an Enum pin's options", () => {
    const e = onlyError(pattern([start, { id: 'l', type: 'Log', defaults: { message: 1, level: 'loud' } }], ['start.then -> l.exec']));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'l', pin: 'level', path: '/nodes/1/defaults/level' });
  });

  it('a default of an incompatible type (object for a Float pin)', () => {
    const e = onlyError(pattern([start, { id: 'd', type: 'Delay', defaults: { seconds: { n: 1 } } }], ['start.then -> d.exec']));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'd', pin: 'seconds', path: '/nodes/1/defaults/seconds' });
  });

  it('defaults that convert are fine ("3" for an Integer pin)', () => {
    expect(build(pattern([start, { id: 'r', type: 'ForRange', defaults: { end: '3' } }], ['start.then -> r.exec'])).errors).toEqual([]);
  });

  it('RespondWith without an OnPatternCall trigger', () => {
    const e = onlyError(pattern([start, { id: 'rw', type: 'RespondWith' }], ['start.then -> rw.exec']));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'rw', path: '/nodes/1/config' });
    expect(e.message).toContain('OnPatternCall');
  });

  it('OnPatternCall declaring an input twice', () => {
    const doc = pattern([
      {
        id: 't',
        type: 'OnPatternCall',
        config: {
          inputs: [
            { name: 'x', type: 'Integer' },
            { name: 'x', type: 'String' },
          ],
        },
      },
    ]);
    expect(onlyError(doc)).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 't', path: '/nodes/0/config/inputs' });
  });
});

describe('BREAK_OUTSIDE_LOOP', () => {
  it('Break directly after the trigger', () => {
    const e = onlyError(pattern([start, { id: 'b', type: 'Break' }], ['start.then -> b.exec']));
    expect(e).toMatchObject({ code: 'BREAK_OUTSIDE_LOOP', nodeId: 'b', path: '/nodes/1' });
  });

  it("Break on a loop's `completed` (outside the body) is outside the loop", () => {
    const doc = pattern(
      [start, { id: 'f', type: 'ForRange', defaults: { end: 3 } }, { id: 'b', type: 'Break' }],
      ['start.then -> f.exec', 'f.completed -> b.exec'],
    );
    expect(onlyError(doc)).toMatchObject({ code: 'BREAK_OUTSIDE_LOOP', nodeId: 'b' });
  });

  it('Break in the OnError flow', () => {
    const doc = pattern([start, { id: 'e', type: 'OnError' }, { id: 'b', type: 'Break' }], ['e.then -> b.exec']);
    expect(onlyError(doc)).toMatchObject({ code: 'BREAK_OUTSIDE_LOOP', nodeId: 'b' });
  });

  it('Break inside a loop body, even nested in a Branch or TryCatch, compiles', () => {
    const doc = pattern(
      [
        start,
        { id: 'w', type: 'While', defaults: { condition: true } },
        { id: 't', type: 'TryCatch' },
        { id: 'br', type: 'Branch', defaults: { condition: true } },
        { id: 'b', type: 'Break' },
      ],
      ['start.then -> w.exec', 'w.body -> t.exec', 't.try -> br.exec', 'br.true -> b.exec'],
    );
    expect(build(doc).errors).toEqual([]);
  });

  it('Break on the `completed` of an inner loop inside an outer body is inside the outer loop', () => {
    const doc = pattern(
      [start, { id: 'outer', type: 'ForRange', defaults: { end: 3 } }, { id: 'inner', type: 'ForRange', defaults: { end: 3 } }, { id: 'b', type: 'Break' }],
      ['start.then -> outer.exec', 'outer.body -> inner.exec', 'inner.completed -> b.exec'],
    );
    expect(build(doc).errors).toEqual([]);
  });
});

describe('PATTERN_TOO_COMPLEX', () => {
  it('branches nested thousands deep are a diagnostic, not a crash', () => {
    const nodes: { id: string; type: string; defaults?: Record<string, unknown> }[] = [start];
    const wires: string[] = [];
    let prev = 'start.then';
    for (let i = 0; i < 5000; i++) {
      nodes.push({ id: `b${i}`, type: 'Branch', defaults: { condition: true } });
      wires.push(`${prev} -> b${i}.exec`);
      prev = `b${i}.true`;
    }
    const e = onlyError(pattern(nodes, wires));
    expect(e).toMatchObject({ code: 'PATTERN_TOO_COMPLEX', path: '/nodes' });
  });

  it('a long straight exec chain is not too complex (bug fixed: the reachability walk recursed per node)', () => {
    const nodes: { id: string; type: string; config?: Record<string, unknown> }[] = [start];
    const wires: string[] = [];
    let prev = 'start.then';
    for (let i = 0; i < 8000; i++) {
      nodes.push({ id: `n${i}`, type: 'IncrementVariable', config: { variable: 'v' } });
      wires.push(`${prev} -> n${i}.exec`);
      prev = `n${i}.then`;
    }
    const r = build(pattern(nodes, wires, { variables: [{ name: 'v', type: 'Integer' }] }));
    expect(r.errors).toEqual([]);
  });

  it('a long detached exec chain only warns', () => {
    const nodes: { id: string; type: string; defaults?: Record<string, unknown> }[] = [start];
    const wires: string[] = [];
    for (let i = 0; i < 8000; i++) {
      nodes.push({ id: `n${i}`, type: 'Log', defaults: { message: i } });
      if (i > 0) wires.push(`n${i - 1}.then -> n${i}.exec`);
    }
    const r = build(pattern(nodes, wires));
    expect(r.ok).toBe(true);
    expect(r.warnings).toHaveLength(8000);
  });
});

describe('warnings', () => {
  it('UNREACHABLE_NODE: an impure node not wired from the trigger', () => {
    const r = build(pattern([start, log('l')]));
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'UNREACHABLE_NODE', severity: 'warning', nodeId: 'l', path: '/nodes/1' })]);
  });

  it('UNREACHABLE_NODE: every node of a detached chain', () => {
    const r = build(pattern([start, log('a'), log('b')], ['a.then -> b.exec']));
    expect(r.warnings.map((w) => [w.code, w.nodeId])).toEqual([
      ['UNREACHABLE_NODE', 'a'],
      ['UNREACHABLE_NODE', 'b'],
    ]);
  });

  it('no UNREACHABLE_NODE for pure nodes, Comment, triggers, or nodes under OnError', () => {
    const doc = pattern(
      [start, { id: 'add', type: 'Add' }, { id: 'c', type: 'Comment', config: { text: 'hi' } }, { id: 'e', type: 'OnError' }, log('l')],
      ['e.then -> l.exec'],
    );
    const r = build(doc);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('UNUSED_VARIABLE: a declared variable nobody reads or writes', () => {
    const doc = pattern([start, { id: 'g', type: 'GetVariable', config: { variable: 'used' } }], [], {
      variables: [
        { name: 'used', type: 'Integer' },
        { name: 'idle', type: 'String', default: 'x' },
      ],
    });
    const r = build(doc);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'UNUSED_VARIABLE', severity: 'warning', path: '/variables/1', nodeId: null })]);
    expect(r.warnings[0]!.message).toContain('idle');
  });

  it('warnings never block compilation, and the compiled pattern runs', async () => {
    const doc = pattern([start, log('l'), log('orphan')], ['start.then -> l.exec'], { variables: [{ name: 'idle', type: 'Integer' }] });
    const r = build(doc);
    expect(r.ok).toBe(true);
    expect(r.compiled).toBeDefined();
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['UNREACHABLE_NODE', 'UNUSED_VARIABLE']);
  });

  it('warnings are still returned alongside errors', () => {
    const r = build(pattern([start, { id: 'l', type: 'Log' }, log('orphan')], ['start.then -> l.exec'], { variables: [{ name: 'idle', type: 'Integer' }] }));
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.code)).toEqual(['REQUIRED_PIN_UNCONNECTED']);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['UNREACHABLE_NODE', 'UNUSED_VARIABLE']);
  });
});

describe('every problem in one pass', () => {
  it('a document with 5 different mistakes gets 5 diagnostics', () => {
    const doc = pattern(
      [
        start,
        { id: 'x', type: 'Frobnicate' }, // 1 UNKNOWN_NODE_TYPE
        { id: 'l', type: 'Log' }, // 3 REQUIRED_PIN_UNCONNECTED (message)
        { id: 'o', type: 'MakeObject' },
        { id: 'loop', type: 'ForRange', defaults: { end: 1 } },
        { id: 'g', type: 'GetVariable', config: { variable: 'ghost' } }, // 5 UNKNOWN_VARIABLE
        { id: 'sch', type: 'Sequence', config: { count: 2 } },
      ],
      [
        'start.then -> sch.exec',
        'sch.then0 -> l.exec',
        'sch.then1 -> loop.exec',
        'sch.then0 -> l.nope', // 2 UNKNOWN_PIN
        'o.object -> loop.end', // 4 INVALID_WIRE
      ],
    );
    const r = build(doc);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.code).sort()).toEqual(
      ['INVALID_WIRE', 'REQUIRED_PIN_UNCONNECTED', 'UNKNOWN_NODE_TYPE', 'UNKNOWN_PIN', 'UNKNOWN_VARIABLE'].sort(),
    );
    const at = Object.fromEntries(r.errors.map((e) => [e.code, [e.nodeId, e.pin, e.path]]));
    expect(at).toEqual({
      UNKNOWN_NODE_TYPE: ['x', null, '/nodes/1/type'],
      UNKNOWN_PIN: ['l', 'nope', '/wires/3/to/pin'],
      REQUIRED_PIN_UNCONNECTED: ['l', 'message', '/nodes/2/defaults'],
      INVALID_WIRE: ['loop', 'end', '/wires/4'],
      UNKNOWN_VARIABLE: ['g', null, '/nodes/5/config/variable'],
    });
  });

  it('graph-wide and node-level problems together', () => {
    const doc = pattern(
      [
        start,
        { id: 'hook', type: 'OnWebhook' }, // MULTIPLE_TRIGGERS
        { id: 'b', type: 'Break' }, // BREAK_OUTSIDE_LOOP
        { id: 'x', type: 'Add' },
        { id: 'y', type: 'Add' }, // DATA_CYCLE
        { id: 'sch', type: 'OnSchedule', config: { cron: 'nope' } }, // INVALID_CONFIG (and not a third trigger)
        { id: 's1', type: 'MakeString' },
        { id: 's2', type: 'MakeString' },
        { id: 'l', type: 'Log' }, // INPUT_HAS_MULTIPLE_WIRES
      ],
      ['start.then -> b.exec', 'x.result -> y.a', 'y.result -> x.a', 'hook.then -> l.exec', 's1.value -> l.message', 's2.value -> l.message'],
    );
    expect(codes(doc).errors.sort()).toEqual(
      ['BREAK_OUTSIDE_LOOP', 'DATA_CYCLE', 'INPUT_HAS_MULTIPLE_WIRES', 'INVALID_CONFIG', 'MULTIPLE_TRIGGERS', 'MULTIPLE_TRIGGERS'].sort(),
    );
  });

  it('five schema mistakes give five INVALID_DOCUMENT diagnostics', () => {
    const errors = errorsOf({
      format: FORMAT,
      nodes: [
        { id: 'a', type: 'OnStart', colour: 1 },
        { id: 2, type: 'Log' },
      ],
      wires: [{ from: { node: 'a', pin: 'then' } }],
      tags: [1],
      surprise: true,
    });
    expect(errors.map((e) => e.path).sort()).toEqual(['/nodes/0/colour', '/nodes/1/id', '/surprise', '/tags/0', '/wires/0/to']);
  });
});
