// Live events over a real HTTP connection: deployment changes and executions, owner-scoped, replayed
// after Last-Event-ID.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

let s: Services, app: FastifyInstance, base: string;
const json = async (r: Response) => (await r.json()) as any;
async function register(email: string, admin?: string) {
  const r = await fetch(base + '/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(admin ? { authorization: `Bearer ${admin}` } : {}) },
    body: JSON.stringify({ email, password: 'events password', name: 'E' }),
  });
  return (await json(r)).data.token as string;
}
const api = async (token: string, method: string, path: string, body?: unknown) =>
  json(
    await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

/** Reads server-sent events until `until` says stop (or a timeout). */
async function collect(url: string, headers: Record<string, string>, until: (events: { id: string; event: string; data: any }[]) => boolean, ms = 5000) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ms);
  const res = await fetch(url, { headers, signal: ctrl.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: { id: string; event: string; data: any }[] = [];
  const reader = res.body!.getReader();
  let buf = '';
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString('utf8');
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const f = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => l && !l.startsWith(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        );
        if (f.event) events.push({ id: f.id, event: f.event, data: JSON.parse(f.data) });
      }
    }
  } catch {
    /* aborted */
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return events;
}

beforeAll(async () => {
  s = await createServices(defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-events-')), passwordCost: { N: 1024, r: 8, p: 1 } }), {
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

describe('GET /api/events', () => {
  it('streams deployment changes and execution starts and ends to the owner only, and replays after Last-Event-ID', async () => {
    const a = await register('a@example.test');
    const b = await register('b@example.test', a);
    const doc = { format: 'dragops.pattern/1', name: 'ev', nodes: [{ id: 'h', type: 'OnWebhook', config: { responseMode: 'lastNode' } }], wires: [] };
    const p = (await api(a, 'POST', '/api/patterns', doc)).data;
    const streamA = collect(`${base}/api/events?token=${a}`, {}, (e) => e.some((x) => x.event === 'execution.finished'));
    const streamB = collect(`${base}/api/events`, { authorization: `Bearer ${b}` }, () => false, 1500);
    await new Promise((r) => setTimeout(r, 200));
    await api(a, 'POST', `/api/patterns/${p.id}/deploy`, {});
    await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST' });
    const events = await streamA;
    expect(events.map((e) => e.event)).toEqual(['deployment.changed', 'execution.started', 'execution.finished']);
    expect(events[2]!.data).toMatchObject({ patternId: p.id, status: 'completed', triggeredBy: 'webhook', version: 1 });
    expect(await streamB).toEqual([]);
    // Reconnect after the first event: the two after it are replayed.
    const replay = await collect(`${base}/api/events?token=${a}`, { 'last-event-id': events[0]!.id }, (e) => e.length >= 2);
    expect(replay.map((e) => e.event)).toEqual(['execution.started', 'execution.finished']);
  });

  it('needs a token', async () => {
    const r = await fetch(`${base}/api/events`);
    expect(r.status).toBe(401);
  });
});
