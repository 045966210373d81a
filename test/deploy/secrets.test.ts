// Secrets at rest (AES-256-GCM) and GetSecret on the server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseKey, seal, unseal } from '../../src/accounts/secrets.js';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

const KEY = 'a'.repeat(64);

describe('sealing', () => {
  it('round-trips, and a changed ciphertext, tag or binding does not decrypt', () => {
    const key = parseKey(KEY);
    const s = seal(key, 'hunter2-secret', 'usr_1\u0000API_KEY');
    expect(s.ciphertext).not.toContain('hunter2');
    expect(unseal(key, s, 'usr_1\u0000API_KEY')).toBe('hunter2-secret');
    expect(() => unseal(key, s, 'usr_2\u0000API_KEY')).toThrow();
    expect(() => unseal(parseKey('b'.repeat(64)), s, 'usr_1\u0000API_KEY')).toThrow();
    const flipped = Buffer.from(s.ciphertext, 'base64');
    flipped[0]! ^= 1;
    expect(() => unseal(key, { ...s, ciphertext: flipped.toString('base64') }, 'usr_1\u0000API_KEY')).toThrow();
  });
  it('refuses keys that are not 32 bytes', () => {
    expect(() => parseKey('abc')).toThrow(/32 bytes/);
  });
});

describe('secrets on the server', () => {
  let s: Services, app: FastifyInstance, base: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'dragops-secrets-'));
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const start = async () => {
    s = await createServices(defaultConfig({ dataDir, secretsKey: KEY, passwordCost: { N: 1024, r: 8, p: 1 } }), { info() {}, error() {} });
    app = await buildApp(s);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  };
  beforeAll(start);
  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('stores values encrypted, lists names only, feeds GetSecret, masks it in logs, and keeps owners apart', async () => {
    const reg = async (email: string, admin?: string) =>
      (
        (await (
          await fetch(base + '/api/auth/register', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(admin ? { authorization: `Bearer ${admin}` } : {}) },
            body: JSON.stringify({ email, password: 'secret password', name: 'S' }),
          })
        ).json()) as any
      ).data.token as string;
    const a = await reg('a@example.test');
    const b = await reg('b@example.test', a);
    expect((await call(a, 'PUT', '/api/secrets/API_KEY', { value: 'sk-live-123456' })).status).toBe(200);
    expect((await call(a, 'PUT', '/api/secrets/bad name', { value: 'x' })).status).toBe(400);
    const list = await call(a, 'GET', '/api/secrets');
    expect(list.body.data).toEqual([{ name: 'API_KEY', updatedAt: expect.any(String) }]);
    expect(JSON.stringify(list.body)).not.toContain('sk-live');
    const me = (await call(a, 'GET', '/api/auth/me')).body.data.id;
    const rows = await s.store.listSecrets(me);
    expect(JSON.stringify(rows)).not.toContain('sk-live');

    const doc = {
      format: 'dragops.pattern/1',
      name: 'uses a secret',
      nodes: [
        { id: 'h', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
        { id: 'k', type: 'GetSecret', config: { name: 'API_KEY' } },
        { id: 'log', type: 'Log' },
        { id: 'len', type: 'StringLength' },
        { id: 'log2', type: 'Log' },
      ],
      wires: [
        { from: { node: 'h', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
        { from: { node: 'k', pin: 'value' }, to: { node: 'log', pin: 'message' } },
        { from: { node: 'log', pin: 'then' }, to: { node: 'log2', pin: 'exec' } },
        { from: { node: 'k', pin: 'value' }, to: { node: 'len', pin: 'value' } },
        { from: { node: 'len', pin: 'length' }, to: { node: 'log2', pin: 'message' } },
      ],
    };
    for (const [token, expectLen] of [
      [a, '14'],
      [b, '0'],
    ] as const) {
      const p = (await call(token, 'POST', '/api/patterns', doc)).body.data;
      await call(token, 'POST', `/api/patterns/${p.id}/deploy`, {});
      const res = await fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST' });
      const run = ((await res.json()) as any).runId as string;
      const full = (await call(token, 'GET', `/api/runs/${run}`)).body.data;
      expect(JSON.stringify(full)).not.toContain('sk-live');
      const logs = full.log.filter((e: { event: string }) => e.event === 'log').map((e: { output: { message: string } }) => e.output.message);
      expect(logs[1]).toBe(expectLen); // B's pattern cannot see A's secret
    }

    // A restart with the same key reads the same secrets.
    await app.close();
    await s.close();
    await start();
    const again = await s.secrets.load(me);
    expect(again.get('API_KEY')).toBe('sk-live-123456');
    expect((await call(a, 'DELETE', '/api/secrets/API_KEY')).status).toBe(200);
    expect((await call(a, 'DELETE', '/api/secrets/API_KEY')).status).toBe(404);
  });
});
