import { describe, expect, it } from 'vitest';
import { pattern, run } from './helpers.js';

describe('smoke', () => {
  it('sums a range in a loop', async () => {
    const doc = pattern(
      [
        { id: 'start', type: 'OnStart' },
        { id: 'loop', type: 'ForRange', defaults: { end: 10 } },
        { id: 'get', type: 'GetVariable', config: { variable: 'sum' } },
        { id: 'add', type: 'Add' },
        { id: 'set', type: 'SetVariable', config: { variable: 'sum' } },
        { id: 'log', type: 'Log' },
      ],
      [
        'start.then -> loop.exec',
        'loop.body -> set.exec',
        'loop.completed -> log.exec',
        'get.value -> add.a',
        'loop.index -> add.b',
        'add.result -> set.value',
        'get.value -> log.message',
      ],
      { variables: [{ name: 'sum', type: 'Float', default: 0 }] },
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(r.logs).toEqual([{ level: 'info', message: '45', nodeId: 'log' }]);
  });
});
