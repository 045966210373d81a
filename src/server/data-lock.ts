// One `dragops serve` per SQLite data folder (SPEC §13). The rule is kept by the operating system,
// not by a pid file: the server holds a write transaction open on a small SQLite file in the folder,
// `dragops.lock`, for as long as it runs. SQLite takes that as a POSIX advisory lock (fcntl), which
// the kernel drops when the process ends, however it ends (kill -9 included), so a crashed holder
// never blocks the next start and a recycled pid never fakes a holder. The same file records the
// holder's pid, host and start time, which a second server prints before it exits.
//
// The lock is a RESERVED lock (`BEGIN IMMEDIATE` without writing): others may still read the file —
// that is how they learn the holder — but none can begin a write transaction of its own.
// Caveat: fcntl locks are only as good as the file system's; on a network file system (NFS, SMB)
// they may not hold across machines (docs/semantics.md, "One server per data folder").
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'dragops.lock';

export interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

/** A second server found the folder in use; `holder` is null when it could not be read. */
export class DataFolderInUse extends Error {
  constructor(
    readonly dir: string,
    readonly holder: Holder | null,
  ) {
    const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.startedAt})` : 'another process';
    super(
      `the data folder ${dir} is in use by ${who}: SQLite allows one dragops server per data folder. ` +
        `Stop that process${holder ? ` (kill ${holder.pid})` : ''}, or start this one with another --data folder ` +
        '(to run several instances, use PostgreSQL: --database-url).',
    );
  }
}

export interface DataLock {
  readonly file: string;
  /** Ends the transaction and closes the file: the next server may start. */
  release(): void;
}

/** How long one attempt waits for a lock that is changing hands (start-up races, not a holder). */
const BUSY_MS = 200;

const isBusy = (e: unknown) => (e as { code?: string }).code === 'SQLITE_BUSY';

/**
 * Takes the folder's lock, or throws DataFolderInUse naming the holder. Called before the database
 * is opened, so a second server opens nothing else and writes nothing (the lock file exists by then).
 * The returned lock must stay referenced while the server runs (a collected connection is closed).
 */
export function lockDataFolder(dir: string, self: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }): DataLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const db = new Database(file, { timeout: BUSY_MS });
  try {
    // Publishing the holder needs a commit, which lets the lock go for a moment; whoever holds the
    // transaction afterwards and finds its own row is the holder (two servers starting at the same
    // moment settle it in an attempt or two).
    for (let attempt = 0; attempt < 5; attempt++) {
      if (!begin(db)) break;
      db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)');
      db.prepare('INSERT OR REPLACE INTO holder (id, pid, host, started_at) VALUES (1, ?, ?, ?)').run(self.pid, self.host, self.startedAt);
      db.exec('COMMIT');
      if (!begin(db)) continue;
      const h = readHolder(db);
      if (h && h.pid === self.pid && h.host === self.host && h.startedAt === self.startedAt) {
        return {
          file,
          release: () => {
            if (!db.open) return;
            db.exec('ROLLBACK');
            db.close();
          },
        };
      }
      db.exec('ROLLBACK'); // another server wrote its row in between: it is the holder
    }
    throw new DataFolderInUse(resolve(dir), waitForHolder(db));
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    throw e;
  }
}

function begin(db: Database.Database): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (e) {
    if (isBusy(e)) return false;
    throw e;
  }
}

function readHolder(db: Database.Database): Holder | null {
  try {
    const r = db.prepare('SELECT pid, host, started_at AS startedAt FROM holder WHERE id = 1').get() as Holder | undefined;
    return r ?? null;
  } catch {
    return null; // no table yet (the holder is starting for the first time), or busy
  }
}

/** The holder as recorded; a row left by a dead process on this host (the holder is between taking
 * the lock and publishing itself) is read again for up to a second. */
function waitForHolder(db: Database.Database): Holder | null {
  let h: Holder | null = null;
  for (let i = 0; i < 10; i++) {
    h = readHolder(db);
    if (h && (h.host !== hostname() || alive(h.pid))) return h;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  return h;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'; // exists, owned by another user
  }
}
