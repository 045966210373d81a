// The data folder's lock, in one process (SQLite's locks also hold between connections of one
// process). Between processes, and after a kill -9: test/deploy/data-lock.test.ts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder, LOCK_FILE } from './data-lock.js';

const dirs: string[] = [];
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'dragops-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const me = (startedAt: string) => ({ pid: process.pid, host: hostname(), startedAt });

describe('lockDataFolder', () => {
  it('lets one holder in and names it to the next, until it lets go', () => {
    const dir = folder();
    const first = lockDataFolder(dir, me('2025-01-01T00:00:00.000Z'));
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    let err: unknown;
    try {
      lockDataFolder(dir, me('2025-01-01T00:00:01.000Z'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFolderInUse);
    expect((err as DataFolderInUse).holder).toEqual(me('2025-01-01T00:00:00.000Z'));
    expect((err as Error).message).toContain(`in use by process ${process.pid}`);
    expect((err as Error).message).toContain('another --data folder');
    first.release();
    first.release(); // twice is harmless
    const second = lockDataFolder(dir, me('2025-01-01T00:00:02.000Z'));
    second.release();
  });

  it('creates the folder when it does not exist', () => {
    const dir = join(folder(), 'new', 'data');
    lockDataFolder(dir).release();
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it('answers a contender within a second', () => {
    const dir = folder();
    const held = lockDataFolder(dir);
    const t0 = Date.now();
    expect(() => lockDataFolder(dir, me('later'))).toThrow(DataFolderInUse);
    expect(Date.now() - t0).toBeLessThan(1000);
    held.release();
  });
});
