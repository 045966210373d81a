// Serving the dashboard: files at `/`, index.html for the app's own paths, and the server's paths
// (API, webhooks, health) untouched: an unknown /api path is still a JSON 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from './services.js';
import { buildApp } from '../api/app.js';
import { findWebDir } from './web.js';

const quiet = { info: () => {}, error: () => {} };

describe('the dashboard at /', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dragops-web-'));
  const web = join(dir, 'dist', 'web');
  let s: Services;
  let app: FastifyInstance;
  beforeAll(async () => {
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>dragops</title>');
    writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    s = await createServices(defaultConfig({ dataDir: dir, passwordCost: { N: 1024, r: 8, p: 1 } }), quiet);
    app = await buildApp(s, { webDir: web });
  });
  afterAll(async () => {
    await app?.close();
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and at the app paths, never cached', async () => {
    for (const url of ['/', '/patterns', '/patterns/pat_x', '/deployments/dep_1?x=1']) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.body).toContain('<title>dragops</title>');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const r = await app.inject('/assets/app-1234.js');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it('keeps the server paths: unknown /api, /webhooks and missing files are JSON 404s', async () => {
    for (const url of ['/api/nope', '/api', '/webhooks/a/b', '/assets/missing.js', '/favicon.ico']) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json()).toMatchObject({ success: false, error: { code: url.startsWith('/webhooks/') ? 'WEBHOOK_NOT_FOUND' : 'NOT_FOUND' } });
    }
    expect((await app.inject('/healthz')).json()).toMatchObject({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready', instanceId: s.instanceId, database: 'sqlite' });
    expect((await app.inject({ method: 'POST', url: '/patterns' })).statusCode).toBe(404);
  });

  it('GET /api/auth/status tells the first run (no user) from later ones, without a token', async () => {
    expect((await app.inject('/api/auth/status')).json()).toEqual({ success: true, data: { hasUsers: false } });
    const reg = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'a@example.com', password: 'a long password', name: 'A' } });
    expect(reg.statusCode).toBe(201);
    expect((await app.inject('/api/auth/status')).json()).toEqual({ success: true, data: { hasUsers: true } });
  });

  it('every answer of the dashboard and the API carries the security headers: files, pages, JSON, errors, 404s', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@example.com', password: 'a long password' } });
    const token = (login.json() as { data?: { token: string } }).data?.token;
    const answers = [
      await app.inject('/'),
      await app.inject('/patterns/pat_x'),
      await app.inject('/assets/app-1234.js'),
      await app.inject('/api/auth/status'),
      await app.inject({ url: '/api/patterns', headers: { authorization: `Bearer ${token}` } }),
      await app.inject('/api/patterns'),
      await app.inject('/api/nope'),
      await app.inject('/favicon.ico'),
      await app.inject('/healthz'),
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: '{not json', headers: { 'content-type': 'application/json' } }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 401, 404, 404, 200, 400]);
    for (const r of answers) {
      expect(r.headers['content-security-policy']).toBe("default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('findWebDir finds dist/web from the bundle (dist/dragops.mjs) and from the sources, else null', () => {
    expect(findWebDir(join(dir, 'dist', 'dragops.mjs'))).toBe(web);
    expect(findWebDir(join(dir, 'src', 'server', 'web.ts'))).toBe(web);
    expect(findWebDir(join(tmpdir(), 'nowhere', 'x', 'y.js'))).toBeNull();
  });
});
