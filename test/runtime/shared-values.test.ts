// A value that reuses one object at every level (a pattern builds one in a few loop turns) is
// written out 2^depth times as JSON. Responses, outputs and the node log stay bounded: the execution
// fails with LIMIT_EXCEEDED (or the log shows `…`) instead of the server writing it for hours.
import { describe, expect, it } from 'vitest';
import { pattern, run } from '../helpers.js';
import { jsonShape, MAX_JSON_VALUES } from '../../src/runtime/values.js';
import { preview } from '../../src/runtime/preview.js';

/** {a: v, b: v} folded `levels` times: 2^levels leaves as JSON, `levels` objects in memory. */
function doubling(levels: number): unknown {
  let v: unknown = { leaf: true };
  for (let i = 0; i < levels; i++) v = { a: v, b: v };
  return v;
}

type Node = Parameters<typeof pattern>[0][number];
const builder = (trigger: Node, tail: Node[], wires: string[]) =>
  pattern(
    [
      trigger,
      { id: 'loop', type: 'ForRange', defaults: { start: 0, end: 40 } },
      { id: 'get', type: 'GetVariable', config: { variable: 'v' } },
      { id: 'mk', type: 'MakeObject', config: { keys: ['a', 'b'] } },
      { id: 'set', type: 'SetVariable', config: { variable: 'v' } },
      { id: 'get2', type: 'GetVariable', config: { variable: 'v' } },
      ...tail,
    ],
    ['loop.body -> set.exec', 'get.value -> mk.a', 'get.value -> mk.b', 'mk.object -> set.value', ...wires],
    { variables: [{ name: 'v', type: 'Object', default: {} }] } as never,
  );

describe('values shared at every level', () => {
  it('jsonShape counts a shared part once per appearance and stops at its budget', () => {
    expect(jsonShape(doubling(10))).toEqual({ binary: false });
    expect(jsonShape(doubling(40))).toBeUndefined();
    expect(jsonShape({ a: [1, new Uint8Array(2)] })).toEqual({ binary: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonShape(cyclic)).toBeUndefined();
    expect(jsonShape(Array.from({ length: MAX_JSON_VALUES - 1 }, () => 0))).toEqual({ binary: false });
  });

  it('a preview for the log shows at most its budget of values', () => {
    // 50 references to one array per level: within the depth and per-level item bounds, 50^6 values.
    let wide: unknown = 1;
    for (let i = 0; i < 8; i++) wide = Array.from({ length: 50 }, () => wide);
    const p = JSON.stringify(preview(wide));
    expect(p.length).toBeLessThan(200_000);
    expect(p).toContain('…');
  });

  it('RespondToWebhook with such a body fails the execution with LIMIT_EXCEEDED on its body pin', async () => {
    const doc = builder(
      { id: 'hook', type: 'OnWebhook' },
      [{ id: 'resp', type: 'RespondToWebhook' }],
      ['hook.then -> loop.exec', 'loop.completed -> resp.exec', 'get2.value -> resp.body'],
    );
    const r = await run(doc, { body: null, headers: {}, query: {}, method: 'POST', url: '/' });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'LIMIT_EXCEEDED', nodeId: 'resp' });
    expect(r.response).toBeNull();
  });

  it('outputs of such a size fail the execution with LIMIT_EXCEEDED, with no outputs', async () => {
    const doc = builder(
      { id: 't', type: 'OnPatternCall', config: { inputs: [], outputs: [{ name: 'big', type: 'Object' }] } },
      [{ id: 'rw', type: 'RespondWith' }],
      ['t.then -> loop.exec', 'loop.completed -> rw.exec', 'get2.value -> rw.big'],
    );
    const r = await run(doc, { inputs: {} });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(r.outputs).toBeNull();
    expect(JSON.stringify(r.trace).length).toBeLessThan(5_000_000); // the log's previews are bounded too
  });
});
