// Pattern calls on the server: interfaces checked at deploy, paused/undeployed callees, linked runs,
// owners kept apart, and the callers a redeploy would break.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

let s: Services, app: FastifyInstance, base: string;
const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}.pattern.json`, import.meta.url), 'utf8'));
const call = async (token: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any };
};
const register = async (email: string, admin?: string) =>
  (
    (await (
      await fetch(base + '/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(admin ? { authorization: `Bearer ${admin}` } : {}) },
        body: JSON.stringify({ email, password: 'calls password', name: 'C' }),
      })
    ).json()) as any
  ).data.token as string;
beforeAll(async () => {
  s = await createServices(defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-calls-')), passwordCost: { N: 1024, r: 8, p: 1 } }), {
    info() {},
    error() {},
  });
  app = await buildApp(s);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await s.close();
});

describe('CallPattern on the server', () => {
  it('calls a deployed callee, links the runs, and handles paused, undeployed and changed callees', async () => {
    const a = await register('a@example.test');
    const callee = (await call(a, 'POST', '/api/patterns', example('tax-calculator'))).body.data;
    const invoice = example('invoice');
    invoice.nodes.find((n: { id: string }) => n.id === 'tax').config.pattern = callee.id;
    const caller = (await call(a, 'POST', '/api/patterns', invoice)).body.data;

    // The caller cannot deploy before its callee: the interface is unknown.
    const early = await call(a, 'POST', `/api/patterns/${caller.id}/deploy`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.details.errors[0]).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'tax' });
    await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {});
    expect((await call(a, 'POST', `/api/patterns/${caller.id}/deploy`, {})).status).toBe(201);

    const hook = async (body: unknown) => {
      const r = await fetch(`${base}/webhooks/${caller.webhookId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as any };
    };
    expect(await hook({ amount: 100 })).toEqual({ status: 200, body: { amount: 100, tax: 20, total: 120 } });
    await s.history.flush();
    const calleeDep = (await call(a, 'GET', `/api/patterns/${callee.id}/deployment`)).body.data;
    const calleeRuns = (await call(a, 'GET', `/api/deployments/${calleeDep.id}/runs`)).body.data;
    expect(calleeRuns[0]).toMatchObject({ triggeredBy: 'pattern_call', status: 'completed' });
    const parent = (await call(a, 'GET', `/api/runs/${calleeRuns[0].parentRunId}`)).body.data;
    expect(parent).toMatchObject({ patternId: caller.id, triggeredBy: 'webhook' });
    const activity = (await call(a, 'GET', `/api/deployments/${calleeDep.id}/triggers`)).body.data;
    expect(activity.patternCalls.byCaller).toEqual({ [caller.id]: 1 });

    // Paused and undeployed callees raise catchable errors (invoice turns them into a 400).
    await call(a, 'POST', `/api/patterns/${callee.id}/pause`);
    expect(await hook({ amount: 1 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('paused') } });
    await call(a, 'DELETE', `/api/patterns/${callee.id}/deploy`);
    expect(await hook({ amount: 1 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('not deployed') } });

    // A redeploy of the callee that renames an input says which deployed callers it breaks.
    const changed = example('tax-calculator');
    changed.nodes[0].config.inputs[0].name = 'net';
    changed.wires = changed.wires.map((w: any) => (w.from.pin === 'amount' ? { ...w, from: { ...w.from, pin: 'net' } } : w));
    await call(a, 'PUT', `/api/patterns/${callee.id}`, changed);
    const redeploy = (await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {})).body.data;
    expect(redeploy.brokenCallers).toEqual([
      expect.objectContaining({ patternId: caller.id, errors: expect.arrayContaining([expect.objectContaining({ nodeId: 'tax' })]) }),
    ]);

    // The index of callers follows the caller: redeployed without the call, then deleted, it is no
    // longer reported (and a second caller is, until it is deleted).
    const second = (
      await call(a, 'POST', '/api/patterns', {
        ...example('invoice'),
        id: 'invoice-two',
        nodes: example('invoice').nodes.map((n: any) => (n.id === 'tax' ? { ...n, config: { ...n.config, pattern: callee.id } } : n)),
      })
    ).body.data;
    const original = example('tax-calculator');
    await call(a, 'PUT', `/api/patterns/${callee.id}`, original);
    await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {});
    expect((await call(a, 'POST', `/api/patterns/${second.id}/deploy`, {})).status).toBe(201);
    await call(a, 'PUT', `/api/patterns/${callee.id}`, changed);
    const both = (await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {})).body.data;
    expect(both.brokenCallers.map((b: { patternId: string }) => b.patternId).sort()).toEqual([caller.id, second.id].sort());
    await call(a, 'DELETE', `/api/patterns/${second.id}`);
    const noCall = { ...example('hello-world') };
    await call(a, 'PUT', `/api/patterns/${caller.id}`, { ...noCall, id: caller.id });
    await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {}).catch(() => undefined);
    expect((await call(a, 'POST', `/api/patterns/${caller.id}/deploy`, {})).status).toBe(201);
    await call(a, 'PUT', `/api/patterns/${callee.id}`, original);
    await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {});
    await call(a, 'PUT', `/api/patterns/${callee.id}`, changed);
    expect((await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {})).body.data.brokenCallers).toEqual([]);
  });

  it("another user's pattern cannot be called", async () => {
    const admin = await register('admin2@example.test').catch(() => '');
    void admin;
    const a = (
      (await (
        await fetch(base + '/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'a@example.test', password: 'calls password' }),
        })
      ).json()) as any
    ).data.token;
    const b = await register('b@example.test', a);
    // `a` has a tax-calculator already (the test above): this one gets a new id.
    const callee = (await call(a, 'POST', '/api/patterns', { ...example('tax-calculator'), id: undefined })).body.data;
    await call(a, 'POST', `/api/patterns/${callee.id}/deploy`, {});
    const invoice = example('invoice');
    invoice.nodes.find((n: { id: string }) => n.id === 'tax').config.pattern = callee.id;
    const caller = (await call(b, 'POST', '/api/patterns', invoice)).body.data;
    const r = await call(b, 'POST', `/api/patterns/${caller.id}/deploy`, {});
    expect(r.status).toBe(422);
    expect(r.body.error.details.errors[0].code).toBe('INVALID_CONFIG');
  });
});

describe('a version compiled again', () => {
  it('uses the callee interfaces it was deployed with: after a restart a caller loads although its callee changed since', async () => {
    const config = defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-callees-')), passwordCost: { N: 1024, r: 8, p: 1 } });
    const serve = async () => {
      const services = await createServices(config, { info() {}, error() {} });
      const a = await buildApp(services);
      const url = await a.listen({ port: 0, host: '127.0.0.1' });
      const req = async (token: string | null, method: string, path: string, body?: unknown) => {
        const r = await fetch(url + path, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return (await r.json()) as any;
      };
      return {
        services,
        url,
        req,
        close: async () => {
          await a.close();
          await services.close();
        },
      };
    };
    const first = await serve();
    let callerId: string, webhookId: string, token: string;
    try {
      token = (await first.req(null, 'POST', '/api/auth/register', { email: 'c@example.test', password: 'calls password', name: 'C' })).data.token;
      const callee = (await first.req(token, 'POST', '/api/patterns', example('tax-calculator'))).data;
      await first.req(token, 'POST', `/api/patterns/${callee.id}/deploy`, {});
      const invoice = example('invoice');
      invoice.nodes.find((n: { id: string }) => n.id === 'tax').config.pattern = callee.id;
      const caller = (await first.req(token, 'POST', '/api/patterns', invoice)).data;
      ({ id: callerId, webhookId } = caller);
      expect((await first.req(token, 'POST', `/api/patterns/${callerId}/deploy`, {})).success).toBe(true);
      // The callee's input renamed: the caller, compiled against it now, would not compile.
      const changed = example('tax-calculator');
      changed.nodes[0].config.inputs[0].name = 'net';
      changed.wires = changed.wires.map((w: any) => (w.from.pin === 'amount' ? { ...w, from: { ...w.from, pin: 'net' } } : w));
      await first.req(token, 'PUT', `/api/patterns/${callee.id}`, changed);
      expect((await first.req(token, 'POST', `/api/patterns/${callee.id}/deploy`, {})).data.brokenCallers).toHaveLength(1);
    } finally {
      await first.close();
    }

    const second = await serve();
    try {
      const live = second.services.engine.get(callerId);
      expect(live).toBeDefined();
      const plan = await live!.load();
      expect(plan.callees[Object.keys(plan.callees)[0]!]!.inputs.map((i) => i.name)).toContain('amount');
      // It runs, and its execution inspects exactly (compiled the same way again).
      const r = await fetch(`${second.url}/webhooks/${webhookId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 100 }),
      });
      expect(r.status).toBe(400); // the callee no longer takes `amount`: invoice turns the call's error into a 400
      await second.services.history.flush();
      const dep = (await second.req(token, 'GET', `/api/patterns/${callerId}/deployment`)).data;
      const runs = (await second.req(token, 'GET', `/api/deployments/${dep.id}/runs`)).data;
      const inspection = (await second.req(token, 'GET', `/api/runs/${runs[0].id}/inspect`)).data;
      expect(inspection.exact).toBe(true);
      expect(inspection.nodes.map((n: { id: string }) => n.id)).toContain('tax');
    } finally {
      await second.close();
    }
  });
});
