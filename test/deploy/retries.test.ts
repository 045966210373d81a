// settings.retries for accepted (immediate) webhook executions, dead letters, and replay.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

let s: Services, app: FastifyInstance, base: string, token: string;
const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any };
};
beforeAll(async () => {
  s = await createServices(
    defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-retries-')), passwordCost: { N: 1024, r: 8, p: 1 }, retryBaseMs: 30 }),
    { info() {}, error() {} },
  );
  app = await buildApp(s);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  token = (
    (await (
      await fetch(base + '/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'r@example.test', password: 'retry password', name: 'R' }),
      })
    ).json()) as any
  ).data.token;
});
afterAll(async () => {
  await app.close();
  await s.close();
});

/** Fails unless the body says {"ok": true}: by an outage (an HTTP request to a closed port, fault
 * `external`) or by the pattern's own ThrowError (fault `user`, never retried). */
const failUnless = (retries: number, by: 'outage' | 'user' = 'outage') => ({
  format: 'dragops.pattern/1',
  name: 'fails unless ok',
  settings: { retries, circuitBreaker: { enabled: false } },
  nodes: [
    { id: 'h', type: 'OnWebhook', config: { responseMode: 'immediate' } },
    { id: 'ok', type: 'GetProperty', defaults: { key: 'ok' } },
    { id: 'b', type: 'ToBoolean' },
    { id: 'g', type: 'Branch' },
    by === 'outage'
      ? { id: 'f', type: 'HTTPRequest', defaults: { url: 'http://127.0.0.1:1/down', timeoutSeconds: 5 } }
      : { id: 'f', type: 'ThrowError', defaults: { message: 'not ok' } },
    { id: 'l', type: 'Log', defaults: { message: 'done' } },
  ],
  wires: [
    { from: { node: 'h', pin: 'then' }, to: { node: 'g', pin: 'exec' } },
    { from: { node: 'h', pin: 'body' }, to: { node: 'ok', pin: 'object' } },
    { from: { node: 'ok', pin: 'value' }, to: { node: 'b', pin: 'value' } },
    { from: { node: 'b', pin: 'result' }, to: { node: 'g', pin: 'condition' } },
    { from: { node: 'g', pin: 'false' }, to: { node: 'f', pin: 'exec' } },
    { from: { node: 'g', pin: 'true' }, to: { node: 'l', pin: 'exec' } },
  ],
});
async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('retries and dead letters', () => {
  it('a failing accepted execution is retried with backoff, then becomes dead_letter; replay runs its event again', async () => {
    const p = (await call('POST', '/api/patterns', failUnless(2))).body.data;
    const dep = (await call('POST', `/api/patterns/${p.id}/deploy`, {})).body.data;
    const t0 = Date.now();
    const accepted = (await (
      await fetch(`${base}/webhooks/${p.webhookId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ok: false, n: 1 }),
      })
    ).json()) as any;
    expect(accepted.status).toBe('accepted');
    const run = await until(
      async () => (await call('GET', `/api/runs/${accepted.runId}`)).body.data,
      (r) => r?.status === 'dead_letter',
    );
    expect(run).toMatchObject({ status: 'dead_letter', error: { code: 'HTTP_REQUEST_FAILED' }, triggerData: { body: { ok: false, n: 1 } } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(30 * 0.75 + 60 * 0.75); // two backoffs: ~30 ms then ~60 ms
    // Fix the pattern (now everything passes) and replay the dead letters on the current version.
    const fixed: any = failUnless(2);
    fixed.nodes = fixed.nodes.map((n: { id: string }) => (n.id === 'b' ? { id: 'b', type: 'ToBoolean', defaults: { value: true } } : n));
    fixed.wires = fixed.wires.filter((w: { to: { node: string } }) => w.to.node !== 'b');
    await call('PUT', `/api/patterns/${p.id}`, fixed);
    await call('POST', `/api/patterns/${p.id}/deploy`, {});
    const one = (await call('POST', `/api/runs/${accepted.runId}/replay`, { on: 'current' })).body.data;
    expect(one).toMatchObject({ replayOf: accepted.runId, version: 2, status: 'completed' });
    const original = (await call('POST', `/api/runs/${accepted.runId}/replay`, { on: 'original' })).body.data;
    expect(original).toMatchObject({ version: 1, status: 'failed' });
    const many = (await call('POST', `/api/deployments/${dep.deploymentId}/replay`, { status: 'dead_letter' })).body.data;
    expect(many.replayed).toBe(1);
    expect(many.results[0]).toMatchObject({ status: 'completed', version: 2 });
  });

  it("a failure by the pattern's own fault (ThrowError: fault user) is not retried: failed at once, nothing left queued", async () => {
    const p = (await call('POST', '/api/patterns', failUnless(3, 'user'))).body.data;
    await call('POST', `/api/patterns/${p.id}/deploy`, {});
    const accepted = (await (
      await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ok":false}' })
    ).json()) as any;
    const run = await until(
      async () => (await call('GET', `/api/runs/${accepted.runId}`)).body.data,
      (r) => r?.status === 'failed',
    );
    expect(run).toMatchObject({ status: 'failed', error: { code: 'USER_ERROR', message: 'not ok' } });
    await until(
      () => s.store.queueDepth(),
      (n) => n === 0,
    );
    expect(await s.store.queueDepth()).toBe(0); // a retry would still be waiting for its backoff
    await new Promise((r) => setTimeout(r, 150)); // past every backoff (30, 60, 120 ms): still failed, never run again
    expect((await call('GET', `/api/runs/${accepted.runId}`)).body.data.status).toBe('failed');
  });

  it('without retries a failure is just failed', async () => {
    const p = (await call('POST', '/api/patterns', failUnless(0))).body.data;
    await call('POST', `/api/patterns/${p.id}/deploy`, {});
    const accepted = (await (
      await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ok":false}' })
    ).json()) as any;
    const run = await until(
      async () => (await call('GET', `/api/runs/${accepted.runId}`)).body.data,
      (r) => r?.status === 'failed',
    );
    expect(run.status).toBe('failed');
  });
});

// The engine's word for "the worker running this execution died": engine.run resolves `failed` with
// an error code in CRASH_CODES. The queue runs it again with backoff up to maxCrashAttempts (3),
// whatever settings.retries says, then records it dead_letter (EXECUTION_CRASHED).
describe('executions whose worker died (CRASH_CODES)', () => {
  const okDoc = (retries: number) => ({
    format: 'dragops.pattern/1',
    name: 'fine',
    settings: { retries, circuitBreaker: { enabled: false } },
    nodes: [
      { id: 'h', type: 'OnWebhook', config: { responseMode: 'immediate' } },
      { id: 'l', type: 'Log', defaults: { message: 'done' } },
    ],
    wires: [{ from: { node: 'h', pin: 'then' }, to: { node: 'l', pin: 'exec' } }],
  });
  /** Makes the engine report a dead worker for the pattern's first `n` attempts. */
  function workerDies(patternId: string, n: number) {
    const run = s.engine.run.bind(s.engine);
    const attempts: number[] = [];
    s.engine.run = (l, plan, event, meta) => {
      if (l.patternId !== patternId) return run(l, plan, event, meta);
      attempts.push(Date.now());
      if (attempts.length > n) return run(l, plan, event, meta);
      return Promise.resolve({
        runId: meta.runId!,
        status: 'failed',
        error: { code: 'EXECUTION_CRASHED', message: 'the worker exited with code 134', type: 'Crash', nodeId: null },
      } as any);
    };
    return {
      attempts,
      restore: () => {
        s.engine.run = run;
      },
    };
  }
  const accept = async (webhookId: string) =>
    ((await (await fetch(`${base}/webhooks/${webhookId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' })).json()) as any)
      .runId as string;

  it('counted, retried with backoff though settings.retries is 0, and dead-lettered at the third', async () => {
    const p = (await call('POST', '/api/patterns', okDoc(0))).body.data;
    await call('POST', `/api/patterns/${p.id}/deploy`, {});
    const dies = workerDies(p.id, Infinity);
    try {
      const runId = await accept(p.webhookId);
      const run = await until(
        async () => (await call('GET', `/api/runs/${runId}`)).body.data,
        (r) => r?.status === 'dead_letter',
      );
      expect(run).toMatchObject({ status: 'dead_letter', error: { code: 'EXECUTION_CRASHED' }, triggerData: { body: { n: 1 } } });
      expect(run.error.message).toContain('on 3 of its 3 attempts');
      expect(dies.attempts).toHaveLength(3);
      expect(dies.attempts[1]! - dies.attempts[0]!).toBeGreaterThanOrEqual(30 * 0.75 - 2);
      expect(dies.attempts[2]! - dies.attempts[1]!).toBeGreaterThanOrEqual(60 * 0.75 - 2);
      expect(await s.store.queueDepth()).toBe(0);
    } finally {
      dies.restore();
    }
  });

  it('a crashed attempt does not use up settings.retries, and a later attempt can complete', async () => {
    const p = (await call('POST', '/api/patterns', okDoc(0))).body.data;
    await call('POST', `/api/patterns/${p.id}/deploy`, {});
    const dies = workerDies(p.id, 2);
    try {
      const runId = await accept(p.webhookId);
      const run = await until(
        async () => (await call('GET', `/api/runs/${runId}`)).body.data,
        (r) => r?.status === 'completed',
      );
      expect(run).toMatchObject({ status: 'completed', error: null });
      expect(dies.attempts).toHaveLength(3);
    } finally {
      dies.restore();
    }
  });
});
