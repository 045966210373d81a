// Durability (SPEC §7, issue 4 item 6): `immediate` executions answered 202 run even when the server
// is killed with SIGKILL and started again on the same data folder; executions running at the crash
// are marked `interrupted`, never left `running`. The server runs as a child process, as users run
// it: `node bin/dragops.js serve`, which needs the build (`npm run build`, done here when stale).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delayedDoc, doc, eventually, expectOk, request, sleep } from './harness.js';
import { ensureBuilt, freePort, kill9, serve, type Child } from './child.js';

describe('durability: kill -9 and restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dragops-durable-'));
  const children: Child[] = [];
  beforeAll(() => {
    ensureBuilt();
  }, 300_000);
  afterAll(async () => {
    for (const c of children) await kill9(c);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every accepted immediate run completes after the restart; runs cut off by the crash are interrupted, not running', async () => {
    const port = await freePort();
    const first = await serve(dataDir, port);
    children.push(first);
    const reg = await request(first.url, '/api/auth/register', { json: { email: 'durable@example.test', password: 'a long password', name: 'D' } });
    const token = expectOk(reg, 201).token;
    const api = (url: string, path: string, o: Parameters<typeof request>[2] = {}) => request(url, path, { token, ...o });

    const queued = expectOk(await api(first.url, '/api/patterns', { json: delayedDoc(1) }), 201);
    expectOk(await api(first.url, `/api/patterns/${queued.id}/deploy`, { json: {} }), 201);
    const sync = expectOk(
      await api(first.url, '/api/patterns', {
        json: doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
            { id: 'wait', type: 'Delay', defaults: { seconds: 30 } },
            { id: 'respond', type: 'RespondToWebhook', defaults: { body: 'too late' } },
          ],
          ['hook.then -> wait.exec', 'wait.then -> respond.exec'],
        ),
      }),
      201,
    );
    expectOk(await api(first.url, `/api/patterns/${sync.id}/deploy`, { json: {} }), 201);

    // Accepted runs: some start before the crash, some are still waiting in the queue.
    const accepted: string[] = [];
    for (let i = 0; i < 24; i++) {
      const r = await request(first.url, new URL(queued.webhookUrl).pathname, { json: { i } });
      expect(r.status).toBe(202);
      expect(r.body.status).toBe('accepted');
      accepted.push(r.body.runId);
    }
    // A synchronous execution that will be cut off.
    const cut = request(first.url, new URL(sync.webhookUrl).pathname, { json: {} }).catch((e: unknown) => e);
    const syncDeployment = expectOk(await api(first.url, `/api/patterns/${sync.id}/deployment`)).id;
    const running = await eventually(async () => {
      const r = await api(first.url, `/api/deployments/${syncDeployment}/runs`);
      return r.body.data?.[0]?.status === 'running' ? r.body.data[0] : undefined;
    }, 3000);
    // Let the queued runs start (and their `running` rows reach the database), then crash.
    const queuedDeployment = expectOk(await api(first.url, `/api/patterns/${queued.id}/deployment`)).id;
    await eventually(async () => (await api(first.url, `/api/deployments/${queuedDeployment}/runs?status=running`)).body.meta?.total > 0, 3000);
    await sleep(250);
    await kill9(first);
    expect(first.proc.signalCode).toBe('SIGKILL');
    expect(await cut).toBeInstanceOf(Error);

    const second = await serve(dataDir, port);
    children.push(second);
    // The token, the patterns and the deployments survived.
    expectOk(await api(second.url, '/api/auth/me'));
    expect(expectOk(await api(second.url, `/api/patterns/${queued.id}/deployment`))).toMatchObject({ status: 'active', version: 1 });

    // Every accepted run completes (the queue runs them again after the crash).
    const done = await eventually(
      async () => {
        const all = await Promise.all(accepted.map(async (id) => (await api(second.url, `/api/runs/${id}`)).body.data));
        return all.every((r) => r?.status === 'completed') ? all : undefined;
      },
      15_000,
      100,
    );
    for (const r of done) expect(r).toMatchObject({ patternId: queued.id, version: 1, triggeredBy: 'webhook', error: null });
    expect(new Set(done.map((r) => r.triggerData.body.i)).size).toBe(24);
    // The synchronous run cut off by the crash is interrupted, with a code, and finished.
    const interrupted = expectOk(await api(second.url, `/api/runs/${running.id}`));
    expect(interrupted).toMatchObject({ status: 'interrupted', error: { code: 'INTERRUPTED' } });
    expect(interrupted.finishedAt).toEqual(expect.any(String));
    // Nothing is left running, and no accepted run was run twice into two records.
    const queuedRuns = await api(second.url, `/api/deployments/${queuedDeployment}/runs?limit=500`);
    expect(queuedRuns.body.meta.total).toBe(24);
    expect(queuedRuns.body.data.filter((r: { status: string }) => r.status !== 'completed')).toEqual([]);
    const syncRuns = await api(second.url, `/api/deployments/${syncDeployment}/runs`);
    expect(syncRuns.body.data.map((r: { status: string }) => r.status)).toEqual(['interrupted']);

    // The restarted server keeps serving new requests.
    const after = await request(second.url, new URL(queued.webhookUrl).pathname, { json: { i: 'after' } });
    expect(after.status).toBe(202);
    await eventually(async () => (await api(second.url, `/api/runs/${after.body.runId}`)).body.data?.status === 'completed', 5000);
    await kill9(second);
  }, 60_000);
});
