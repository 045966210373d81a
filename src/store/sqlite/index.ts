import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KEEP, KyselyStore } from '../kysely-store.js';
import { seqOf } from '../run-ids.js';
import type { SavedRun } from '../types.js';
import type { Tables } from '../schema.js';

// WAL checkpoints (copying the log into the database file, then fsync) are the costly part of
// SQLite writes, and SQLite runs them inside the commit that crosses the threshold: on the event
// loop, under load, every few hundred executions. Here a worker thread with its own connection runs
// them instead, every CHECKPOINT_MS, so commits on the event loop only append to the log.
const CHECKPOINT_MS = 500;
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e && e.message || e)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); db.close(); } catch {} parentPort.close(); });
`;

function startCheckpointer(sqlite: Database.Database, file: string): () => Promise<void> {
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), everyMs: CHECKPOINT_MS } });
  worker.unref();
  let failed = false;
  const fallBack = () => { if (!failed) { failed = true; sqlite.pragma('wal_autocheckpoint = 1000'); } };
  worker.on('error', fallBack);
  worker.on('message', () => {}); // a failed checkpoint is retried at the next tick
  worker.on('exit', fallBack);
  sqlite.pragma('wal_autocheckpoint = 0');
  return () => new Promise<void>((done) => {
    if (failed) return done();
    worker.ref(); // closing waits for it (unref'd, the process could end first)
    worker.once('exit', () => done());
    worker.postMessage('stop');
  });
}

/** Thrown inside the history write when a run has an id from before migration 004. */
const OLD_ID = new Error('a run id from before migration 004');

/** The embedded store: one SQLite file (WAL) in the data folder, or ':memory:'. Migrated on open. */
export async function openSqliteStore(file: string): Promise<KyselyStore> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  const stopCheckpoints = file === ':memory:' ? async () => {} : startCheckpointer(sqlite, resolve(file));
  // Execution history is the one write of every request: a prepared statement in one transaction
  // per batch, not a query built per batch.
  let upsert: Database.Statement | undefined;
  const write = sqlite.transaction((runs: SavedRun[]) => {
    upsert ??= sqlite.prepare(`insert into runs (seq, deployment_id, pattern_id, version, status, triggered_by, parent_run_id, started_at, finished_at, duration_ms, error, trigger_data, log)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (seq) do update set status = excluded.status, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, error = excluded.error, log = coalesce(excluded.log, runs.log)
      where ${KEEP}`);
    for (let i = 0; i < runs.length; i++) {
      const { run: r, triggerData, log } = runs[i]!;
      const seq = seqOf(r.id);
      if (seq === undefined) throw OLD_ID; // rolls the batch back: saveRuns resolves old ids itself
      upsert.run(seq, r.deploymentId, r.patternId, r.version, r.status, r.triggeredBy, r.parentRunId, r.startedAt, r.finishedAt, r.durationMs, r.error === null ? null : JSON.stringify(r.error), triggerData, log ?? null);
    }
  });
  // Only outside Kysely's transactions (which await between statements on this same connection): a
  // write inside one would become part of it. Then saveRuns waits its turn through Kysely.
  const writeRuns = (runs: SavedRun[]) => {
    if (sqlite.inTransaction) return false;
    try { write(runs); } catch (e) { if (e === OLD_ID) return false; throw e; }
    return true;
  };
  const store = new KyselyStore(db, 'sqlite', async () => { await stopCheckpoints(); await db.destroy(); }, writeRuns);
  await store.migrate();
  return store;
}
