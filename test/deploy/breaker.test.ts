// The circuit breaker: unit rules, then tripped, probed and resumed through a real server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Breaker, breakerSettings } from '../../src/deploy/breaker.js';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';
import { flakyDoc } from '../api/harness.js';

describe('Breaker rules', () => {
  it('has the SPEC defaults', () => {
    expect(breakerSettings(undefined)).toEqual({
      enabled: true,
      windowSeconds: 300,
      minExecutions: 10,
      errorRatePercent: 50,
      consecutiveFailures: 5,
      cooldownSeconds: null,
    });
  });
  it('trips on consecutive failures, with the numbers', () => {
    const b = new Breaker(breakerSettings({ circuitBreaker: { consecutiveFailures: 3 } }));
    expect(b.record(false, 1)).toBeNull();
    expect(b.record(false, 2)).toBeNull();
    expect(b.record(false, 3)).toMatchObject({ consecutiveFailures: 3, failures: 3, executions: 3, reason: expect.stringContaining('3 consecutive failures') });
  });
  it('trips on the error rate only with enough executions in the window', () => {
    const b = new Breaker(breakerSettings({ circuitBreaker: { consecutiveFailures: 100, minExecutions: 4, errorRatePercent: 50, windowSeconds: 10 } }));
    expect(b.record(false, 0)).toBeNull();
    expect(b.record(true, 1)).toBeNull();
    expect(b.record(false, 2)).toBeNull();
    expect(b.record(true, 3)).toMatchObject({ errorRatePercent: 50, executions: 4 });
    const c = new Breaker(breakerSettings({ circuitBreaker: { consecutiveFailures: 100, minExecutions: 2, windowSeconds: 1 } }));
    c.record(false, 0);
    expect(c.record(true, 5000)).toBeNull(); // the old failure left the window
  });
  it('is off when disabled', () => {
    const b = new Breaker(breakerSettings({ circuitBreaker: { enabled: false, consecutiveFailures: 1 } }));
    expect(b.record(false)).toBeNull();
  });
});

describe('circuit breaker on a live deployment', () => {
  let s: Services, app: FastifyInstance, base: string, token: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };
  beforeAll(async () => {
    s = await createServices(defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-breaker-')), passwordCost: { N: 1024, r: 8, p: 1 } }), {
      info() {},
      error() {},
    });
    app = await buildApp(s);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    token = (
      (await (
        await fetch(base + '/api/auth/register', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'b@example.test', password: 'breaker pass', name: 'B' }),
        })
      ).json()) as any
    ).data.token;
  });
  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('trips after consecutive failures, records why, answers 503; after the cooldown a probe resumes it', async () => {
    const doc = flakyDoc({ consecutiveFailures: 3, cooldownSeconds: 1 });
    const p = (await call('POST', '/api/patterns', doc)).body.data;
    expect((await call('POST', `/api/patterns/${p.id}/deploy`, {})).status).toBe(201);
    const hook = (b: unknown) =>
      fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    // A rejected request (bad JSON) never counts.
    expect((await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
    for (let i = 0; i < 3; i++) expect((await hook({ ok: false })).status).toBe(500);
    const dep = (await call('GET', `/api/patterns/${p.id}/deployment`)).body.data;
    expect(dep).toMatchObject({ status: 'paused', pausedBy: 'circuit_breaker', pausedReason: expect.stringContaining('3 consecutive failures') });
    const blocked = await hook({ ok: true });
    expect(blocked.status).toBe(503);
    expect(((await blocked.json()) as any).error.code).toBe('DEPLOYMENT_PAUSED');
    const audit = (await call('GET', `/api/audit?patternId=${p.id}`)).body.data;
    expect(audit[0]).toMatchObject({ action: 'pause', userId: null, details: { pausedBy: 'circuit_breaker', numbers: { consecutiveFailures: 3 } } });

    // Cooldown: one probe goes through. A failing probe pauses again.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await hook({ ok: false })).status).toBe(500);
    expect((await hook({ ok: true })).status).toBe(503);
    expect((await call('GET', `/api/patterns/${p.id}/deployment`)).body.data.status).toBe('paused');
    // After the next cooldown a good probe resumes the deployment.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await hook({ ok: true })).status).toBe(200);
    expect((await call('GET', `/api/patterns/${p.id}/deployment`)).body.data).toMatchObject({ status: 'active', pausedBy: null });
    expect((await hook({ ok: true })).status).toBe(200);
  });

  it('a manual resume after a trip starts a fresh window', async () => {
    const doc = {
      format: 'dragops.pattern/1',
      name: 'always fails',
      settings: { circuitBreaker: { consecutiveFailures: 2 } },
      nodes: [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
        { id: 'fail', type: 'HTTPRequest', defaults: { url: 'http://127.0.0.1:1/down', timeoutSeconds: 5 } },
      ],
      wires: [{ from: { node: 'hook', pin: 'then' }, to: { node: 'fail', pin: 'exec' } }],
    };
    const p = (await call('POST', '/api/patterns', doc)).body.data;
    await call('POST', `/api/patterns/${p.id}/deploy`, {});
    const hook = () => fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST' });
    await hook();
    await hook();
    expect((await call('GET', `/api/patterns/${p.id}/deployment`)).body.data.status).toBe('paused');
    await call('POST', `/api/patterns/${p.id}/resume`);
    expect((await hook()).status).toBe(500);
    expect((await call('GET', `/api/patterns/${p.id}/deployment`)).body.data.status).toBe('active');
    expect((await hook()).status).toBe(500);
    expect((await call('GET', `/api/patterns/${p.id}/deployment`)).body.data.status).toBe('paused');
  });

  it('counts only the faults the error catalog says it counts: ThrowError and conversions (fault user) never trip it', async () => {
    // ForRange's `end` (Integer) is the body's `n`: "abc" fails converting (TYPE_CONVERSION); a number
    // runs the loop, then ThrowError (USER_ERROR). Both are the pattern's own fault.
    const doc = {
      format: 'dragops.pattern/1',
      name: 'user faults',
      settings: { circuitBreaker: { consecutiveFailures: 2, minExecutions: 2, errorRatePercent: 50 } },
      nodes: [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
        { id: 'n', type: 'GetProperty', defaults: { key: 'n' } },
        { id: 'loop', type: 'ForRange' },
        { id: 'fail', type: 'ThrowError', defaults: { message: 'invalid order' } },
      ],
      wires: [
        { from: { node: 'hook', pin: 'then' }, to: { node: 'loop', pin: 'exec' } },
        { from: { node: 'hook', pin: 'body' }, to: { node: 'n', pin: 'object' } },
        { from: { node: 'n', pin: 'value' }, to: { node: 'loop', pin: 'end' } },
        { from: { node: 'loop', pin: 'completed' }, to: { node: 'fail', pin: 'exec' } },
      ],
    };
    const p = (await call('POST', '/api/patterns', doc)).body.data;
    expect((await call('POST', `/api/patterns/${p.id}/deploy`, {})).status).toBe(201);
    const hook = async (b: unknown) =>
      (
        (await (
          await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })
        ).json()) as any
      ).error?.code;
    for (let i = 0; i < 4; i++) {
      expect(await hook({ n: 'abc' })).toBe('TYPE_CONVERSION');
      expect(await hook({ n: 1 })).toBe('USER_ERROR');
    }
    expect((await call('GET', `/api/patterns/${p.id}/deployment`)).body.data).toMatchObject({ status: 'active', pausedBy: null });
  });
});
