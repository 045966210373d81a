import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';
import { KEEP, KyselyStore } from '../kysely-store.js';
import { seqOf } from '../run-ids.js';
import type { SavedRun, ScheduleTick } from '../types.js';
import type { Tables } from '../schema.js';

// WAL checkpoints (copying the log into the database file, then fsync) are the costly part of
// SQLite writes, and SQLite runs them inside the commit that crosses the threshold: on the event
// loop, under load, every few hundred executions. Here a worker thread with its own connection runs
// them instead, every CHECKPOINT_MS, so commits on the event loop only append to the log.
// The same worker gives the pages that retention freed back to the file system (the file has
// auto_vacuum = INCREMENTAL): asked with 'reclaim', it runs incremental_vacuum VACUUM_PAGES pages
// at a time, one step per tick, until the free list is empty — each step holds the write lock for
// a few milliseconds only, so requests writing their history never wait long.
const CHECKPOINT_MS = 500;
const VACUUM_PAGES = 1024;
/** The write-ahead log is restarted and cut back when it grows past this. */
const WAL_LIMIT = 32 * 1024 * 1024;
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let reclaiming = false;
const { statSync } = require('node:fs');
const walSize = () => { try { return statSync(workerData.file + '-wal').size; } catch { return 0; } };
const timer = setInterval(() => {
  try {
    // Under a steady stream of writes a passive checkpoint never catches up with the log's end, so
    // the log is never restarted and keeps growing; past the limit it is restarted and truncated
    // (writers wait the few milliseconds left of copying: most frames are already copied).
    db.pragma(walSize() > workerData.walLimit ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)');
    if (reclaiming) {
      db.pragma('incremental_vacuum(' + workerData.vacuumPages + ')');
      reclaiming = db.pragma('freelist_count', { simple: true }) > 0;
    }
  } catch (e) { parentPort.postMessage(String(e && e.message || e)); }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'reclaim') { reclaiming = true; return; }
  clearInterval(timer); try { db.pragma('wal_checkpoint(TRUNCATE)'); db.close(); } catch {} parentPort.close();
});
`;

function startCheckpointer(sqlite: Database.Database, file: string): { stop: () => Promise<void>; reclaim: () => void } {
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: {
      file,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      everyMs: CHECKPOINT_MS,
      vacuumPages: VACUUM_PAGES,
      walLimit: WAL_LIMIT,
    },
  });
  worker.unref();
  let failed = false;
  const fallBack = () => {
    if (!failed) {
      failed = true;
      sqlite.pragma('wal_autocheckpoint = 1000');
    }
  };
  worker.on('error', fallBack);
  worker.on('message', () => {}); // a failed checkpoint is retried at the next tick
  worker.on('exit', fallBack);
  sqlite.pragma('wal_autocheckpoint = 0');
  return {
    reclaim: () => {
      if (!failed) worker.postMessage('reclaim');
    },
    stop: () =>
      new Promise<void>((done) => {
        if (failed) return done();
        worker.ref(); // closing waits for it (unref'd, the process could end first)
        worker.once('exit', () => done());
        worker.postMessage('stop');
      }),
  };
}

/** Files created before incremental vacuum was set (it takes a full VACUUM to switch) are switched
 * at open when smaller than this; larger ones are left as they are, with a message saying how. */
const SWITCH_VACUUM_BYTES = 512 * 1024 * 1024;

/** Sets auto_vacuum = INCREMENTAL: on a new file before its first table, else by a full VACUUM. */
function incrementalVacuum(sqlite: Database.Database, file: string): void {
  if (sqlite.pragma('auto_vacuum', { simple: true }) === 2) return;
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  if (sqlite.pragma('auto_vacuum', { simple: true }) === 2) return; // a new file: set
  const bytes = file === ':memory:' ? 0 : statSync(file).size;
  if (bytes > SWITCH_VACUUM_BYTES) {
    process.emitWarning(
      `${file} (${Math.round(bytes / 1048576)} MB) does not give space freed by retention back to the disk; stop the server and run: sqlite3 ${file} 'PRAGMA auto_vacuum = INCREMENTAL; VACUUM;'`,
    );
    return;
  }
  sqlite.exec('VACUUM'); // applies the setting (rewrites the file once)
}

/** Transactions begin IMMEDIATE: they take the write lock first, waiting for it (busy_timeout) if the
 * checkpoint thread holds it. A deferred transaction that reads, then writes, cannot wait: SQLite
 * answers "database is locked" at once when the checkpointer restarted the log or vacuums meanwhile
 * (seen as concurrent deploys failing after a load, bench/scale.mjs). */
class ImmediateDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
class ImmediateDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver() {
    return new ImmediateDriver(this.settings);
  }
}

/** Thrown inside the history write when a run has an id from before migration 004. */
const OLD_ID = new Error('a run id from before migration 004');

/** The embedded store: one SQLite file (WAL) in the data folder, or ':memory:'. Migrated on open. */
export async function openSqliteStore(file: string): Promise<KyselyStore> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  incrementalVacuum(sqlite, file);
  sqlite.pragma('journal_mode = WAL');
  // The log file is cut back to this when restarted (else it keeps its largest size).
  sqlite.pragma(`journal_size_limit = ${WAL_LIMIT}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new ImmediateDialect({ database: sqlite }) });
  const checkpoints = file === ':memory:' ? { stop: async () => {}, reclaim: () => {} } : startCheckpointer(sqlite, resolve(file));
  // Execution history is the one write of every request: a prepared statement in one transaction
  // per batch, not a query built per batch.
  let upsert: Database.Statement | undefined;
  const write = sqlite.transaction((runs: SavedRun[], instance: number | null) => {
    upsert ??=
      sqlite.prepare(`insert into runs (seq, deployment_id, pattern_id, version, status, triggered_by, parent_run_id, started_at, finished_at, duration_ms, error, trigger_data, log, instance)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (seq) do update set status = excluded.status, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, error = excluded.error, log = coalesce(excluded.log, runs.log), instance = excluded.instance
      where ${KEEP}`);
    for (let i = 0; i < runs.length; i++) {
      const { run: r, triggerData, log } = runs[i]!;
      const seq = seqOf(r.id);
      if (seq === undefined) throw OLD_ID; // rolls the batch back: saveRuns resolves old ids itself
      upsert.run(
        seq,
        r.deploymentId,
        r.patternId,
        r.version,
        r.status,
        r.triggeredBy,
        r.parentRunId,
        r.startedAt,
        r.finishedAt,
        r.durationMs,
        r.error === null ? null : JSON.stringify(r.error),
        triggerData,
        log ?? null,
        instance,
      );
    }
  });
  // Only outside Kysely's transactions (which await between statements on this same connection): a
  // write inside one would become part of it. Then saveRuns waits its turn through Kysely.
  const writeRuns = (runs: SavedRun[], instance: number | null) => {
    if (sqlite.inTransaction) return false;
    try {
      write.immediate(runs, instance);
    } catch (e) {
      if (e === OLD_ID) return false;
      throw e;
    }
    return true;
  };
  // The schedule ledger: 10,000 ticks due in one second are one transaction of prepared inserts
  // (a row already there is left alone, and `changes` says which this call recorded).
  let insertTick: Database.Statement | undefined;
  const ticks = sqlite.transaction((rows: ScheduleTick[]) => {
    insertTick ??= sqlite.prepare(
      'insert into schedule_ticks (pattern_id, at, outcome, instance_id, recorded_at) values (?, ?, ?, ?, ?) on conflict do nothing',
    );
    const won: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const t = rows[i]!;
      if (insertTick.run(t.patternId, t.at, t.outcome, t.instanceId, t.recordedAt).changes === 1) won.push(i);
    }
    return won;
  });
  const writeTicks = (rows: ScheduleTick[]) => (sqlite.inTransaction ? undefined : ticks.immediate(rows));
  const store = new KyselyStore(
    db,
    'sqlite',
    async () => {
      await checkpoints.stop();
      await db.destroy();
    },
    writeRuns,
    checkpoints.reclaim,
    writeTicks,
  );
  await store.migrate();
  return store;
}
