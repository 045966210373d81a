// Poison jobs (issue 15): a queued execution that kills its server is not run on every restart for
// ever. Each restart counts a crash against the jobs the dead process had claimed; at
// maxCrashAttempts (3) the job is not run again: its run is `dead_letter` with EXECUTION_CRASHED.
// Jobs that crashed beside it are not taken down with it: one crash from the cap, a job runs alone. Real processes (`dragops serve`, killed
// with SIGKILL while the poison job runs: a long Delay stands in for the crash), SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delayedDoc, eventually, expectOk, PG_URL, request } from '../api/harness.js';
import { ensureBuilt, freePort, kill9, serve, type Child } from '../api/child.js';

interface JobRow {
  attempts: number;
  crashes: number;
  locked_by: string | null;
}

describe.each(['sqlite', 'postgres'] as const)('crash loops on %s', (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dragops-crash-'));
  const schema = `crash_${Date.now().toString(36)}_${process.pid}`;
  // On PostgreSQL a killed server's claims are put back once its lease has run out (SPEC §13).
  const args = backend === 'postgres' ? ['--database-url', `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, '--lease-seconds', '2'] : [];
  const children: Child[] = [];
  let pgClient: pg.Client | undefined;
  beforeAll(async () => {
    ensureBuilt();
    if (backend === 'postgres') {
      pgClient = new pg.Client({ connectionString: PG_URL });
      await pgClient.connect();
      await pgClient.query(`CREATE SCHEMA ${schema}`);
    }
  }, 300_000);
  afterAll(async () => {
    for (const c of children) await kill9(c);
    if (pgClient) {
      await pgClient.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pgClient.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The queue row of a run, read from the database beside the server (undefined once removed). */
  async function job(runId: string): Promise<JobRow | undefined> {
    if (pgClient) return (await pgClient.query<JobRow>(`select attempts, crashes, locked_by from ${schema}.queue where run_id = $1`, [runId])).rows[0];
    const db = new Database(join(dataDir, 'dragops.db'), { readonly: true });
    try {
      return db.prepare('select attempts, crashes, locked_by from queue where run_id = ?').get(runId) as JobRow | undefined;
    } finally {
      db.close();
    }
  }
  const claimed = (runId: string, crashes: number) =>
    eventually(async () => {
      const j = await job(runId);
      return j?.locked_by && j.crashes === crashes ? j : undefined;
    }, 10_000);

  it('a job that kills its server three times is dead-lettered, not run again; jobs that crashed beside it complete', async () => {
    const port = await freePort();
    const start = async () => {
      const c = await serve(dataDir, port, args);
      children.push(c);
      return c;
    };
    let server = await start();
    const reg = await request(server.url, '/api/auth/register', { json: { email: 'crash@example.test', password: 'a long password', name: 'C' } });
    const token = expectOk(reg, 201).token;
    const api = (path: string, o: Parameters<typeof request>[2] = {}) => request(server.url, path, { token, ...o });
    const deploy = async (d: unknown) => {
      const p = expectOk(await api('/api/patterns', { json: d }), 201);
      expectOk(await api(`/api/patterns/${p.id}/deploy`, { json: {} }), 201);
      return p;
    };
    const poison = await deploy(delayedDoc(60));
    const unlucky = await deploy(delayedDoc(5));
    const innocent = await deploy(delayedDoc(1.5));
    const post = async (p: { webhookUrl: string }, body: unknown) => {
      const r = await request(server.url, new URL(p.webhookUrl).pathname, { json: body });
      expect(r.body.status).toBe('accepted');
      return r.body.runId as string;
    };
    const P = await post(poison, { poison: true });
    const X = await post(unlucky, { unlucky: true });
    const I = await post(innocent, { innocent: true });
    const status = async (runId: string) => expectOk(await api(`/api/runs/${runId}`)).status as string;

    // Crash 1: the three jobs were running.
    for (const r of [P, X, I]) await claimed(r, 0);
    await kill9(server);
    server = await start();
    // Each counts one crash and runs again; the innocent one completes.
    expect(await claimed(P, 1)).toMatchObject({ attempts: 2 });
    await claimed(X, 1);
    await eventually(async () => (await status(I)) === 'completed', 10_000);
    expect(await job(I)).toBeUndefined();

    // Crash 2, with P and X (which is slow, not guilty) running.
    await kill9(server);
    server = await start();
    // One crash from the cap, they run alone, oldest first: P now, X not beside it.
    expect(await claimed(P, 2)).toMatchObject({ attempts: 3 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await job(X)).toMatchObject({ crashes: 2, locked_by: null });

    // Crash 3: P is at the cap. The next start does not run it: dead letter, job removed. X, which
    // did not run beside it, is not counted, runs (alone), and completes.
    await kill9(server);
    server = await start();
    const dead = await eventually(async () => {
      const r = expectOk(await api(`/api/runs/${P}`));
      return r.status === 'dead_letter' ? r : undefined;
    }, 10_000);
    expect(dead).toMatchObject({
      status: 'dead_letter',
      patternId: poison.id,
      version: 1,
      error: { code: 'EXECUTION_CRASHED' },
      triggerData: { body: { poison: true } },
    });
    expect(dead.error.message).toContain('on 3 of its 3 attempts');
    expect(await job(P)).toBeUndefined();
    // (On PostgreSQL X may have run and ended before: the dead server's claim on P is put back only
    // when its lease runs out, and X, not claimed then, runs first. Completed, not dead-lettered, it
    // was not counted a third crash either way.)
    if (backend === 'sqlite') expect(await claimed(X, 2)).toMatchObject({ attempts: 3 });
    await eventually(async () => (await status(X)) === 'completed', 15_000, 100);
    expect((await request(server.url, '/metrics')).text).toMatch(/^dragops_queue_depth\{instance="[^"]+"\} 0$/m);
    // The innocent run kept its result; the server goes on serving.
    expect(expectOk(await api(`/api/runs/${I}`))).toMatchObject({ status: 'completed', error: null });
    const after = await post(innocent, { after: true });
    await eventually(async () => (await status(after)) === 'completed', 10_000);
    await kill9(server);
  }, 120_000);
});
