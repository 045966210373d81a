// Benchmark (issue #4 point 7/10): listing "the newest 50 executions of a deployment" with a million
// executions in the store (SQLite by default; --postgres URL for PostgreSQL). Baseline in the same run:
// the same query at 1,000 executions, so the ratio shows how listing scales.
//   node bench/history.mjs [count, default 1000000] [--postgres postgres://…]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../dist/store/sqlite/index.js';
import { openPostgresStore } from '../dist/store/postgres/index.js';
import { idOf, seqAt } from '../dist/store/run-ids.js';
import { median, round } from './lib/measure.mjs';

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const pgAt = args.indexOf('--postgres');

async function fill(store, deploymentId, n) {
  const t0 = performance.now();
  const start = Date.now() - n * 1000;
  const statuses = ['completed', 'completed', 'completed', 'failed', 'timeout'];
  for (let i = 0; i < n; i += 5000) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 5000); j++) {
      // Ids as the store makes them: from the start time (store/run-ids.ts); the two deployments'
      // runs interleave in time, as they would on a server.
      batch.push({
        run: {
          id: idOf(seqAt(start + j * 1000) + (deploymentId === 'big' ? 1 : 0)),
          deploymentId,
          patternId: `pat_${deploymentId}`,
          version: 1 + (j % 3),
          status: statuses[j % 5],
          triggeredBy: j % 2 ? 'webhook' : 'schedule',
          parentRunId: null,
          startedAt: new Date(start + j * 1000).toISOString(),
          finishedAt: new Date(start + j * 1000 + 5).toISOString(),
          durationMs: 5,
          error: null,
        },
        triggerData: JSON.stringify({ j }),
      });
    }
    await store.saveRuns(batch);
    if ((i / 5000) % 20 === 0) process.stderr.write(`\r${deploymentId}: ${i + batch.length} / ${n}`);
  }
  process.stderr.write('\n');
  return performance.now() - t0;
}

async function timeList(store, deploymentId, filter, reps = 30) {
  const ts = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const page = await store.listRuns(deploymentId, { limit: 50, offset: 0, ...filter });
    ts.push(performance.now() - t);
    if (page.items.length !== 50) throw new Error('expected 50 runs');
  }
  return median(ts);
}

const store =
  pgAt >= 0
    ? await openPostgresStore(args[pgAt + 1], { schema: `bench_${Date.now().toString(36)}` })
    : await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'dragops-history-')), 'dragops.db'));
const fillSmallMs = await fill(store, 'small', 1000);
const fillBigMs = await fill(store, 'big', count);
const rows = [];
for (const [name, filter] of [
  ['newest 50', {}],
  ['newest 50 failed', { status: 'failed' }],
  ['newest 50 completed', { status: 'completed' }],
  ['newest 50 of version 2 by webhook', { version: 2, triggeredBy: 'webhook' }],
]) {
  const small = await timeList(store, 'small', filter);
  const big = await timeList(store, 'big', filter);
  rows.push({ query: name, [`ms at 1,000`]: round(small, 2), [`ms at ${count.toLocaleString('en')}`]: round(big, 2), ratio: round(big / small, 1) });
}
console.table(rows);
console.log({ database: store.dialect, insertedPerSecond: round(count / (fillBigMs / 1000), 0), fillSmallMs: round(fillSmallMs, 0) });
await store.close();
