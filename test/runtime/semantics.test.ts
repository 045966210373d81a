// SPEC §3 execution semantics, and the rules docs/semantics.md settles, observed through whole runs.
import { describe, expect, it } from 'vitest';
import { build, pattern, run } from '../helpers.js';
import { execute, type RunResult } from '../../src/runtime/execute.js';
import type { PatternDocument } from '../../src/pattern/schema.js';

type N = { id: string; type: string; config?: Record<string, unknown>; defaults?: Record<string, unknown>; name?: string };

const start: N = { id: 'start', type: 'OnStart' };
const log = (id: string, message?: unknown): N => (message === undefined ? { id, type: 'Log' } : { id, type: 'Log', defaults: { message } });
const messages = (r: RunResult) => r.logs.map((l) => l.message);

function compiled(doc: unknown) {
  const r = build(doc);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors)}`);
  return r.compiled;
}

describe('pure nodes are evaluated afresh (SPEC §3)', () => {
  it('GetVariable inside a loop sees the current value', async () => {
    const doc = pattern(
      [
        start,
        { id: 'loop', type: 'ForRange', defaults: { end: 3 } },
        { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } },
        { id: 'get', type: 'GetVariable', config: { variable: 'n' } },
        log('l'),
      ],
      ['start.then -> loop.exec', 'loop.body -> inc.exec', 'inc.then -> l.exec', 'get.value -> l.message'],
      { variables: [{ name: 'n', type: 'Integer', default: 10 }] },
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['11', '12', '13']);
  });

  it('a While condition is evaluated afresh before each iteration', async () => {
    const doc = pattern(
      [
        start,
        { id: 'w', type: 'While' },
        { id: 'get', type: 'GetVariable', config: { variable: 'n' } },
        { id: 'lt', type: 'LessThan', defaults: { b: 4 } },
        { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } },
        log('body'),
        log('done'),
      ],
      [
        'start.then -> w.exec',
        'get.value -> lt.a',
        'lt.result -> w.condition',
        'w.body -> inc.exec',
        'inc.then -> body.exec',
        'get.value -> body.message',
        'w.completed -> done.exec',
        'get.value -> done.message',
      ],
      { variables: [{ name: 'n', type: 'Integer', default: 0 }] },
    );
    const r = await run(doc);
    expect(messages(r)).toEqual(['1', '2', '3', '4', '4']);
  });

  it('Random in a loop body gives a new value each iteration', async () => {
    const doc = pattern(
      [start, { id: 'loop', type: 'ForRange', defaults: { end: 5 } }, { id: 'rnd', type: 'Random' }, log('l')],
      ['start.then -> loop.exec', 'loop.body -> l.exec', 'rnd.result -> l.message'],
    );
    const r = await run(doc);
    expect(new Set(messages(r)).size).toBe(5);
  });
});

describe('shared pure sub-expressions', () => {
  it('one Random feeding both inputs of Equal is computed once: true', async () => {
    const doc = pattern(
      [start, { id: 'rnd', type: 'Random' }, { id: 'eq', type: 'Equal' }, log('l')],
      ['start.then -> l.exec', 'rnd.result -> eq.a', 'rnd.result -> eq.b', 'eq.result -> l.message'],
    );
    for (let i = 0; i < 5; i++) expect(messages(await run(doc))).toEqual(['true']);
  });

  it('MakeArray item0/item1 from the same Random are equal', async () => {
    const doc = pattern(
      [start, { id: 'rnd', type: 'Random' }, { id: 'arr', type: 'MakeArray' }, log('l')],
      ['start.then -> l.exec', 'rnd.result -> arr.item0', 'rnd.result -> arr.item1', 'arr.array -> l.message'],
    );
    const [a, b] = JSON.parse(messages(await run(doc))[0]!) as number[];
    expect(typeof a).toBe('number');
    expect(a).toBe(b);
  });

  it('a diamond (Random → Add and Multiply → MakeArray) computes Random once', async () => {
    const doc = pattern(
      [
        start,
        { id: 'rnd', type: 'Random' },
        { id: 'add', type: 'Add', defaults: { b: 0 } },
        { id: 'mul', type: 'Multiply', defaults: { b: 1 } },
        { id: 'arr', type: 'MakeArray' },
        log('l'),
      ],
      ['start.then -> l.exec', 'rnd.result -> add.a', 'rnd.result -> mul.a', 'add.result -> arr.item0', 'mul.result -> arr.item1', 'arr.array -> l.message'],
    );
    const [a, b] = JSON.parse(messages(await run(doc))[0]!) as number[];
    expect(a).toBe(b);
  });

  it('two impure nodes reading the same Random each compute it', async () => {
    const doc = pattern(
      [start, { id: 'rnd', type: 'Random' }, log('l1'), log('l2')],
      ['start.then -> l1.exec', 'l1.then -> l2.exec', 'rnd.result -> l1.message', 'rnd.result -> l2.message'],
    );
    const [a, b] = messages(await run(doc));
    expect(a).not.toBe(b);
  });

  it('a shared pure node reading a variable is computed once per evaluation, afresh per impure node', async () => {
    // SetVariable's value = Add(get, get): both inputs see the same read.
    const doc = pattern(
      [
        start,
        { id: 'get', type: 'GetVariable', config: { variable: 'n' } },
        { id: 'add', type: 'Add' },
        { id: 'set1', type: 'SetVariable', config: { variable: 'n' } },
        { id: 'set2', type: 'SetVariable', config: { variable: 'n' } },
        log('l'),
      ],
      [
        'start.then -> set1.exec',
        'set1.then -> set2.exec',
        'set2.then -> l.exec',
        'get.value -> add.a',
        'get.value -> add.b',
        'add.result -> set1.value',
        'add.result -> set2.value',
        'get.value -> l.message',
      ],
      { variables: [{ name: 'n', type: 'Integer', default: 3 }] },
    );
    expect(messages(await run(doc))).toEqual(['12']);
  });
});

describe('outputs of impure nodes', () => {
  it('are null before their node ran, then hold the latest run', async () => {
    const doc = pattern(
      [
        start,
        { id: 'seq', type: 'Sequence', config: { count: 4 } },
        log('before'),
        { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } },
        { id: 'inc2', type: 'IncrementVariable', config: { variable: 'n' }, defaults: { amount: 5 } },
        log('after'),
      ],
      [
        'start.then -> seq.exec',
        'seq.then0 -> before.exec',
        'seq.then1 -> inc.exec',
        'seq.then2 -> inc2.exec',
        'seq.then3 -> after.exec',
        'inc.newValue -> before.message',
        'inc.newValue -> after.message',
      ],
      { variables: [{ name: 'n', type: 'Integer', default: 0 }] },
    );
    expect(messages(await run(doc))).toEqual(['null', '1']);
  });

  it('loop outputs keep their last value after the loop', async () => {
    const doc = pattern(
      [start, { id: 'each', type: 'ForEach', defaults: { array: ['a', 'b', 'c'] } }, log('done'), { id: 'arr', type: 'MakeArray' }],
      ['start.then -> each.exec', 'each.completed -> done.exec', 'each.item -> arr.item0', 'each.index -> arr.item1', 'arr.array -> done.message'],
    );
    expect(messages(await run(doc))).toEqual(['["c",2]']);
  });

  it("a trigger's outputs are set before the flow runs", async () => {
    const doc = pattern([{ id: 'hook', type: 'OnWebhook' }, log('l')], ['hook.then -> l.exec', 'hook.method -> l.message']);
    expect(messages(await run(doc, { method: 'PUT' }))).toEqual(['PUT']);
  });
});

describe('variables live in one execution', () => {
  const appendDoc = () =>
    pattern(
      [
        start,
        { id: 'app', type: 'AppendToArray', config: { variable: 'items' }, defaults: { item: 'x' } },
        { id: 'inc', type: 'IncrementVariable', config: { variable: 'count' } },
        { id: 'gi', type: 'GetVariable', config: { variable: 'items' } },
        { id: 'gc', type: 'GetVariable', config: { variable: 'count' } },
        log('l1'),
        log('l2'),
      ],
      ['start.then -> app.exec', 'app.then -> inc.exec', 'inc.then -> l1.exec', 'l1.then -> l2.exec', 'gi.value -> l1.message', 'gc.value -> l2.message'],
      {
        variables: [
          { name: 'items', type: 'Array', default: [1] },
          { name: 'count', type: 'Integer', default: 5 },
        ],
      },
    );

  it('start from their defaults in every execution of one compiled pattern', async () => {
    const doc = appendDoc();
    const plan = compiled(doc);
    const first = await execute(plan, {});
    const second = await execute(plan, {});
    expect(messages(first)).toEqual(['[1,"x"]', '6']);
    expect(messages(second)).toEqual(['[1,"x"]', '6']);
    expect(doc.variables![0]!.default).toEqual([1]); // the document's default is not mutated
  });

  it('concurrent executions do not share variables', async () => {
    const plan = compiled(appendDoc());
    const results = await Promise.all(Array.from({ length: 5 }, () => execute(plan, {})));
    for (const r of results) expect(messages(r)).toEqual(['[1,"x"]', '6']);
  });

  it("a variable without default starts at its type's zero value", async () => {
    const types = ['Integer', 'Float', 'String', 'Boolean', 'Array', 'Object', 'DateTime', 'Any'] as const;
    const nodes: N[] = [start, { id: 'arr', type: 'MakeArray', config: { count: types.length } }, log('l')];
    const wires = ['start.then -> l.exec', 'arr.array -> l.message'];
    types.forEach((t, i) => {
      nodes.push({ id: `g${i}`, type: 'GetVariable', config: { variable: `v${i}` } });
      wires.push(`g${i}.value -> arr.item${i}`);
    });
    const doc = pattern(nodes, wires, { variables: types.map((type, i) => ({ name: `v${i}`, type })) });
    expect(JSON.parse(messages(await run(doc))[0]!)).toEqual([0, 0, '', false, [], {}, null, null]);
  });

  it("a variable default converts to the variable's type", async () => {
    const doc = pattern(
      [start, { id: 'g', type: 'GetVariable', config: { variable: 'n' } }, { id: 'arr', type: 'MakeArray', config: { count: 1 } }, log('l')],
      ['start.then -> l.exec', 'g.value -> arr.item0', 'arr.array -> l.message'],
      { variables: [{ name: 'n', type: 'Integer', default: '12' }] },
    );
    expect(messages(await run(doc))).toEqual(['[12]']);
  });

  it('a constant array set into a variable is not mutated by AppendToArray', async () => {
    const doc = pattern(
      [
        start,
        { id: 'mk', type: 'MakeArray', defaults: { item0: 1, item1: 2 } },
        { id: 'set', type: 'SetVariable', config: { variable: 'items' } },
        { id: 'app', type: 'AppendToArray', config: { variable: 'items' }, defaults: { item: 3 } },
        { id: 'g', type: 'GetVariable', config: { variable: 'items' } },
        log('l'),
        log('orig'),
      ],
      [
        'start.then -> set.exec',
        'mk.array -> set.value',
        'set.then -> app.exec',
        'app.then -> l.exec',
        'g.value -> l.message',
        'l.then -> orig.exec',
        'mk.array -> orig.message',
      ],
      { variables: [{ name: 'items', type: 'Array' }] },
    );
    const plan = compiled(doc);
    for (let i = 0; i < 3; i++) {
      expect(messages(await execute(plan, {}))).toEqual(['[1,2,3]', '[1,2]']);
    }
  });

  it('SetVariable output and the variable are separate from a later append', async () => {
    const doc = pattern(
      [
        start,
        { id: 'set', type: 'SetVariable', config: { variable: 'items' }, defaults: { value: ['a'] } },
        { id: 'app', type: 'AppendToArray', config: { variable: 'items' }, defaults: { item: 'b' } },
        { id: 'g', type: 'GetVariable', config: { variable: 'items' } },
        log('l'),
      ],
      ['start.then -> set.exec', 'set.then -> app.exec', 'app.then -> l.exec', 'g.value -> l.message'],
      { variables: [{ name: 'items', type: 'Array' }] },
    );
    const plan = compiled(doc);
    expect(messages(await execute(plan, {}))).toEqual(['["a","b"]']);
    expect(messages(await execute(plan, {}))).toEqual(['["a","b"]']);
  });

  it('an object default is a fresh copy each execution', async () => {
    const doc = pattern(
      [
        start,
        { id: 'g', type: 'GetVariable', config: { variable: 'o' } },
        { id: 'sp', type: 'SetProperty', defaults: { key: 'k', value: 2 } },
        { id: 'set', type: 'SetVariable', config: { variable: 'o' } },
        log('l'),
      ],
      ['start.then -> set.exec', 'g.value -> sp.object', 'sp.result -> set.value', 'set.then -> l.exec', 'g.value -> l.message'],
      { variables: [{ name: 'o', type: 'Object', default: { k: 1, nested: { a: [1] } } }] },
    );
    const plan = compiled(doc);
    expect(messages(await execute(plan, {}))).toEqual(['{"k":2,"nested":{"a":[1]}}']);
    expect(messages(await execute(plan, {}))).toEqual(['{"k":2,"nested":{"a":[1]}}']);
    expect(doc.variables![0]!.default).toEqual({ k: 1, nested: { a: [1] } });
  });
});

describe('exec order', () => {
  it('an exec output feeding several nodes runs them in wire order', async () => {
    const doc = pattern([start, log('a', 'a'), log('b', 'b'), log('c', 'c')], ['start.then -> b.exec', 'start.then -> c.exec', 'start.then -> a.exec']);
    expect(messages(await run(doc))).toEqual(['b', 'c', 'a']);
  });

  it('each branch of a fan-out runs to its end before the next starts', async () => {
    const doc = pattern([start, log('a', 'a'), log('a2', 'a2'), log('b', 'b')], ['start.then -> a.exec', 'start.then -> b.exec', 'a.then -> a2.exec']);
    expect(messages(await run(doc))).toEqual(['a', 'a2', 'b']);
  });

  it('Sequence fires then0, then1, … in order', async () => {
    const doc = pattern(
      [start, { id: 'seq', type: 'Sequence', config: { count: 3 } }, log('x', 'x'), log('y', 'y'), log('z', 'z')],
      ['start.then -> seq.exec', 'seq.then2 -> z.exec', 'seq.then0 -> x.exec', 'seq.then1 -> y.exec'],
    );
    expect(messages(await run(doc))).toEqual(['x', 'y', 'z']);
  });

  it('Sequence joins branches: the shared tail on the last output runs after either branch', async () => {
    for (const cond of [true, false]) {
      const doc = pattern(
        [
          start,
          { id: 'seq', type: 'Sequence' },
          { id: 'br', type: 'Branch', defaults: { condition: cond } },
          log('yes', 'yes'),
          log('no', 'no'),
          log('tail', 'tail'),
        ],
        ['start.then -> seq.exec', 'seq.then0 -> br.exec', 'br.true -> yes.exec', 'br.false -> no.exec', 'seq.then1 -> tail.exec'],
      );
      expect(messages(await run(doc))).toEqual([cond ? 'yes' : 'no', 'tail']);
    }
  });
});

describe('Branch, Switch, Gate', () => {
  const branch = () =>
    pattern(
      [{ id: 'hook', type: 'OnWebhook' }, { id: 'br', type: 'Branch' }, log('t', 'true'), log('f', 'false')],
      ['hook.then -> br.exec', 'hook.body -> br.condition', 'br.true -> t.exec', 'br.false -> f.exec'],
    );

  it('Branch fires true or false; condition converts to Boolean', async () => {
    expect(messages(await run(branch(), { body: true }))).toEqual(['true']);
    expect(messages(await run(branch(), { body: false }))).toEqual(['false']);
    expect(messages(await run(branch(), { body: 'yes' }))).toEqual(['true']);
    expect(messages(await run(branch(), { body: 0 }))).toEqual(['false']);
    expect(messages(await run(branch(), { body: null }))).toEqual(['false']);
    const bad = await run(branch(), { body: 'maybe' });
    expect(bad.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'br' });
  });

  it('Branch with only `true` wired does nothing on false', async () => {
    const doc = pattern(
      [start, { id: 'br', type: 'Branch', defaults: { condition: false } }, log('t', 't'), log('after', 'after')],
      ['start.then -> br.exec', 'br.true -> t.exec'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual([]);
  });

  const switchDoc = () =>
    pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'sw', type: 'Switch', config: { cases: [1, 'a', { k: [1] }, 1] } },
        log('c0', 'case0'),
        log('c1', 'case1'),
        log('c2', 'case2'),
        log('c3', 'case3'),
        log('d', 'default'),
      ],
      [
        'hook.then -> sw.exec',
        'hook.body -> sw.value',
        'sw.case0 -> c0.exec',
        'sw.case1 -> c1.exec',
        'sw.case2 -> c2.exec',
        'sw.case3 -> c3.exec',
        'sw.default -> d.exec',
      ],
    );

  it('Switch fires the first equal case (deep equality, no conversion), else default', async () => {
    const doc = switchDoc();
    expect(messages(await run(doc, { body: 1 }))).toEqual(['case0']); // first match only
    expect(messages(await run(doc, { body: 'a' }))).toEqual(['case1']);
    expect(messages(await run(doc, { body: { k: [1] } }))).toEqual(['case2']);
    expect(messages(await run(doc, { body: '1' }))).toEqual(['default']);
    expect(messages(await run(doc, { body: null }))).toEqual(['default']);
    expect(messages(await run(doc, { body: { k: [1, 2] } }))).toEqual(['default']);
  });

  it('Switch with no cases always fires default', async () => {
    const doc = pattern([start, { id: 'sw', type: 'Switch', defaults: { value: 5 } }, log('d', 'default')], ['start.then -> sw.exec', 'sw.default -> d.exec']);
    expect(messages(await run(doc))).toEqual(['default']);
  });

  it('Gate fires then only when the condition is true', async () => {
    for (const condition of [true, false]) {
      const doc = pattern([start, { id: 'g', type: 'Gate', defaults: { condition } }, log('l', 'through')], ['start.then -> g.exec', 'g.then -> l.exec']);
      const r = await run(doc);
      expect(r.status).toBe('completed');
      expect(messages(r)).toEqual(condition ? ['through'] : []);
    }
  });
});

describe('loops', () => {
  it('ForRange counts from start (inclusive) to end (exclusive)', async () => {
    const doc = pattern(
      [start, { id: 'r', type: 'ForRange', defaults: { start: 2, end: 5 } }, log('l'), log('done', 'done')],
      ['start.then -> r.exec', 'r.body -> l.exec', 'r.index -> l.message', 'r.completed -> done.exec'],
    );
    expect(messages(await run(doc))).toEqual(['2', '3', '4', 'done']);
  });

  it('ForRange with a positive step', async () => {
    const doc = pattern(
      [start, { id: 'r', type: 'ForRange', defaults: { start: 0, end: 10, step: 4 } }, log('l')],
      ['start.then -> r.exec', 'r.body -> l.exec', 'r.index -> l.message'],
    );
    expect(messages(await run(doc))).toEqual(['0', '4', '8']);
  });

  it('ForRange with a negative step counts down (end exclusive)', async () => {
    const doc = pattern(
      [start, { id: 'r', type: 'ForRange', defaults: { start: 5, end: 0, step: -2 } }, log('l'), log('done', 'done')],
      ['start.then -> r.exec', 'r.body -> l.exec', 'r.index -> l.message', 'r.completed -> done.exec'],
    );
    expect(messages(await run(doc))).toEqual(['5', '3', '1', 'done']);
  });

  it('ForRange with an empty range runs no iteration and fires completed', async () => {
    for (const defaults of [
      { start: 3, end: 3 },
      { start: 5, end: 0 },
      { start: 0, end: 5, step: -1 },
    ]) {
      const doc = pattern(
        [start, { id: 'r', type: 'ForRange', defaults }, log('l', 'body'), log('done', 'done')],
        ['start.then -> r.exec', 'r.body -> l.exec', 'r.completed -> done.exec'],
      );
      expect(messages(await run(doc))).toEqual(['done']);
    }
  });

  it('ForRange with step 0 is a run-time error at the node', async () => {
    const doc = pattern([start, { id: 'r', type: 'ForRange', defaults: { end: 5, step: 0 } }, log('l', 'body')], ['start.then -> r.exec', 'r.body -> l.exec']);
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'NODE_ERROR', nodeId: 'r' });
    expect(r.error!.message).toMatch(/step/);
    expect(r.logs).toEqual([]);
  });

  it('ForRange step from a run-time value of 0 also fails', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'r', type: 'ForRange', defaults: { end: 5 } },
      ],
      ['hook.then -> r.exec', 'hook.body -> r.step'],
    );
    expect((await run(doc, { body: 0 })).error).toMatchObject({ code: 'NODE_ERROR', nodeId: 'r' });
    expect((await run(doc, { body: 1 })).status).toBe('completed');
  });

  it('ForEach gives item and index, then completed', async () => {
    const doc = pattern(
      [{ id: 'hook', type: 'OnWebhook' }, { id: 'each', type: 'ForEach' }, { id: 'arr', type: 'MakeArray' }, log('l'), log('done', 'done')],
      [
        'hook.then -> each.exec',
        'hook.body -> each.array',
        'each.body -> l.exec',
        'each.item -> arr.item0',
        'each.index -> arr.item1',
        'arr.array -> l.message',
        'each.completed -> done.exec',
      ],
    );
    expect(messages(await run(doc, { body: ['a', { b: 1 }] }))).toEqual(['["a",0]', '[{"b":1},1]', 'done']);
  });

  it('ForEach over null runs no iteration and fires completed', async () => {
    const doc = pattern(
      [{ id: 'hook', type: 'OnWebhook' }, { id: 'each', type: 'ForEach' }, log('l', 'body'), log('done', 'done')],
      ['hook.then -> each.exec', 'hook.body -> each.array', 'each.body -> l.exec', 'each.completed -> done.exec'],
    );
    const r = await run(doc, { body: null });
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['done']);
    const absent = await run(doc, {});
    expect(messages(absent)).toEqual(['done']);
  });

  it('ForEach over a non-array is a TYPE_CONVERSION error', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'each', type: 'ForEach' },
      ],
      ['hook.then -> each.exec', 'hook.body -> each.array'],
    );
    expect((await run(doc, { body: { a: 1 } })).error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'each' });
  });

  it('ForEach over a default null', async () => {
    const doc = pattern(
      [start, { id: 'each', type: 'ForEach', defaults: { array: null } }, log('done', 'done')],
      ['start.then -> each.exec', 'each.completed -> done.exec'],
    );
    expect(messages(await run(doc))).toEqual(['done']);
  });

  it('Break leaves the loop, which then fires completed', async () => {
    const doc = pattern(
      [
        start,
        { id: 'r', type: 'ForRange', defaults: { end: 10 } },
        { id: 'eq', type: 'Equal', defaults: { b: 3 } },
        { id: 'br', type: 'Branch' },
        { id: 'stop', type: 'Break' },
        log('l'),
        log('done', 'done'),
      ],
      [
        'start.then -> r.exec',
        'r.body -> br.exec',
        'r.index -> eq.a',
        'eq.result -> br.condition',
        'br.true -> stop.exec',
        'br.false -> l.exec',
        'r.index -> l.message',
        'r.completed -> done.exec',
      ],
    );
    expect(messages(await run(doc))).toEqual(['0', '1', '2', 'done']);
  });

  it('Break leaves only the innermost loop', async () => {
    const doc = pattern(
      [
        start,
        { id: 'outer', type: 'ForRange', defaults: { end: 3 } },
        { id: 'inner', type: 'ForRange', defaults: { end: 100 } },
        { id: 'seq', type: 'Sequence' },
        { id: 'stop', type: 'Break' },
        { id: 'arr', type: 'MakeArray' },
        log('l'),
        log('innerDone', 'inner done'),
        log('outerDone', 'outer done'),
      ],
      [
        'start.then -> outer.exec',
        'outer.body -> inner.exec',
        'inner.body -> seq.exec',
        'seq.then0 -> l.exec',
        'seq.then1 -> stop.exec',
        'outer.index -> arr.item0',
        'inner.index -> arr.item1',
        'arr.array -> l.message',
        'inner.completed -> innerDone.exec',
        'outer.completed -> outerDone.exec',
      ],
    );
    expect(messages(await run(doc))).toEqual(['[0,0]', 'inner done', '[1,0]', 'inner done', '[2,0]', 'inner done', 'outer done']);
  });

  it('Break in While and ForEach', async () => {
    const doc = pattern(
      [
        start,
        { id: 'w', type: 'While', defaults: { condition: true } },
        { id: 'each', type: 'ForEach', defaults: { array: [1, 2, 3] } },
        { id: 'b1', type: 'Break' },
        { id: 'b2', type: 'Break' },
        log('l'),
        log('wDone', 'while done'),
      ],
      [
        'start.then -> w.exec',
        'w.body -> each.exec',
        'each.body -> l.exec',
        'each.item -> l.message',
        'l.then -> b1.exec',
        'each.completed -> b2.exec',
        'w.completed -> wDone.exec',
      ],
    );
    expect(messages(await run(doc))).toEqual(['1', 'while done']);
  });

  it('a Break inside a TryCatch inside a loop still runs finally', async () => {
    const doc = pattern(
      [
        start,
        { id: 'r', type: 'ForRange', defaults: { end: 5 } },
        { id: 'tc', type: 'TryCatch' },
        { id: 'stop', type: 'Break' },
        log('fin', 'finally'),
        log('done', 'done'),
      ],
      ['start.then -> r.exec', 'r.body -> tc.exec', 'tc.try -> stop.exec', 'tc.finally -> fin.exec', 'r.completed -> done.exec'],
    );
    expect(messages(await run(doc))).toEqual(['finally', 'done']);
  });
});

describe('Stop', () => {
  it('ends the execution completed; later nodes do not run', async () => {
    const doc = pattern(
      [start, { id: 'seq', type: 'Sequence', config: { count: 3 } }, log('a', 'a'), { id: 'stop', type: 'Stop' }, log('c', 'c')],
      ['start.then -> seq.exec', 'seq.then0 -> a.exec', 'seq.then1 -> stop.exec', 'seq.then2 -> c.exec'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(r.error).toBeNull();
    expect(messages(r)).toEqual(['a']);
  });

  it('inside a loop, ends the whole execution (completed is not fired)', async () => {
    const doc = pattern(
      [start, { id: 'r', type: 'ForRange', defaults: { end: 5 } }, log('l'), { id: 'stop', type: 'Stop' }, log('done', 'done')],
      ['start.then -> r.exec', 'r.body -> l.exec', 'r.index -> l.message', 'l.then -> stop.exec', 'r.completed -> done.exec'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['0']);
  });

  it('inside TryCatch try: finally still runs, then the execution ends', async () => {
    const doc = pattern(
      [start, { id: 'seq', type: 'Sequence' }, { id: 'tc', type: 'TryCatch' }, { id: 'stop', type: 'Stop' }, log('fin', 'finally'), log('after', 'after')],
      ['start.then -> seq.exec', 'seq.then0 -> tc.exec', 'tc.try -> stop.exec', 'tc.finally -> fin.exec', 'seq.then1 -> after.exec'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['finally']);
  });

  it('in an asynchronous pattern too', async () => {
    const doc = pattern(
      [start, { id: 'd', type: 'Delay', defaults: { seconds: 0.001 } }, { id: 'stop', type: 'Stop' }],
      ['start.then -> d.exec', 'd.then -> stop.exec'],
    );
    expect((await run(doc)).status).toBe('completed');
  });
});

describe('TryCatch', () => {
  const tryDoc = (throws: boolean) =>
    pattern(
      [
        start,
        { id: 'tc', type: 'TryCatch' },
        log('t', 'try'),
        { id: 'g', type: 'Gate', defaults: { condition: throws } },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'boom', type: 'MyError' } },
        log('c'),
        log('f', 'finally'),
      ],
      [
        'start.then -> tc.exec',
        'tc.try -> t.exec',
        't.then -> g.exec',
        'g.then -> boom.exec',
        'tc.catch -> c.exec',
        'tc.error -> c.message',
        'tc.finally -> f.exec',
      ],
    );

  it('runs try, then catch with the error, then finally', async () => {
    const r = await run(tryDoc(true));
    expect(r.status).toBe('completed');
    expect(r.error).toBeNull();
    const [t, c, f] = messages(r);
    expect(t).toBe('try');
    expect(JSON.parse(c!)).toEqual({ message: 'boom', type: 'MyError', code: 'USER_ERROR', nodeId: 'boom' });
    expect(f).toBe('finally');
    expect(r.logs.map((l) => l.nodeId)).toEqual(['t', 'c', 'f']);
  });

  it('without an error: try, then finally; catch does not run', async () => {
    expect(messages(await run(tryDoc(false)))).toEqual(['try', 'finally']);
  });

  it('the error object of a node failure names the failing node', async () => {
    const doc = pattern(
      [start, { id: 'tc', type: 'TryCatch' }, { id: 'r', type: 'ForRange', defaults: { end: 3, step: 0 } }, log('c')],
      ['start.then -> tc.exec', 'tc.try -> r.exec', 'tc.catch -> c.exec', 'tc.error -> c.message'],
    );
    const e = JSON.parse(messages(await run(doc))[0]!);
    expect(e).toMatchObject({ code: 'NODE_ERROR', nodeId: 'r', type: expect.any(String) });
    expect(Object.keys(e).sort()).toEqual(['code', 'message', 'nodeId', 'type']);
  });

  it('an error inside catch propagates after finally', async () => {
    const doc = pattern(
      [
        start,
        { id: 'tc', type: 'TryCatch' },
        { id: 'e1', type: 'ThrowError', defaults: { message: 'first' } },
        { id: 'e2', type: 'ThrowError', defaults: { message: 'second' } },
        log('f', 'finally'),
      ],
      ['start.then -> tc.exec', 'tc.try -> e1.exec', 'tc.catch -> e2.exec', 'tc.finally -> f.exec'],
    );
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'USER_ERROR', message: 'second', nodeId: 'e2' });
    expect(messages(r)).toEqual(['finally']);
  });

  it('with no catch wired the error is still handled', async () => {
    const doc = pattern(
      [start, { id: 'tc', type: 'TryCatch' }, { id: 'e1', type: 'ThrowError', defaults: { message: 'x' } }, log('f', 'finally')],
      ['start.then -> tc.exec', 'tc.try -> e1.exec', 'tc.finally -> f.exec'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['finally']);
  });

  it('nested: the inner TryCatch handles, the outer never sees it', async () => {
    const doc = pattern(
      [
        start,
        { id: 'outer', type: 'TryCatch' },
        { id: 'inner', type: 'TryCatch' },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'x' } },
        log('ic', 'inner catch'),
        log('oc', 'outer catch'),
      ],
      ['start.then -> outer.exec', 'outer.try -> inner.exec', 'inner.try -> boom.exec', 'inner.catch -> ic.exec', 'outer.catch -> oc.exec'],
    );
    expect(messages(await run(doc))).toEqual(['inner catch']);
  });

  it('does not catch a timeout', async () => {
    const doc = pattern(
      [start, { id: 'tc', type: 'TryCatch' }, { id: 'w', type: 'While', defaults: { condition: true } }, log('c', 'caught'), log('f', 'finally')],
      ['start.then -> tc.exec', 'tc.try -> w.exec', 'tc.catch -> c.exec', 'tc.finally -> f.exec'],
      { settings: { timeoutMs: 100 } },
    );
    const r = await run(doc);
    expect(r.status).toBe('timeout');
    expect(messages(r)).not.toContain('caught');
  });
});

describe('errors in pure nodes', () => {
  it('are attributed to the pure node (a Divide by a constant 0 is left to run time, not folded)', async () => {
    const doc = pattern([start, { id: 'div', type: 'Divide', defaults: { a: 1, b: 0 } }, log('l')], ['start.then -> l.exec', 'div.result -> l.message']);
    expect(build(doc).ok).toBe(true);
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'DIVISION_BY_ZERO', nodeId: 'div' });
    expect(r.logs).toEqual([]);
  });

  it('are caught by TryCatch when the consuming node is in the try branch', async () => {
    const doc = pattern(
      [{ id: 'hook', type: 'OnWebhook' }, { id: 'div', type: 'Divide', defaults: { a: 1 } }, { id: 'tc', type: 'TryCatch' }, log('l'), log('c')],
      ['hook.then -> tc.exec', 'tc.try -> l.exec', 'hook.body -> div.b', 'div.result -> l.message', 'tc.catch -> c.exec', 'tc.error -> c.message'],
    );
    const r = await run(doc, { body: 0 });
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.nodeId)).toEqual(['c']);
    expect(JSON.parse(messages(r)[0]!)).toMatchObject({ code: 'DIVISION_BY_ZERO', nodeId: 'div' });
    expect(messages(await run(doc, { body: 4 }))).toEqual(['0.25']);
  });
});

describe('ThrowError', () => {
  it('fails the execution with USER_ERROR, the message and type', async () => {
    const doc = pattern([start, { id: 'boom', type: 'ThrowError', defaults: { message: 'bad input', type: 'ValidationError' } }], ['start.then -> boom.exec']);
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toEqual({ code: 'USER_ERROR', message: 'bad input', type: 'ValidationError', nodeId: 'boom' });
  });

  it('type defaults to "Error"', async () => {
    const doc = pattern([start, { id: 'boom', type: 'ThrowError', defaults: { message: 'm' } }], ['start.then -> boom.exec']);
    expect((await run(doc)).error).toMatchObject({ type: 'Error' });
  });

  it('nodes after the failing one do not run', async () => {
    const doc = pattern(
      [start, { id: 'seq', type: 'Sequence' }, { id: 'boom', type: 'ThrowError', defaults: { message: 'm' } }, log('after', 'after')],
      ['start.then -> seq.exec', 'seq.then0 -> boom.exec', 'seq.then1 -> after.exec'],
    );
    expect(messages(await run(doc))).toEqual([]);
  });
});

describe('Retry', () => {
  // The attempt body increments `n` and throws while n < succeedAt.
  const retryDoc = (maxAttempts: number, succeedAt: number, opts: { failed?: boolean; delaySeconds?: number; backoff?: number } = {}) =>
    pattern(
      [
        start,
        { id: 'retry', type: 'Retry', defaults: { maxAttempts, delaySeconds: opts.delaySeconds ?? 0.01, backoff: opts.backoff ?? 1 } },
        { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } },
        { id: 'lt', type: 'LessThan', defaults: { b: succeedAt } },
        { id: 'g', type: 'Gate' },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'flaky', type: 'Flaky' } },
        log('then'),
        log('failed'),
        { id: 'arr', type: 'MakeArray' },
      ],
      [
        'start.then -> retry.exec',
        'retry.attempt -> inc.exec',
        'inc.then -> g.exec',
        'inc.newValue -> lt.a',
        'lt.result -> g.condition',
        'g.then -> boom.exec',
        'retry.then -> then.exec',
        'retry.attemptNumber -> then.message',
        ...(opts.failed === false
          ? ['retry.error -> failed.message']
          : ['retry.failed -> failed.exec', 'retry.error -> arr.item0', 'retry.attemptNumber -> arr.item1', 'arr.array -> failed.message']),
      ],
      { variables: [{ name: 'n', type: 'Integer', default: 0 }] },
    );

  it('succeeds on the third attempt: then fires with attemptNumber 3', async () => {
    const r = await run(retryDoc(5, 3));
    expect(r.status).toBe('completed');
    expect(r.logs).toEqual([{ level: 'info', message: '3', nodeId: 'then' }]);
  });

  it('succeeds at once: one attempt', async () => {
    const r = await run(retryDoc(5, 0));
    expect(messages(r)).toEqual(['1']);
  });

  it('fails every attempt: failed fires with the last error after maxAttempts', async () => {
    const r = await run(retryDoc(3, 100));
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.nodeId)).toEqual(['failed']);
    const [error, attempts] = JSON.parse(r.logs[0]!.message);
    expect(error).toEqual({ message: 'flaky', type: 'Flaky', code: 'USER_ERROR', nodeId: 'boom' });
    expect(attempts).toBe(3);
  });

  it('maxAttempts below 1 still runs once', async () => {
    const r = await run(retryDoc(0, 100));
    expect(JSON.parse(r.logs[0]!.message)[1]).toBe(1);
  });

  it('failing with `failed` unwired: the last error propagates and the execution fails (bug fixed: it used to complete)', async () => {
    const r = await run(retryDoc(2, 100, { failed: false }));
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'USER_ERROR', message: 'flaky', nodeId: 'boom' });
  });

  it('…and an enclosing TryCatch can catch it', async () => {
    const doc = pattern(
      [
        start,
        { id: 'tc', type: 'TryCatch' },
        { id: 'retry', type: 'Retry', defaults: { maxAttempts: 2, delaySeconds: 0.001 } },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'nope' } },
        log('c'),
      ],
      ['start.then -> tc.exec', 'tc.try -> retry.exec', 'retry.attempt -> boom.exec', 'tc.catch -> c.exec', 'tc.error -> c.message'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(JSON.parse(messages(r)[0]!)).toMatchObject({ message: 'nope', nodeId: 'boom' });
  });

  it('waits delaySeconds × backoff^(n−1) between attempts', async () => {
    const t0 = performance.now();
    const r = await run(retryDoc(3, 100, { delaySeconds: 0.04, backoff: 2 })); // waits 40 + 80 ms
    const elapsed = performance.now() - t0;
    expect(r.status).toBe('completed');
    expect(elapsed).toBeGreaterThanOrEqual(110);
    expect(elapsed).toBeLessThan(2000);
  });

  it('errors in then are not retried', async () => {
    const doc = pattern(
      [
        start,
        { id: 'retry', type: 'Retry', defaults: { delaySeconds: 0.001 } },
        { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'in then' } },
      ],
      ['start.then -> retry.exec', 'retry.attempt -> inc.exec', 'retry.then -> boom.exec'],
      { variables: [{ name: 'n', type: 'Integer' }] },
    );
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ message: 'in then', nodeId: 'boom' });
    expect(r.trace.runs.inc).toBe(1);
  });

  it('a timeout inside the attempt is not retried', async () => {
    const doc = pattern(
      [start, { id: 'retry', type: 'Retry', defaults: { delaySeconds: 0.001 } }, { id: 'w', type: 'While', defaults: { condition: true } }, log('f', 'failed')],
      ['start.then -> retry.exec', 'retry.attempt -> w.exec', 'retry.failed -> f.exec'],
      { settings: { timeoutMs: 100 } },
    );
    const r = await run(doc);
    expect(r.status).toBe('timeout');
    expect(r.logs).toEqual([]);
  });
});

describe('OnError', () => {
  const onErrorDoc = (extra: N[] = [], wires: string[] = []) =>
    pattern(
      [
        start,
        log('before', 'before'),
        { id: 'boom', type: 'ThrowError', defaults: { message: 'kaput', type: 'Broken' } },
        log('after', 'after'),
        { id: 'oe', type: 'OnError' },
        log('handler'),
        ...extra,
      ],
      ['start.then -> before.exec', 'before.then -> boom.exec', 'oe.then -> handler.exec', 'oe.error -> handler.message', ...wires],
    );

  it('runs on an unhandled error with {message, type, code, nodeId}; the execution still fails', async () => {
    const r = await run(onErrorDoc());
    expect(r.status).toBe('failed');
    expect(r.error).toEqual({ code: 'USER_ERROR', message: 'kaput', type: 'Broken', nodeId: 'boom' });
    expect(messages(r)[0]).toBe('before');
    expect(JSON.parse(messages(r)[1]!)).toEqual({ message: 'kaput', type: 'Broken', code: 'USER_ERROR', nodeId: 'boom' });
  });

  it('does not run when the execution succeeds or the error is caught', async () => {
    const ok = pattern([start, log('a', 'a'), { id: 'oe', type: 'OnError' }, log('handler', 'handler')], ['start.then -> a.exec', 'oe.then -> handler.exec']);
    expect(messages(await run(ok))).toEqual(['a']);
    const caught = pattern(
      [
        start,
        { id: 'tc', type: 'TryCatch' },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'x' } },
        { id: 'oe', type: 'OnError' },
        log('handler', 'handler'),
      ],
      ['start.then -> tc.exec', 'tc.try -> boom.exec', 'oe.then -> handler.exec'],
    );
    const r = await run(caught);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual([]);
  });

  it('an error inside the OnError flow does not replace the original error', async () => {
    const doc = onErrorDoc([{ id: 'boom2', type: 'ThrowError', defaults: { message: 'in handler' } }], ['handler.then -> boom2.exec']);
    const r = await run(doc);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ message: 'kaput', nodeId: 'boom' });
    expect(r.trace.entries.filter((e) => e.event === 'error').map((e) => e.nodeId)).toEqual(['boom', 'boom2']);
  });

  it('does not run on a timeout', async () => {
    const doc = pattern(
      [start, { id: 'w', type: 'While', defaults: { condition: true } }, { id: 'oe', type: 'OnError' }, log('handler', 'handler')],
      ['start.then -> w.exec', 'oe.then -> handler.exec'],
      { settings: { timeoutMs: 100 } },
    );
    const r = await run(doc);
    expect(r.status).toBe('timeout');
    expect(r.logs).toEqual([]);
  });

  it('runs for run-time errors of any node (TYPE_CONVERSION) and in asynchronous patterns', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'd', type: 'Delay', defaults: { seconds: 0.001 } },
        { id: 'r', type: 'ForRange' },
        { id: 'oe', type: 'OnError' },
        log('handler'),
      ],
      ['hook.then -> d.exec', 'd.then -> r.exec', 'hook.body -> r.end', 'oe.then -> handler.exec', 'oe.error -> handler.message'],
    );
    const r = await run(doc, { body: 'abc' });
    expect(r.status).toBe('failed');
    expect(JSON.parse(messages(r)[0]!)).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'r' });
  });
});

describe('deadlines and long loops', () => {
  const endless = (timeoutMs: number) =>
    pattern(
      [start, { id: 'w', type: 'While', defaults: { condition: true } }, { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } }],
      ['start.then -> w.exec', 'w.body -> inc.exec'],
      { variables: [{ name: 'n', type: 'Float' }], settings: { timeoutMs } },
    );

  it('an endless While with timeoutMs 200 ends `timeout` quickly', async () => {
    const t0 = performance.now();
    const r = await run(endless(200));
    const elapsed = performance.now() - t0;
    expect(r.status).toBe('timeout');
    expect(r.error).toMatchObject({ code: 'TIMEOUT', nodeId: null });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
  });

  it('an endless While with an empty body also times out', async () => {
    const doc = pattern([start, { id: 'w', type: 'While', defaults: { condition: true } }], ['start.then -> w.exec'], { settings: { timeoutMs: 100 } });
    expect((await run(doc)).status).toBe('timeout');
  });

  it('the run option timeoutMs overrides the pattern setting', async () => {
    const r = await run(endless(300_000), {}, { timeoutMs: 100 });
    expect(r.status).toBe('timeout');
  });

  it('a long loop yields: a quick execution finishes well before an endless one ends', async () => {
    const long = run(endless(1000));
    const quickDoc = pattern([start, { id: 'd', type: 'Delay', defaults: { seconds: 0.02 } }, log('l', 'quick')], ['start.then -> d.exec', 'd.then -> l.exec']);
    const t0 = performance.now();
    let quickDoneAt = 0;
    const quick = run(quickDoc).then((r) => {
      quickDoneAt = performance.now() - t0;
      return r;
    });
    const [q, l] = await Promise.all([quick, long]);
    const longDoneAt = performance.now() - t0;
    expect(q.status).toBe('completed');
    expect(messages(q)).toEqual(['quick']);
    expect(l.status).toBe('timeout');
    expect(quickDoneAt).toBeLessThan(400);
    expect(longDoneAt).toBeGreaterThan(quickDoneAt + 400);
  });

  it('a timer keeps firing while an endless loop runs (the event loop is not stalled)', async () => {
    const long = run(endless(600));
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 10);
    await long;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(10);
  });

  it('a Delay longer than the deadline ends `timeout` at the deadline', async () => {
    const doc = pattern([start, { id: 'd', type: 'Delay', defaults: { seconds: 5 } }, log('l', 'after')], ['start.then -> d.exec', 'd.then -> l.exec'], {
      settings: { timeoutMs: 100 },
    });
    const t0 = performance.now();
    const r = await run(doc);
    expect(r.status).toBe('timeout');
    expect(r.logs).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a synchronous run that goes long restarts asynchronously without duplicating its log', async () => {
    const doc = pattern(
      [
        start,
        log('begin', 'begin'),
        { id: 'r', type: 'ForRange', defaults: { end: 3_000_000 } },
        { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } },
        { id: 'g', type: 'GetVariable', config: { variable: 'n' } },
        log('end'),
      ],
      ['start.then -> begin.exec', 'begin.then -> r.exec', 'r.body -> inc.exec', 'r.completed -> end.exec', 'g.value -> end.message'],
      { variables: [{ name: 'n', type: 'Integer' }] },
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['begin', '3000000']);
  });
});

describe('execution log', () => {
  it('is bounded: a 1,000,000-iteration loop keeps ≤ the limit of entries, counts every run', async () => {
    const doc = pattern(
      [start, { id: 'r', type: 'ForRange', defaults: { end: 1_000_000 } }, { id: 'inc', type: 'IncrementVariable', config: { variable: 'n' } }],
      ['start.then -> r.exec', 'r.body -> inc.exec'],
      { variables: [{ name: 'n', type: 'Integer' }] },
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(r.trace.entries.length).toBeLessThanOrEqual(500);
    expect(r.trace.runs.inc).toBe(1_000_000);
    expect(r.trace.runs.r).toBe(1);
    expect(r.trace.dropped).toBeGreaterThan(0);
  }, 30_000);

  it('stays within the limit when every iteration records a start and a finish', async () => {
    const doc = pattern([start, { id: 'r', type: 'ForRange', defaults: { end: 200_000 } }, log('l', 'x')], ['start.then -> r.exec', 'r.body -> l.exec']);
    const r = await run(doc);
    expect(r.trace.entries.length).toBeLessThanOrEqual(500);
    expect(r.trace.runs.l).toBe(200_000);
    expect(r.trace.dropped).toBeGreaterThan(199_000);
    // Every kept start has its finish.
    const starts = r.trace.entries.filter((e) => e.event === 'start' && e.nodeId === 'l').length;
    const finishes = r.trace.entries.filter((e) => e.event === 'finish' && e.nodeId === 'l').length;
    expect(finishes).toBe(starts);
  }, 30_000);

  it('the limit follows the traceLimit run option', async () => {
    const doc = pattern([start, { id: 'r', type: 'ForRange', defaults: { end: 100 } }, log('l', 'x')], ['start.then -> r.exec', 'r.body -> l.exec']);
    const r = await run(doc, {}, { traceLimit: 20 });
    // Bug fixed: a start recorded in the last slot used to get its finish as entry limit+1.
    expect(r.trace.entries.length).toBeLessThanOrEqual(20);
    expect(r.trace.entries.length).toBeGreaterThanOrEqual(18);
    for (const limit of [1, 2, 3, 7]) expect((await run(doc, {}, { traceLimit: limit })).trace.entries.length).toBeLessThanOrEqual(limit);
    expect(r.trace.runs.l).toBe(100);
    expect(r.logs).toHaveLength(100); // Log lines are not the trace
  });

  it("names each node by its name, else its type's label", async () => {
    const doc = pattern(
      [start, { id: 'l', type: 'Log', name: 'Say hi', defaults: { message: 'hi' } }, log('l2', 'x')],
      ['start.then -> l.exec', 'l.then -> l2.exec'],
    );
    const r = await run(doc);
    expect(r.trace.entries.find((e) => e.nodeId === 'l')!.nodeName).toBe('Say hi');
    expect(r.trace.entries.find((e) => e.nodeId === 'l2')!.nodeName).toBe('Log');
  });

  it('records the trigger, start and finish (with a duration) of action nodes, and an error record', async () => {
    const doc = pattern(
      [start, log('l', 'x'), { id: 'boom', type: 'ThrowError', defaults: { message: 'm' } }],
      ['start.then -> l.exec', 'l.then -> boom.exec'],
    );
    const r = await run(doc);
    const events = r.trace.entries.map((e) => [e.nodeId, e.event]);
    expect(events).toEqual([
      ['start', 'start'],
      ['l', 'start'],
      ['l', 'log'],
      ['l', 'finish'],
      ['boom', 'start'],
      ['boom', 'error'],
    ]);
    expect(r.trace.entries.find((e) => e.event === 'finish')!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('Log lines are capped at 1000', async () => {
    const doc = pattern([start, { id: 'r', type: 'ForRange', defaults: { end: 1500 } }, log('l', 'x')], ['start.then -> r.exec', 'r.body -> l.exec']);
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(r.logs).toHaveLength(1000);
  });
});

describe('limits', () => {
  it('AppendToArray past the array limit fails with LIMIT_EXCEEDED', async () => {
    const doc = pattern(
      [start, { id: 'r', type: 'ForRange', defaults: { end: 100 } }, { id: 'app', type: 'AppendToArray', config: { variable: 'a' }, defaults: { item: 1 } }],
      ['start.then -> r.exec', 'r.body -> app.exec'],
      { variables: [{ name: 'a', type: 'Array' }] },
    );
    const r = await run(doc, {}, { limits: { maxArrayLength: 10 } });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'LIMIT_EXCEEDED', nodeId: 'app' });
  });

  it('AppendToString past the string limit fails with LIMIT_EXCEEDED', async () => {
    const doc = pattern(
      [
        start,
        { id: 'r', type: 'ForRange', defaults: { end: 100 } },
        { id: 'app', type: 'AppendToString', config: { variable: 's' }, defaults: { text: 'abc' } },
      ],
      ['start.then -> r.exec', 'r.body -> app.exec'],
      { variables: [{ name: 's', type: 'String' }] },
    );
    const r = await run(doc, {}, { limits: { maxStringLength: 20 } });
    expect(r.error).toMatchObject({ code: 'LIMIT_EXCEEDED', nodeId: 'app' });
  });
});

describe('Delay', () => {
  it('waits about `seconds`, then fires then', async () => {
    const doc = pattern([start, { id: 'd', type: 'Delay', defaults: { seconds: 0.05 } }, log('l', 'after')], ['start.then -> d.exec', 'd.then -> l.exec']);
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['after']);
    expect(r.durationMs).toBeGreaterThanOrEqual(45);
    expect(r.durationMs).toBeLessThan(1000);
  });

  it('a negative delay does not wait', async () => {
    const doc = pattern([start, { id: 'd', type: 'Delay', defaults: { seconds: -5 } }, log('l', 'after')], ['start.then -> d.exec', 'd.then -> l.exec']);
    const r = await run(doc);
    expect(messages(r)).toEqual(['after']);
    expect(r.durationMs).toBeLessThan(500);
  });
});

describe('CallPattern and RespondWith', () => {
  const callee = (extraNodes: N[] = [], extraWires: string[] = []): PatternDocument =>
    pattern(
      [
        {
          id: 't',
          type: 'OnPatternCall',
          config: {
            inputs: [{ name: 'x', type: 'Integer' }],
            outputs: [
              { name: 'doubled', type: 'Integer' },
              { name: 'label', type: 'String' },
            ],
          },
        },
        { id: 'mul', type: 'Multiply', defaults: { b: 2 } },
        { id: 'cat', type: 'Concat', defaults: { a: 'x=' } },
        { id: 'rw', type: 'RespondWith' },
        ...extraNodes,
      ],
      ['t.then -> rw.exec', 't.x -> mul.a', 'mul.result -> rw.doubled', 't.x -> cat.b', 'cat.result -> rw.label', ...extraWires],
    );

  const caller = (target = 'double', x: unknown = 21) =>
    pattern(
      [start, { id: 'call', type: 'CallPattern', config: { pattern: target }, defaults: { x } }, { id: 'arr', type: 'MakeArray' }, log('l')],
      ['start.then -> call.exec', 'call.then -> l.exec', 'call.doubled -> arr.item0', 'call.label -> arr.item1', 'arr.array -> l.message'],
    );

  it("returns the callee's RespondWith outputs as the node's outputs", async () => {
    const r = await run(caller(), {}, { patterns: { double: callee() } });
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['[42,"x=21"]']);
  });

  it('the called execution itself returns its outputs', async () => {
    const r = await run(callee(), { inputs: { x: 5 } });
    expect(r.status).toBe('completed');
    expect(r.outputs).toEqual({ doubled: 10, label: 'x=5' });
  });

  it('RespondWith ends the called execution', async () => {
    const doc = callee([log('after', 'after')], []);
    // A Sequence puts RespondWith first and a Log second: the Log must not run.
    const seqDoc = pattern([...doc.nodes, { id: 'seq', type: 'Sequence' }], [], {});
    seqDoc.wires = [
      ...doc.wires.filter((w) => !(w.from.node === 't' && w.from.pin === 'then')),
      { from: { node: 't', pin: 'then' }, to: { node: 'seq', pin: 'exec' } },
      { from: { node: 'seq', pin: 'then0' }, to: { node: 'rw', pin: 'exec' } },
      { from: { node: 'seq', pin: 'then1' }, to: { node: 'after', pin: 'exec' } },
    ];
    const r = await run(seqDoc, { inputs: { x: 1 } });
    expect(r.status).toBe('completed');
    expect(r.outputs).toEqual({ doubled: 2, label: 'x=1' });
    expect(r.logs).toEqual([]);
  });

  it('inputs not given arrive as null', async () => {
    const doc = pattern(
      [
        { id: 't', type: 'OnPatternCall', config: { inputs: [{ name: 'x', type: 'Any' }], outputs: [{ name: 'y', type: 'Any' }] } },
        { id: 'rw', type: 'RespondWith' },
      ],
      ['t.then -> rw.exec', 't.x -> rw.y'],
    );
    expect((await run(doc, { inputs: {} })).outputs).toEqual({ y: null });
  });

  it('typed inputs not given arrive as null too (bug fixed: a missing Integer input failed the callee)', async () => {
    const doc = pattern(
      [
        {
          id: 't',
          type: 'OnPatternCall',
          config: {
            inputs: [
              { name: 'n', type: 'Integer' },
              { name: 'f', type: 'Float' },
            ],
            outputs: [
              { name: 'n', type: 'Any' },
              { name: 'f', type: 'Any' },
            ],
          },
        },
        { id: 'rw', type: 'RespondWith' },
      ],
      ['t.then -> rw.exec', 't.n -> rw.n', 't.f -> rw.f'],
    );
    expect((await run(doc, { inputs: {} })).outputs).toEqual({ n: null, f: null });
    expect((await run(doc, { inputs: { n: '7', f: true } })).outputs).toEqual({ n: 7, f: 1 });
    const bad = await run(doc, { inputs: { n: 'abc' } });
    expect(bad.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 't' });
    expect(bad.error!.message).toContain('"n"');
    // Through CallPattern with the input pin left unwired:
    const callerDoc = pattern(
      [start, { id: 'call', type: 'CallPattern', config: { pattern: 'typed' } }, { id: 'arr', type: 'MakeArray' }, log('l')],
      ['start.then -> call.exec', 'call.then -> l.exec', 'call.n -> arr.item0', 'call.f -> arr.item1', 'arr.array -> l.message'],
    );
    const r = await run(callerDoc, {}, { patterns: { typed: doc } });
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['[null,null]']);
  });

  it('RespondWith outputs left unwired are null whatever their type (bug fixed: an unwired Integer output failed)', async () => {
    const doc = pattern(
      [
        {
          id: 't',
          type: 'OnPatternCall',
          config: {
            outputs: [
              { name: 'count', type: 'Integer' },
              { name: 'when', type: 'DateTime' },
              { name: 'ok', type: 'Boolean' },
            ],
          },
        },
        { id: 'rw', type: 'RespondWith' },
      ],
      ['t.then -> rw.exec'],
    );
    const r = await run(doc, { inputs: {} });
    expect(r.status).toBe('completed');
    expect(r.outputs).toEqual({ count: null, when: null, ok: null });
  });

  it('an explicit null default for a typed CallPattern input is "not given"', async () => {
    const callee = pattern(
      [
        { id: 't', type: 'OnPatternCall', config: { inputs: [{ name: 'n', type: 'Integer' }], outputs: [{ name: 'n', type: 'Any' }] } },
        { id: 'rw', type: 'RespondWith' },
      ],
      ['t.then -> rw.exec', 't.n -> rw.n'],
    );
    const doc = pattern(
      [start, { id: 'call', type: 'CallPattern', config: { pattern: 'c' }, defaults: { n: null } }, log('l')],
      ['start.then -> call.exec', 'call.then -> l.exec', 'call.n -> l.message'],
    );
    const r = await run(doc, {}, { patterns: { c: callee } });
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['null']);
  });

  it('a callee that ends without RespondWith gives null outputs', async () => {
    const silent = pattern([
      {
        id: 't',
        type: 'OnPatternCall',
        config: {
          inputs: [{ name: 'x', type: 'Integer' }],
          outputs: [
            { name: 'doubled', type: 'Integer' },
            { name: 'label', type: 'String' },
          ],
        },
      },
    ]);
    const r = await run(caller('silent'), {}, { patterns: { silent } });
    expect(r.status).toBe('completed');
    expect(messages(r)).toEqual(['[null,null]']);
  });

  it('a callee error fails the caller, naming the callee', async () => {
    const failing = callee([{ id: 'boom', type: 'ThrowError', defaults: { message: 'callee broke' } }], []);
    failing.wires = failing.wires.map((w) => (w.from.node === 't' && w.from.pin === 'then' ? { from: w.from, to: { node: 'boom', pin: 'exec' } } : w));
    const r = await run(caller('failing'), {}, { patterns: { failing } });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'USER_ERROR', nodeId: 'call' });
    expect(r.error!.message).toContain('failing');
    expect(r.error!.message).toContain('callee broke');
  });

  it('a callee error is catchable by TryCatch', async () => {
    const failing = pattern(
      [
        { id: 't', type: 'OnPatternCall', config: { inputs: [{ name: 'x', type: 'Integer' }] } },
        { id: 'boom', type: 'ThrowError', defaults: { message: 'callee broke' } },
      ],
      ['t.then -> boom.exec'],
    );
    const doc = pattern(
      [
        start,
        { id: 'tc', type: 'TryCatch' },
        { id: 'call', type: 'CallPattern', config: { pattern: 'failing' }, defaults: { x: 1 } },
        log('c'),
        log('f', 'finally'),
      ],
      ['start.then -> tc.exec', 'tc.try -> call.exec', 'tc.catch -> c.exec', 'tc.error -> c.message', 'tc.finally -> f.exec'],
    );
    const r = await run(doc, {}, { patterns: { failing } });
    expect(r.status).toBe('completed');
    const e = JSON.parse(messages(r)[0]!);
    expect(e).toMatchObject({ code: 'USER_ERROR', nodeId: 'call' });
    expect(e.message).toContain('callee broke');
    expect(messages(r)[1]).toBe('finally');
  });

  it('recursion A → A ends with CALL_DEPTH_EXCEEDED', async () => {
    const a = pattern(
      [
        { id: 't', type: 'OnPatternCall' },
        { id: 'call', type: 'CallPattern', config: { pattern: 'A' } },
      ],
      ['t.then -> call.exec'],
    );
    const r = await run(a, { inputs: {} }, { patterns: { A: a } });
    expect(r.status).toBe('failed');
    expect(r.error!.code).toBe('CALL_DEPTH_EXCEEDED');
    const top = await run(
      pattern([start, { id: 'call', type: 'CallPattern', config: { pattern: 'A' } }], ['start.then -> call.exec']),
      {},
      { patterns: { A: a } },
    );
    expect(top.status).toBe('failed');
    expect(top.error).toMatchObject({ code: 'CALL_DEPTH_EXCEEDED', nodeId: 'call' });
  });

  it("the callee inherits the caller's limits (bug fixed: callees fell back to the default depth 16)", async () => {
    const a = pattern(
      [
        { id: 't', type: 'OnPatternCall' },
        { id: 'call', type: 'CallPattern', config: { pattern: 'A' } },
      ],
      ['t.then -> call.exec'],
    );
    const doc = pattern([start, { id: 'call', type: 'CallPattern', config: { pattern: 'A' } }], ['start.then -> call.exec']);
    const r = await run(doc, {}, { patterns: { A: a }, limits: { maxCallDepth: 3 } });
    expect(r.error!.code).toBe('CALL_DEPTH_EXCEEDED');
    expect(r.error!.message).toContain('deeper than 3');
    expect(r.error!.message.match(/called pattern "A"/g)).toHaveLength(3);
  });

  it('mutual recursion A → B → A ends with CALL_DEPTH_EXCEEDED, catchable', async () => {
    const a = pattern(
      [
        { id: 't', type: 'OnPatternCall' },
        { id: 'call', type: 'CallPattern', config: { pattern: 'B' } },
      ],
      ['t.then -> call.exec'],
    );
    const b = pattern(
      [
        { id: 't', type: 'OnPatternCall' },
        { id: 'call', type: 'CallPattern', config: { pattern: 'A' } },
      ],
      ['t.then -> call.exec'],
    );
    const doc = pattern(
      [start, { id: 'tc', type: 'TryCatch' }, { id: 'call', type: 'CallPattern', config: { pattern: 'A' } }, log('c')],
      ['start.then -> tc.exec', 'tc.try -> call.exec', 'tc.catch -> c.exec', 'tc.error -> c.message'],
    );
    const r = await run(doc, {}, { patterns: { A: a, B: b } });
    expect(r.status).toBe('completed');
    expect(JSON.parse(messages(r)[0]!).code).toBe('CALL_DEPTH_EXCEEDED');
  });

  it("the callee shares the caller's deadline", async () => {
    const slow = pattern(
      [
        { id: 't', type: 'OnPatternCall' },
        { id: 'w', type: 'While', defaults: { condition: true } },
      ],
      ['t.then -> w.exec'],
    );
    const doc = pattern([start, { id: 'call', type: 'CallPattern', config: { pattern: 'slow' } }], ['start.then -> call.exec'], {
      settings: { timeoutMs: 150 },
    });
    const t0 = performance.now();
    const r = await run(doc, {}, { patterns: { slow } });
    expect(r.status).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

describe('RespondToWebhook', () => {
  it('sets the response {status, headers (lower-case names, string values), body}', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        {
          id: 'resp',
          type: 'RespondToWebhook',
          defaults: { status: 201, headers: { 'X-Request-Id': 'abc', 'X-Count': 3 }, body: { ok: true, items: [1, 2] } },
        },
      ],
      ['hook.then -> resp.exec'],
    );
    const r = await run(doc, { body: {} });
    expect(r.status).toBe('completed');
    expect(r.response).toEqual({ status: 201, headers: { 'x-request-id': 'abc', 'x-count': '3' }, body: { ok: true, items: [1, 2] } });
  });

  it('defaults: 200, no headers, empty body', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'resp', type: 'RespondToWebhook' },
      ],
      ['hook.then -> resp.exec'],
    );
    expect((await run(doc)).response).toEqual({ status: 200, headers: {}, body: '' });
  });

  it('echoes a run-time body unchanged', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'resp', type: 'RespondToWebhook' },
      ],
      ['hook.then -> resp.exec', 'hook.body -> resp.body'],
    );
    expect((await run(doc, { body: { a: [1, { b: null }] } })).response!.body).toEqual({ a: [1, { b: null }] });
  });

  it('the first response wins; the execution goes on after it', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'r1', type: 'RespondToWebhook', defaults: { status: 202, body: 'first' } },
        { id: 'r2', type: 'RespondToWebhook', defaults: { status: 500, body: 'second' } },
        log('after', 'after'),
      ],
      ['hook.then -> r1.exec', 'r1.then -> r2.exec', 'r2.then -> after.exec'],
    );
    const r = await run(doc);
    expect(r.response).toEqual({ status: 202, headers: {}, body: 'first' });
    expect(messages(r)).toEqual(['after']);
  });

  it('no RespondToWebhook: response is null', async () => {
    expect((await run(pattern([start]))).response).toBeNull();
  });

  it("a status outside 200–599 (1xx included) is an error at the node's status pin; 200 and 599 answer", async () => {
    const respond = (status: number) =>
      pattern(
        [
          { id: 'hook', type: 'OnWebhook' },
          { id: 'resp', type: 'RespondToWebhook', defaults: { status } },
        ],
        ['hook.then -> resp.exec'],
      );
    for (const status of [42, 100, 101, 103, 199, 600]) {
      const r = await run(respond(status));
      expect(r.status, String(status)).toBe('failed');
      expect(r.error, String(status)).toMatchObject({ code: 'NODE_ERROR', nodeId: 'resp' });
      expect(r.error!.message).toMatch(new RegExp(`status pin is ${status}, which cannot answer a webhook.*200–599`));
      expect(r.response).toBeNull();
    }
    for (const status of [200, 599]) expect((await run(respond(status))).response?.status).toBe(status);
  });

  it('onResponse is called with the response', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'resp', type: 'RespondToWebhook', defaults: { body: 'hi' } },
      ],
      ['hook.then -> resp.exec'],
    );
    const seen: unknown[] = [];
    await run(doc, {}, { onResponse: (x) => seen.push(x) });
    expect(seen).toEqual([{ status: 200, headers: {}, body: 'hi' }]);
  });
});

describe('Log', () => {
  const logOf = async (body: unknown) => {
    const doc = pattern([{ id: 'hook', type: 'OnWebhook' }, log('l')], ['hook.then -> l.exec', 'hook.body -> l.message']);
    const r = await run(doc, { body });
    return r.logs;
  };

  it('writes strings as they are', async () => {
    expect(await logOf('hello "world"')).toEqual([{ level: 'info', message: 'hello "world"', nodeId: 'l' }]);
    expect((await logOf(''))[0]!.message).toBe('');
  });

  it('writes other values as JSON', async () => {
    expect((await logOf({ a: 1, b: [true, null] }))[0]!.message).toBe('{"a":1,"b":[true,null]}');
    expect((await logOf([1, 'x']))[0]!.message).toBe('[1,"x"]');
    expect((await logOf(42))[0]!.message).toBe('42');
    expect((await logOf(1.5))[0]!.message).toBe('1.5');
    expect((await logOf(false))[0]!.message).toBe('false');
    expect((await logOf(null))[0]!.message).toBe('null');
  });

  it('takes a level', async () => {
    const doc = pattern([start, { id: 'l', type: 'Log', defaults: { message: 'careful', level: 'warn' } }], ['start.then -> l.exec']);
    expect((await run(doc)).logs).toEqual([{ level: 'warn', message: 'careful', nodeId: 'l' }]);
  });

  it('a level from a run-time value must be one of the options', async () => {
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'l', type: 'Log', defaults: { message: 'm' } },
      ],
      ['hook.then -> l.exec', 'hook.body -> l.level'],
    );
    expect((await run(doc, { body: 'error' })).logs[0]!.level).toBe('error');
    const bad = await run(doc, { body: 'loud' });
    expect(bad.error).toMatchObject({ code: 'TYPE_CONVERSION', nodeId: 'l' });
    expect(bad.error!.message).toContain('"level"');
  });
});
