// One server per SQLite data folder (SPEC §13), with real processes (`node bin/dragops.js serve`): a
// second server on the same --data exits 1 within 5 s naming the holder's pid and writes nothing; a
// holder killed with SIGKILL blocks nobody. On PostgreSQL there is no such lock.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, request, sleep } from '../api/harness.js';
import { ensureBuilt, freePort, kill9, serve, type Child } from '../api/child.js';
import { dragops } from '../cli/spawn.js';

/** Every file of the folder and a digest of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return out;
}

/** The folder once the server has stopped writing to it (its start-up writes checkpointed). */
async function settled(dir: string): Promise<Record<string, string>> {
  let last = snapshot(dir);
  for (let i = 0; i < 40; i++) {
    await sleep(400);
    const now = snapshot(dir);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error('the data folder never settled');
}

const children: Child[] = [];
const folders: string[] = [];
beforeAll(() => {
  ensureBuilt();
}, 300_000);
afterAll(async () => {
  for (const c of children) await kill9(c);
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

describe('one server per SQLite data folder', () => {
  it('a second server on the same --data exits 1 within 5 s, naming the holder, and writes nothing; after a kill -9 the next one starts', async () => {
    const data = mkdtempSync(join(tmpdir(), 'dragops-lock-'));
    folders.push(data);
    const first = await serve(data, await freePort());
    children.push(first);
    const before = await settled(data);
    expect(Object.keys(before)).toContain('dragops.db');
    expect(Object.keys(before)).toContain('dragops.lock');

    const t0 = Date.now();
    const second = await dragops({ ...process.env, DRAGOPS_LOG_LEVEL: 'warn' }, 'serve', '--port', String(await freePort()), '--data', data);
    const took = Date.now() - t0;
    expect(second.code).toBe(1);
    expect(took).toBeLessThan(5000);
    expect(second.err).toContain(`in use by process ${first.proc.pid} `);
    expect(second.err).toContain(`kill ${first.proc.pid}`);
    expect(second.err).toContain('another --data folder');
    expect(second.out).not.toContain('serving on');
    // Nothing written, nothing created: not the database, its log, the key, nor the lock file.
    expect(snapshot(data)).toEqual(before);

    // The holder still serves.
    expect((await request(first.url, '/readyz')).status).toBe(200);

    // A crashed holder leaves its lock file behind but holds nothing: the operating system let go.
    await kill9(first);
    expect(existsSync(join(data, 'dragops.lock'))).toBe(true);
    const third = await serve(data, await freePort());
    children.push(third);
    expect((await request(third.url, '/readyz')).status).toBe(200);
    await kill9(third);
  }, 60_000);
});

describe('on PostgreSQL', () => {
  const schema = `lock_${Date.now().toString(36)}_${process.pid}`;
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('takes no folder lock: two servers given the same --data both run, each with its own instance id on /readyz and /metrics', async () => {
    const data = mkdtempSync(join(tmpdir(), 'dragops-lock-pg-'));
    folders.push(data);
    const args = ['--database-url', `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`];
    const a = await serve(data, await freePort(), args);
    children.push(a);
    const b = await serve(data, await freePort(), args);
    children.push(b);
    expect(existsSync(join(data, 'dragops.lock'))).toBe(false);
    const ids: string[] = [];
    for (const c of [a, b]) {
      const r = await request(c.url, '/readyz');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'ready', database: 'postgres' });
      ids.push(r.body.instanceId);
      const metrics = (await request(c.url, '/metrics')).text;
      expect(metrics).toContain(`dragops_queue_depth{instance="${r.body.instanceId}"} `);
    }
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids[0]).toContain(`:${a.proc.pid}:`);
    await kill9(a);
    await kill9(b);
  }, 60_000);
});
