// The new nodes compiled into whole patterns: multi-output nodes, inlined nodes, constant folding
// and run-time inputs from the trigger, through the real compiler and runtime.
import { describe, expect, it } from 'vitest';
import { pattern, run } from '../../../test/helpers.js';

const hook = { id: 'hook', type: 'OnWebhook' };

describe('array, string and object nodes in a pattern', () => {
  it('Filter, Sort, Map and Join over webhook data', async () => {
    const doc = pattern(
      [
        hook,
        { id: 'filter', type: 'Filter', defaults: { path: 'qty', operator: 'greaterThan', value: 0 } },
        { id: 'sort', type: 'Sort', defaults: { path: 'name', order: 'desc' } },
        { id: 'names', type: 'Map', defaults: { path: 'name' } },
        { id: 'join', type: 'Join', defaults: { separator: ' | ' } },
        { id: 'log', type: 'Log' },
      ],
      [
        'hook.then -> log.exec',
        'hook.body -> filter.array',
        'filter.result -> sort.array',
        'sort.result -> names.array',
        'names.result -> join.array',
        'join.result -> log.message',
      ],
    );
    const body = [{ name: 'apple', qty: 3 }, { name: 'kiwi', qty: 0 }, { name: 'fig', qty: '2' }, { name: 'date' }];
    const r = await run(doc, { body });
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual(['fig | apple']);
  });

  it('multi-output nodes (Find, RegexMatch, ParseNumber) feed their pins separately', async () => {
    const doc = pattern(
      [
        hook,
        { id: 'find', type: 'Find', defaults: { path: 'id', value: 2 } },
        { id: 'm', type: 'RegexMatch', defaults: { pattern: '(?<user>\\w+)@(\\w+)' } },
        { id: 'num', type: 'ParseNumber', defaults: { value: '1,250.5' } },
        { id: 'obj', type: 'MakeObject', config: { keys: ['found', 'index', 'groups', 'named', 'n', 'ok'] } },
        { id: 'log', type: 'Log' },
      ],
      [
        'hook.then -> log.exec',
        'hook.body -> find.array',
        'find.found -> obj.found',
        'find.index -> obj.index',
        'hook.url -> m.value',
        'm.groups -> obj.groups',
        'm.named -> obj.named',
        'num.result -> obj.n',
        'num.valid -> obj.ok',
        'obj.object -> log.message',
      ],
    );
    const r = await run(doc, { body: [{ id: 1 }, { id: 2 }], url: '/x?to=ada@example' });
    expect(r.status).toBe('completed');
    expect(JSON.parse(r.logs[0]!.message)).toEqual({
      found: true,
      index: 1,
      groups: ['ada@example', 'ada', 'example'],
      named: { user: 'ada' },
      n: 1250.5,
      ok: true,
    });
  });

  it('inlined and constant-folded nodes give the same results as at run time', async () => {
    const nodes = [
      { id: 'start', type: 'OnStart' },
      { id: 'arr', type: 'MakeArray', config: { count: 3 }, defaults: { item0: ' b ', item1: null, item2: 'a' } },
      { id: 'first', type: 'First' },
      { id: 'trim', type: 'Trim' },
      { id: 'last', type: 'Last' },
      { id: 'empty', type: 'ArrayIsEmpty' },
      { id: 'xor', type: 'Xor', defaults: { b: true } },
      { id: 'obj', type: 'MakeObject', config: { keys: ['first', 'last', 'xor'] } },
      { id: 'log', type: 'Log' },
    ];
    const doc = pattern(nodes, [
      'start.then -> log.exec',
      'arr.array -> first.array',
      'first.item -> trim.value',
      'arr.array -> last.array',
      'arr.array -> empty.array',
      'empty.result -> xor.a',
      'trim.result -> obj.first',
      'last.item -> obj.last',
      'xor.result -> obj.xor',
      'obj.object -> log.message',
    ]);
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(JSON.parse(r.logs[0]!.message)).toEqual({ first: 'b', last: 'a', xor: true });
  });

  it('a limit error inside a node fails the execution with LIMIT_EXCEEDED attributed to it, and TryCatch can catch it', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'try', type: 'TryCatch' },
        { id: 'range', type: 'Range', defaults: { end: 1e9 } },
        { id: 'len', type: 'ArrayLength' },
        { id: 'log', type: 'Log' },
        { id: 'caught', type: 'Log' },
      ],
      [
        'start.then -> try.exec',
        'try.try -> log.exec',
        'range.result -> len.array',
        'len.result -> log.message',
        'try.catch -> caught.exec',
        'try.error -> caught.message',
      ],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(JSON.parse(r.logs[0]!.message)).toMatchObject({ code: 'LIMIT_EXCEEDED', nodeId: 'range' });
  });
});
