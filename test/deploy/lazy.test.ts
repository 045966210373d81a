// Start-up loads deployments without compiling them (issue 16): a restarted server serves a webhook
// whose plan is compiled on that first request (two racing requests share one compile), arms
// schedules from the documents, and a redeploy before the first request replaces the plan unused.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

const w1 = JSON.parse(readFileSync(new URL('../../examples/w1-order-summary.pattern.json', import.meta.url), 'utf8'));
const gold = readFileSync(new URL('../../examples/w1/body-gold.json', import.meta.url), 'utf8');
const expected = JSON.parse(readFileSync(new URL('../../examples/w1/expected.json', import.meta.url), 'utf8'))['body-gold.json'];
const schedule = {
  format: 'dragops.pattern/1',
  id: 'every-hour',
  name: 'Every hour',
  nodes: [
    { id: 'tick', type: 'OnSchedule', config: { cron: '0 * * * *' } },
    { id: 'log', type: 'Log', defaults: { message: 'tick' } },
  ],
  wires: [{ from: { node: 'tick', pin: 'then' }, to: { node: 'log', pin: 'exec' } }],
};

let open: { s: Services; app: FastifyInstance }[] = [];
async function server(dataDir: string) {
  const s = await createServices(defaultConfig({ dataDir, passwordCost: { N: 1024, r: 8, p: 1 } }), { info() {}, error() {} });
  const app = await buildApp(s);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  open.push({ s, app });
  return { s, app, base };
}
async function stop(x: { s: Services; app: FastifyInstance }) {
  await x.app.close();
  await x.s.close();
  open = open.filter((o) => o !== x);
}
afterEach(async () => {
  for (const o of open) await stop(o);
});

describe('lazy loading of deployments at start-up', () => {
  it("a restarted server compiles a webhook's plan on its first request, once for racing requests; schedules are armed from the summary and compiled in the background", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dragops-lazy-'));
    const first = await server(dataDir);
    const reg = (await (
      await fetch(`${first.base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'l@example.test', password: 'lazy password', name: 'L' }),
      })
    ).json()) as any;
    const api = (base: string, method: string, path: string, body?: unknown) =>
      fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${reg.data.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const d = (await api(first.base, 'POST', '/api/patterns/deploy', { document: { ...w1, id: 'w1' } })).body.data;
    expect((await api(first.base, 'POST', '/api/patterns/deploy', { document: schedule })).status).toBe(201);
    await stop(first);

    const second = await server(dataDir);
    const live = second.s.engine.get('w1')!;
    expect(live.compiled).toBeUndefined();
    expect(second.s.schedules.nextFire('every-hour')).toBeTruthy(); // armed from the summary
    // Schedules' plans are compiled in the background after start (ticks should not wait for it);
    // webhooks' wait for their first request.
    for (let i = 0; i < 100 && !second.s.engine.get('every-hour')!.compiled; i++) await new Promise((r) => setTimeout(r, 20));
    expect(second.s.engine.get('every-hour')!.compiled).toBeDefined();
    expect(second.s.engine.get('w1')!.compiled).toBeUndefined();

    const hook = `${second.base}/webhooks/${d.webhookUrl.split('/webhooks/')[1]}`;
    const answers = await Promise.all(
      [0, 1, 2].map(() => fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gold }).then((r) => r.json())),
    );
    expect(answers).toEqual([expected, expected, expected]);
    expect(second.s.engine.get('w1')!.compiled).toBeDefined();
    // One plan for the live deployment and for executions queued on its version.
    expect(await second.s.engine.planFor('w1', live.version)).toBe(second.s.engine.get('w1')!.compiled);
  }, 30_000);

  it('a redeploy before the first request replaces the unloaded plan, which is never compiled', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dragops-lazy-'));
    const first = await server(dataDir);
    const reg = (await (
      await fetch(`${first.base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'm@example.test', password: 'lazy password', name: 'M' }),
      })
    ).json()) as any;
    const api = (base: string, method: string, path: string, body?: unknown) =>
      fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${reg.data.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const d = (await api(first.base, 'POST', '/api/patterns/deploy', { document: { ...w1, id: 'w1' } })).body.data;
    await stop(first);

    const second = await server(dataDir);
    const old = second.s.engine.get('w1')!;
    const changed = { ...w1, id: 'w1', nodes: w1.nodes.map((n: any) => (n.id === 'greeting' ? { ...n, defaults: { ...n.defaults, a: 'Hi, ' } } : n)) };
    const r = await api(second.base, 'POST', '/api/patterns/deploy', { document: changed });
    expect(r.status).toBe(201);
    const hook = `${second.base}/webhooks/${d.webhookUrl.split('/webhooks/')[1]}`;
    const answer = (await (await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gold })).json()) as any;
    expect(answer.greeting).toBe(expected.greeting.replace('Hello, ', 'Hi, '));
    expect(old.compiled).toBeUndefined();
    expect(second.s.engine.get('w1')!.version).toBe(old.version + 1);

    // A plan that stops being live is kept for executions accepted on it (queued, replays).
    const v2 = second.s.engine.get('w1')!;
    expect(await second.s.engine.planFor('w1', v2.version)).toBe(v2.compiled);
    expect((await api(second.base, 'POST', '/api/patterns/deploy', { document: { ...w1, id: 'w1' } })).status).toBe(201);
    expect(await second.s.engine.planFor('w1', v2.version)).toBe(v2.compiled);
    const v1 = await second.s.engine.planFor('w1', old.version);
    expect(v1).toBeDefined();
    expect(await second.s.engine.planFor('w1', old.version)).toBe(v1); // compiled once
  }, 30_000);

  it('a redeploy while the first request is loading the plan: that request runs the version it was routed to, the next ones the new one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dragops-lazy-'));
    const first = await server(dataDir);
    const reg = (await (
      await fetch(`${first.base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'n@example.test', password: 'lazy password', name: 'N' }),
      })
    ).json()) as any;
    const api = (base: string, method: string, path: string, body?: unknown) =>
      fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${reg.data.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const d = (await api(first.base, 'POST', '/api/patterns/deploy', { document: { ...w1, id: 'w1' } })).body.data;
    await stop(first);

    const second = await server(dataDir);
    const hook = `${second.base}/webhooks/${d.webhookUrl.split('/webhooks/')[1]}`;
    const call = () =>
      fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gold }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      }));
    const changed = { ...w1, id: 'w1', nodes: w1.nodes.map((n: any) => (n.id === 'greeting' ? { ...n, defaults: { ...n.defaults, a: 'Hi, ' } } : n)) };
    const [during, redeploy, alsoDuring] = await Promise.all([call(), api(second.base, 'POST', '/api/patterns/deploy', { document: changed }), call()]);
    expect(redeploy.status).toBe(201);
    for (const r of [during, alsoDuring]) {
      expect(r.status).toBe(200);
      expect([expected.greeting, expected.greeting.replace('Hello, ', 'Hi, ')]).toContain(r.body.greeting);
    }
    const after = await call();
    expect(after.body.greeting).toBe(expected.greeting.replace('Hello, ', 'Hi, '));
    // The answers come from RespondToWebhook; the executions are recorded as they end.
    let runs: { status: string }[] = [];
    for (let i = 0; i < 100 && !(runs.length === 3 && runs.every((r) => r.status === 'completed')); i++) {
      await new Promise((r) => setTimeout(r, 50));
      runs = (await api(second.base, 'GET', `/api/deployments/${d.deploymentId}/runs`)).body.data;
    }
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
  }, 30_000);
});
