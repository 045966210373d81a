// Retention (docs/semantics.md, "Retention"): each deployment keeps its executions by its own
// settings.retentionDays / retentionCount, else the server's defaults; test runs and runs of deleted
// patterns follow the defaults; a busy deployment with a count rule is pruned as it goes; the SQLite
// file gives the freed pages back (auto_vacuum = INCREMENTAL, vacuumed off the event loop).
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';
import { idOf, seqAt } from '../../src/store/run-ids.js';
import type { SavedRun } from '../../src/store/types.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';

const DAY = 86_400_000;
let s: Services, app: FastifyInstance, base: string, token: string, dataDir: string;
const w1 = () => JSON.parse(readFileSync(new URL('../../examples/w1-order-summary.pattern.json', import.meta.url), 'utf8'));
const gold = readFileSync(new URL('../../examples/w1/body-gold.json', import.meta.url), 'utf8');
const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = (await r.json()) as { success: boolean; data: any };
  if (!j.success) throw new Error(`${method} ${path}: ${JSON.stringify(j)}`);
  return j.data;
};
/** Creates and deploys a W1 copy with these settings; its pattern, deployment and webhook URL. */
const deploy = async (name: string, settings: Record<string, unknown>) => {
  const p = await call('POST', '/api/patterns', { ...w1(), id: undefined, name, settings });
  const d = await call('POST', `/api/patterns/${p.id}/deploy`, {});
  return { patternId: p.id as string, deploymentId: d.deploymentId as string, url: d.webhookUrl as string };
};
/** Finished runs of a deployment (or of none) that started `daysAgo` days ago, written directly. */
let made = 0; // runs written by `old`, so their ids (their start time, in µs) never collide
const old = async (deploymentId: string | null, patternId: string, daysAgo: number, n: number) => {
  const t = Date.now() - daysAgo * DAY;
  const first = made;
  made += n;
  const runs: SavedRun[] = Array.from({ length: n }, (_, i) => ({
    run: {
      id: idOf(seqAt(t) + first + i),
      deploymentId,
      patternId,
      version: deploymentId ? 1 : null,
      status: 'completed',
      triggeredBy: deploymentId ? 'webhook' : 'manual',
      parentRunId: null,
      startedAt: new Date(t).toISOString(),
      finishedAt: new Date(t + 1).toISOString(),
      durationMs: 1,
      error: null,
    },
    triggerData: '{"body":{}}',
  }));
  await s.store.saveRuns(runs);
};
/** How many executions a deployment has (the list's total). */
const count = async (deploymentId: string) => {
  await s.history.flush();
  return Number(
    (
      await (s.store as KyselyStore).db
        .selectFrom('runs')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('deployment_id', '=', deploymentId)
        .executeTakeFirstOrThrow()
    ).n,
  );
};
const sqlite = (f: (db: Database.Database) => number) => {
  const db = new Database(join(dataDir, 'dragops.db'), { readonly: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dragops-retention-'));
  s = await createServices(defaultConfig({ dataDir, passwordCost: { N: 1024, r: 8, p: 1 }, retentionDays: 14 }), { info() {}, error() {} });
  app = await buildApp(s);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  token = (
    (await (
      await fetch(base + '/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'r@example.test', password: 'retention password', name: 'R' }),
      })
    ).json()) as any
  ).data.token;
});
afterAll(async () => {
  await app.close();
  await s.close();
});

describe('retention', () => {
  it('a new SQLite file gives freed pages back: auto_vacuum is INCREMENTAL', () => {
    expect(sqlite((db) => db.pragma('auto_vacuum', { simple: true }) as number)).toBe(2);
  });

  it('by age: each deployment by its settings.retentionDays, else the server default; runs of no deployment by the default', async () => {
    const long = await deploy('kept 30 days', { retentionDays: 30 });
    const plain = await deploy('server default', {});
    await old(long.deploymentId, long.patternId, 20, 3);
    await old(long.deploymentId, long.patternId, 40, 2);
    await old(plain.deploymentId, plain.patternId, 20, 3);
    await old(plain.deploymentId, plain.patternId, 1, 1);
    await old(null, plain.patternId, 20, 4); // test runs
    await old(null, plain.patternId, 2, 1);
    await old('dep_gone', 'pat_gone', 20, 2); // a deleted pattern's
    const r = await s.retention.pass();
    expect(r.deleted).toBe(2 + 3 + 4 + 2);
    expect(await count(long.deploymentId)).toBe(3);
    expect(await count(plain.deploymentId)).toBe(1);
    const left = await (s.store as KyselyStore).db
      .selectFrom('runs')
      .select(['deployment_id'])
      .where('pattern_id', 'in', [plain.patternId, 'pat_gone'])
      .where('deployment_id', 'is', null)
      .execute();
    expect(left).toHaveLength(1);
  });

  it('by count: a busy deployment stays near its settings.retentionCount while it runs, and a pass keeps exactly that many', async () => {
    const d = await deploy('keep 120', { retentionCount: 120 });
    for (let i = 0; i < 450; i++) {
      const r = await fetch(d.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gold });
      expect(r.status).toBe(200);
    }
    // Pruned as it ran: a pass after each tenth of the count (at least 100 executions).
    // (The passes run behind the requests: on a loaded machine they may need a moment to catch up.)
    await expect.poll(() => count(d.deploymentId), { timeout: 3000, interval: 50 }).toBeLessThanOrEqual(120 + 100 + 10);
    expect(await count(d.deploymentId)).toBeGreaterThanOrEqual(120);
    await s.retention.pass(); // waits for the passes started while it ran, then its own
    expect(await count(d.deploymentId)).toBe(120);
    // The newest were kept.
    const newest = await call('GET', `/api/deployments/${d.deploymentId}/runs?limit=1`);
    expect(Date.now() - Date.parse(newest[0].startedAt)).toBeLessThan(60_000);
  });

  it('the pages freed are given back to the file system', async () => {
    const d = await deploy('bulk', { retentionCount: 1 });
    const t = Date.now() - DAY;
    for (let b = 0; b < 20; b++) {
      await s.store.saveRuns(
        Array.from({ length: 500 }, (_, i) => ({
          run: {
            id: idOf(seqAt(t) + b * 500 + i),
            deploymentId: d.deploymentId,
            patternId: d.patternId,
            version: 1,
            status: 'completed' as const,
            triggeredBy: 'webhook' as const,
            parentRunId: null,
            startedAt: new Date(t).toISOString(),
            finishedAt: new Date(t).toISOString(),
            durationMs: 1,
            error: null,
          },
          triggerData: JSON.stringify({ body: { pad: 'x'.repeat(2000) } }),
        })),
      );
    }
    await new Promise((r) => setTimeout(r, 1200)); // checkpointed into the file
    const before = statSync(join(dataDir, 'dragops.db')).size;
    expect(before).toBeGreaterThan(20 * 1024 * 1024);
    await s.retention.pass();
    expect(await count(d.deploymentId)).toBe(1);
    await expect.poll(() => statSync(join(dataDir, 'dragops.db')).size, { timeout: 20_000, interval: 250 }).toBeLessThan(before / 2);
  }, 40_000);

  it('settings.retentionCount and retentionDays are checked: a clear error names the field', async () => {
    const r = await fetch(base + '/api/patterns', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...w1(), id: undefined, settings: { retentionCount: 0 } }),
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(await r.json())).toContain('retentionCount');
  });
});
