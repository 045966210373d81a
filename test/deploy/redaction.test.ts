// Credentials in webhook headers reach the execution but are not kept in its history.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

let s: Services, app: FastifyInstance, base: string, token: string;
beforeAll(async () => {
  s = await createServices(defaultConfig({ dataDir: mkdtempSync(join(tmpdir(), 'dragops-redact-')), passwordCost: { N: 1024, r: 8, p: 1 } }), {
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
        body: JSON.stringify({ email: 'x@example.test', password: 'redact password', name: 'X' }),
      })
    ).json()) as any
  ).data.token;
});
afterAll(async () => {
  await app.close();
  await s.close();
});

it('authorization and cookie headers are *** in the stored trigger data, but the pattern saw them', async () => {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const doc = {
    format: 'dragops.pattern/1',
    name: 'echo auth',
    nodes: [
      { id: 'h', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
      { id: 'a', type: 'GetProperty', defaults: { key: 'authorization' } },
      { id: 'l', type: 'StringLength' },
      { id: 'log', type: 'Log' },
    ],
    wires: [
      { from: { node: 'h', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
      { from: { node: 'h', pin: 'headers' }, to: { node: 'a', pin: 'object' } },
      { from: { node: 'a', pin: 'value' }, to: { node: 'l', pin: 'value' } },
      { from: { node: 'l', pin: 'length' }, to: { node: 'log', pin: 'message' } },
    ],
  };
  const p = ((await (await fetch(base + '/api/patterns', { method: 'POST', headers: auth, body: JSON.stringify(doc) })).json()) as any).data;
  await fetch(`${base}/api/patterns/${p.id}/deploy`, { method: 'POST', headers: auth, body: '{}' });
  const r = (await (
    await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST', headers: { authorization: 'Bearer caller-secret-token', cookie: 'session=abc' } })
  ).json()) as any;
  const run = ((await (await fetch(`${base}/api/runs/${r.runId}`, { headers: auth })).json()) as any).data;
  expect(run.triggerData.headers).toMatchObject({ authorization: '***', cookie: '***' });
  expect(JSON.stringify(run)).not.toContain('caller-secret-token');
  expect(run.log.find((e: { event: string }) => e.event === 'log').output.message).toBe(String('Bearer caller-secret-token'.length));
});

it('x-auth-token headers and token-like query parameters are *** in the stored query, url and headers, but the pattern saw them', async () => {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const doc = {
    format: 'dragops.pattern/1',
    name: 'echo query token',
    nodes: [
      { id: 'h', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
      { id: 'q', type: 'GetProperty', defaults: { key: 'api_key' } },
      { id: 'log', type: 'Log' },
    ],
    wires: [
      { from: { node: 'h', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
      { from: { node: 'h', pin: 'query' }, to: { node: 'q', pin: 'object' } },
      { from: { node: 'q', pin: 'value' }, to: { node: 'log', pin: 'message' } },
    ],
  };
  const p = ((await (await fetch(base + '/api/patterns', { method: 'POST', headers: auth, body: JSON.stringify(doc) })).json()) as any).data;
  await fetch(`${base}/api/patterns/${p.id}/deploy`, { method: 'POST', headers: auth, body: '{}' });
  const url = `/webhooks/${p.webhookId}?token=query-secret-1&access_token=query-secret-2&api_key=query-secret-3&order=42`;
  const r = (await (await fetch(base + url, { method: 'POST', headers: { 'x-auth-token': 'header-secret-4' } })).json()) as any;
  const run = ((await (await fetch(`${base}/api/runs/${r.runId}`, { headers: auth })).json()) as any).data;
  expect(run.triggerData.headers['x-auth-token']).toBe('***');
  expect(run.triggerData.query).toEqual({ token: '***', access_token: '***', api_key: '***', order: '42' });
  expect(run.triggerData.url).toBe(`/webhooks/${p.webhookId}?token=***&access_token=***&api_key=***&order=42`);
  // The execution had the real value (its log shows what the pattern logged; the stored request does not).
  expect(run.log.find((e: { event: string }) => e.event === 'log').output.message).toBe('query-secret-3');
  expect(JSON.stringify(run.triggerData)).not.toMatch(/query-secret|header-secret/);
});
