// Nothing accepted is lost (SPEC §7, issue 15): a webhook request either gets an error with nothing
// claimed — and can be sent again with the same idempotency key — or its execution exists. On SQLite
// and on PostgreSQL, through the real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  delayedDoc,
  deployed,
  eventually,
  expectError,
  expectOk,
  hookPath,
  respondDoc,
  startServer,
  type PatternResource,
  type TestServer,
} from '../api/harness.js';
import { MAX_JSON_DEPTH } from '../../src/triggers/json-depth.js';

const nested = (n: number) => '['.repeat(n) + '1' + ']'.repeat(n);

describe.each(BACKENDS)('accepted requests on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ backend });
  });
  afterAll(async () => {
    await s?.stop();
  });
  const send = (p: PatternResource, raw: string, key?: string) =>
    s.raw(hookPath(p), { method: 'POST', raw, contentType: 'application/json', headers: key ? { 'x-idempotency-key': key } : {} });
  const runOf = async (id: string) => expectOk(await s.api(`/api/runs/${id}`));

  it(`a JSON body nested deeper than ${MAX_JSON_DEPTH} levels is 400 INVALID_JSON before its key is claimed; at the limit it runs`, async () => {
    const p = await deployed(s, delayedDoc(0));
    const deep = await send(p, nested(5000), 'deep-1');
    expectError(deep, 400, 'INVALID_JSON');
    expect(deep.body.error.message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    expectError(await send(p, `{"a":${nested(MAX_JSON_DEPTH)}}`, 'deep-1'), 400, 'INVALID_JSON');
    // The key was not used up: the same key with a body at the limit is accepted, and its run completes.
    const ok = await send(p, nested(MAX_JSON_DEPTH), 'deep-1');
    expect(ok.status).toBe(202);
    expect(ok.body.status).toBe('accepted');
    const run = await eventually(async () => {
      const r = await runOf(ok.body.runId);
      return r.status === 'completed' ? r : undefined;
    });
    expect(JSON.stringify(run.triggerData.body)).toBe(nested(MAX_JSON_DEPTH));
    expect((await send(p, '{}', 'deep-1')).body).toEqual({ status: 'duplicate', runId: ok.body.runId });
    // Synchronous modes refuse it the same way (and deep text inside a string is just text).
    const echo = await deployed(s, respondDoc('fine'));
    expectError(await send(echo, nested(5000)), 400, 'INVALID_JSON');
    expect((await send(echo, JSON.stringify({ s: '['.repeat(5000) }))).text).toBe('fine');
  });

  it('an enqueue that fails answers 500 with nothing claimed: the same key is accepted next time, and runs', async () => {
    const p = await deployed(s, delayedDoc(0));
    const store = s.services.store;
    const enqueue = store.enqueue;
    store.enqueue = async () => {
      throw new Error('the disk is full');
    };
    try {
      expectError(await send(p, '{"n":1}', 'enq-1'), 500, 'INTERNAL_ERROR');
    } finally {
      store.enqueue = enqueue;
    }
    const again = await send(p, '{"n":2}', 'enq-1');
    expect(again.body.status).toBe('accepted');
    expect(
      (
        await eventually(async () => {
          const r = await runOf(again.body.runId);
          return r.status === 'completed' ? r : undefined;
        })
      ).triggerData.body,
    ).toEqual({ n: 2 });
  });

  it('a synchronous execution that fails to start gives its key back', async () => {
    const p = await deployed(s, respondDoc('ran'));
    const engine = s.services.engine;
    const run = engine.run;
    engine.run = () => {
      throw new Error('cannot start');
    };
    try {
      expectError(await send(p, '{}', 'sync-1'), 500, 'INTERNAL_ERROR');
    } finally {
      engine.run = run;
    }
    const again = await send(p, '{}', 'sync-1');
    expect(again.status).toBe(200);
    expect(again.text).toBe('ran');
    expect((await send(p, '{}', 'sync-1')).body.status).toBe('duplicate');
  });

  it('idempotency keys are compared whole: long keys sharing a prefix are different keys', async () => {
    const p = await deployed(s, delayedDoc(0));
    const prefix = 'order-'.repeat(50); // 300 characters
    const one = await send(p, '{}', `${prefix}1`);
    const two = await send(p, '{}', `${prefix}2`);
    expect([one.body.status, two.body.status]).toEqual(['accepted', 'accepted']);
    expect(two.body.runId).not.toBe(one.body.runId);
    expect((await send(p, '{}', `${prefix}1`)).body).toEqual({ status: 'duplicate', runId: one.body.runId });
    expect((await send(p, '{}', `${prefix}2`)).body).toEqual({ status: 'duplicate', runId: two.body.runId });
  });
});
