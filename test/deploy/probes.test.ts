// Liveness and readiness of `dragops serve` as users run it (`node bin/dragops.js serve`): /healthz
// answers 200 from the moment the port is open; /readyz answers 503 `starting` until the deployments
// are loaded, 200 `ready` then, and 503 `draining` from SIGTERM on — while the server keeps serving
// for the drain delay and in-flight requests finish.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, PG_URL, request, sleep } from '../api/harness.js';
import { ensureBuilt, freePort, kill9, serve, type Child } from '../api/child.js';
import { createServices, defaultConfig } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';

const root = new URL('../../', import.meta.url).pathname;
const children: Child[] = [];
const folders: string[] = [];
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'dragops-probes-'));
  folders.push(d);
  return d;
};
const schema = `probes_${Date.now().toString(36)}_${process.pid}`;
const args = ['--database-url', `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`];
let pgc: pg.Client;
beforeAll(async () => {
  ensureBuilt();
  pgc = new pg.Client({ connectionString: PG_URL });
  await pgc.connect();
  await pgc.query(`CREATE SCHEMA ${schema}`);
}, 300_000);
afterAll(async () => {
  for (const c of children) await kill9(c);
  for (const d of folders) rmSync(d, { recursive: true, force: true });
  await pgc.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pgc.end();
});

/** One answer, or the network error's name when the port is not open yet. */
async function probe(url: string): Promise<{ status: number; body: any; headers: Headers } | 'refused'> {
  try {
    const r = await fetch(url);
    const text = await r.text();
    return { status: r.status, body: text.startsWith('{') ? JSON.parse(text) : text, headers: r.headers };
  } catch {
    return 'refused';
  }
}

describe('GET /readyz and /healthz', () => {
  it('while starting (PostgreSQL): /healthz 200, /readyz 503 starting, other paths 503 SERVER_STARTING; then ready, and /metrics labelled with the same instance', async () => {
    // A slow start, made on purpose: on PostgreSQL (whose queries leave the event loop free, unlike
    // SQLite's), a database migrated by an earlier run whose deployments table this test keeps
    // locked while the server starts: loading the deployments waits for it.
    const data = folder();
    await kill9(await serve(data, await freePort(), args));
    await pgc.query('BEGIN');
    await pgc.query(`LOCK TABLE ${schema}.deployments IN ACCESS EXCLUSIVE MODE`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const proc = spawn(process.execPath, [join(root, 'bin/dragops.js'), 'serve', '--port', String(port), '--data', data, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DRAGOPS_LOG_LEVEL: 'warn' },
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    children.push({ proc, url: base, output: () => out });
    try {
      // The port opens before the database is opened: /healthz answers at once.
      let health: Awaited<ReturnType<typeof probe>> = 'refused';
      for (const end = Date.now() + 15_000; health === 'refused' && Date.now() < end;) {
        await sleep(10);
        health = await probe(`${base}/healthz`);
      }
      expect(health).toMatchObject({ status: 200, body: { status: 'ok', database: 'postgres' } });
      for (let i = 0; i < 5; i++) {
        expect(await probe(`${base}/readyz`)).toMatchObject({ status: 503, body: { status: 'starting' } });
        expect(await probe(`${base}/healthz`)).toMatchObject({ status: 200 });
        const other = await probe(`${base}/api/patterns`);
        expect(other).toMatchObject({ status: 503, body: { success: false, error: { code: 'SERVER_STARTING' } } });
        if (other === 'refused') throw new Error('unreachable');
        expect(other.headers.get('retry-after')).toBe('1');
        expect(other.headers.get('x-content-type-options')).toBe('nosniff');
        await sleep(100);
      }
      expect(out).not.toContain('serving on');
    } finally {
      await pgc.query('COMMIT');
    }
    let ready: any;
    for (const end = Date.now() + 15_000; !ready && Date.now() < end; await sleep(20)) {
      const r = await probe(`${base}/readyz`);
      if (r !== 'refused' && r.status === 200) ready = r.body;
      else expect(r).toMatchObject({ status: 503, body: { status: 'starting' } }); // never refused once open
    }
    expect(ready).toEqual({ status: 'ready', instanceId: expect.stringContaining(`:${proc.pid}:`), database: 'postgres' });
    expect(await probe(`${base}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok', database: 'postgres' } });
    expect((await request(base, '/api/patterns')).status).toBe(401); // the app answers now

    // Every series of /metrics carries this instance's id.
    const metrics = (await request(base, '/metrics')).text;
    const series = metrics.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(series.length).toBeGreaterThan(10);
    for (const line of series) expect(line).toContain(`instance="${ready.instanceId}"`);
    expect(metrics).toContain(`dragops_queue_depth{instance="${ready.instanceId}"} 0`);
  }, 60_000);

  it('on SIGTERM: /readyz 503 draining at once, requests still served for the drain delay, an in-flight request finishes, then exit 0', async () => {
    const c = await serve(folder(), await freePort(), ['--drain-delay-ms', '1500']);
    children.push(c);
    const token = expectOk(await request(c.url, '/api/auth/register', { json: { email: 'd@example.test', password: 'drain password', name: 'D' } }), 201).token;
    const slow = {
      format: 'dragops.pattern/1',
      name: 'slow',
      nodes: [
        { id: 'h', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
        { id: 'd', type: 'Delay', defaults: { seconds: 2.5 } },
        { id: 'r', type: 'RespondToWebhook', defaults: { body: 'finished' } },
      ],
      wires: [
        { from: { node: 'h', pin: 'then' }, to: { node: 'd', pin: 'exec' } },
        { from: { node: 'd', pin: 'then' }, to: { node: 'r', pin: 'exec' } },
      ],
    };
    const p = expectOk(await request(c.url, '/api/patterns', { token, json: slow }), 201);
    expectOk(await request(c.url, `/api/patterns/${p.id}/deploy`, { token, json: {} }), 201);
    expect((await request(c.url, '/readyz')).status).toBe(200);

    const exited = new Promise<number | null>((r) => c.proc.once('exit', (code) => r(code)));
    const inFlight = fetch(`${c.url}/webhooks/${p.webhookId}`, { method: 'POST' });
    await sleep(300);
    const t0 = Date.now();
    c.proc.kill('SIGTERM');
    await sleep(100);
    const draining = await request(c.url, '/readyz');
    expect(draining.status).toBe(503);
    expect(draining.body).toMatchObject({ status: 'draining' });
    expect((await request(c.url, '/healthz')).status).toBe(200);
    // Still serving during the delay: a load balancer may send requests until it sees /readyz fail.
    expect(expectOk(await request(c.url, '/api/auth/me', { token }))).toMatchObject({ email: 'd@example.test' });
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('finished');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(c.output()).toContain('SIGTERM: draining (/readyz answers 503) for 1500 ms');
    expect(c.output()).toContain('stopped cleanly');
    expect(await probe(`${c.url}/healthz`)).toBe('refused');
  }, 60_000);
});

describe('GET /readyz in the app', () => {
  it('answers from the engine and the lifecycle: starting, ready, draining; /healthz stays 200', async () => {
    const s = await createServices(defaultConfig({ dataDir: folder(), passwordCost: { N: 1024, r: 8, p: 1 } }), { info() {}, error() {} });
    const lifecycle = { draining: false };
    const app = await buildApp(s, { lifecycle });
    try {
      const readyz = async () => {
        const r = await app.inject('/readyz');
        return { status: r.statusCode, body: r.json(), cache: r.headers['cache-control'] };
      };
      expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', instanceId: s.instanceId, database: 'sqlite' }, cache: 'no-store' });
      s.engine.ready = false;
      expect(await readyz()).toEqual({ status: 503, body: { status: 'starting', instanceId: s.instanceId }, cache: 'no-store' });
      s.engine.ready = true;
      lifecycle.draining = true;
      expect(await readyz()).toEqual({ status: 503, body: { status: 'draining', instanceId: s.instanceId }, cache: 'no-store' });
      expect((await app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await app.close();
      await s.close();
    }
  });
});
