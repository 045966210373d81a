// Graceful shutdown: SIGTERM lets an in-flight execution finish and answer, saves the history, and
// exits 0. The server runs as users run it (`node bin/dragops.js serve`; `npm test` builds first).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const root = new URL('../../', import.meta.url).pathname;
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** `dragops serve` as users run it, on a free port with a fresh data folder; `output()` is what it printed. */
async function serve(logLevel: string) {
  const data = mkdtempSync(join(tmpdir(), 'dragops-shutdown-'));
  const port = await freePort();
  const proc = spawn(process.execPath, [join(root, 'bin/dragops.js'), 'serve', '--port', String(port), '--data', data], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DRAGOPS_LOG_LEVEL: logLevel, DRAGOPS_DRAIN_DELAY_MS: '0' }, // the drain delay: probes.test.ts
  });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  for (let i = 0; i < 100 && !out.includes('serving on'); i++) await new Promise((r) => setTimeout(r, 100));
  return { data, proc, exited, base: `http://127.0.0.1:${port}`, output: () => out };
}

describe('the server process', () => {
  it('never writes a token from a URL (EventSource sends ?token=) to its log', async () => {
    const { proc, exited, base, output } = await serve('info');
    const secret = 'dgo_this-must-not-be-logged-123';
    const r = await fetch(`${base}/api/events?token=${secret}&lastEventId=1`);
    expect(r.status).toBe(401);
    await r.text();
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('/api/events?token=***&lastEventId=1');
    expect(output()).not.toContain(secret);
  }, 30_000);

  it('finishes an in-flight execution, records it, and exits 0 on SIGTERM', async () => {
    const { data, proc, exited, base, output } = await serve('warn');
    const post = async (path: string, body: unknown, token?: string) =>
      (await (
        await fetch(base + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        })
      ).json()) as any;
    const token = (await post('/api/auth/register', { email: 'z@example.test', password: 'shutdown pass', name: 'Z' })).data.token;
    const p = (
      await post(
        '/api/patterns',
        {
          format: 'dragops.pattern/1',
          name: 'slow',
          nodes: [
            { id: 'h', type: 'OnWebhook' },
            { id: 'd', type: 'Delay', defaults: { seconds: 1 } },
            { id: 'r', type: 'RespondToWebhook', defaults: { body: 'finished' } },
          ],
          wires: [
            { from: { node: 'h', pin: 'then' }, to: { node: 'd', pin: 'exec' } },
            { from: { node: 'd', pin: 'then' }, to: { node: 'r', pin: 'exec' } },
          ],
        },
        token,
      )
    ).data;
    await post(`/api/patterns/${p.id}/deploy`, {}, token);
    const inFlight = fetch(`${base}/webhooks/${p.webhookId}`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 300));
    proc.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('finished');
    expect(await exited).toBe(0);
    expect(output()).toContain('stopped cleanly');
    const store = await openSqliteStore(join(data, 'dragops.db'));
    const dep = await store.getDeployment(p.id);
    const runs = await store.listRuns(dep!.id, { limit: 10, offset: 0 });
    expect(runs.items.map((r) => r.status)).toEqual(['completed']);
    await store.close();
  }, 30_000);
});
