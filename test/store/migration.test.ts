// Migration 004 (runs keyed by a time-ordered seq, the log in the row) keeps every run recorded
// before it: found by its old id, with its log, in the same order, and new ids come after them.
// On SQLite and on PostgreSQL: a database is brought to 003, filled the old way, then opened.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { seqOf } from '../../src/store/run-ids.js';
import type { Store } from '../../src/store/types.js';

const PG_URL = process.env.DRAGOPS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

const OLD = [0, 1, 2].map((i) => ({
  id: `run_${'abcdef0123456789'
    .repeat(2)
    .slice(i, i + 32)
    .padEnd(32, '0')}`,
  deployment_id: 'dep_old',
  pattern_id: 'pat_old',
  version: 1,
  status: i === 2 ? 'failed' : 'completed',
  triggered_by: 'webhook',
  parent_run_id: null,
  started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  finished_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i, 5)).toISOString(),
  duration_ms: 5,
  trigger_data: JSON.stringify({ body: { i } }),
  error: null,
}));
const OLD_LOG = {
  entries: [{ timestamp: '2026-01-01T00:00:00.000Z', nodeId: 'hook', nodeName: 'On Webhook', event: 'start', output: null }],
  dropped: 0,
  runs: { hook: 1 },
};

async function fillAt003(db: Kysely<any>, dialect: 'sqlite' | 'postgres', schema?: string) {
  const all = migrations(dialect);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const r = await migrator.migrateTo('003_secrets');
  if (r.error) throw r.error;
  await db.insertInto('runs').values(OLD).execute();
  await db
    .insertInto('run_logs')
    .values({ run_id: OLD[1]!.id, log: JSON.stringify(OLD_LOG) })
    .execute();
}

async function check(store: Store) {
  for (const o of OLD)
    expect(await store.getRun(o.id)).toMatchObject({ id: o.id, status: o.status, startedAt: o.started_at, triggerData: { body: { i: OLD.indexOf(o) } } });
  expect((await store.getRun(OLD[1]!.id))!.log).toEqual(OLD_LOG);
  expect((await store.getRun(OLD[0]!.id))!.log).toBeNull();
  const page = await store.listRuns('dep_old', { limit: 10, offset: 0 });
  expect(page.items.map((r) => r.id)).toEqual([...OLD].reverse().map((o) => o.id));
  expect((await store.listRuns('dep_old', { status: 'failed', limit: 10, offset: 0 })).items.map((r) => r.id)).toEqual([OLD[2]!.id]);
  expect(seqOf(store.newRunId())).toBeGreaterThan(Date.now() * 1000 - 60_000_000);
  // Old runs are pruned by their start time like new ones.
  expect(await store.pruneRuns('2026-01-01T00:00:01.500Z', 10)).toBe(2);
  expect(await store.getRun(OLD[2]!.id)).toBeDefined();
  expect(await store.getRun(OLD[0]!.id)).toBeUndefined();
}

describe('migration 004: runs recorded before it', () => {
  const stores: Store[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    const pool = new pg.Pool({ connectionString: PG_URL });
    for (const schema of schemas) await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  it('on SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dragops-mig-')), 'dragops.db');
    const raw = new Database(file);
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    await fillAt003(db, 'sqlite');
    await db.destroy();
    const store = await openSqliteStore(file);
    stores.push(store);
    await check(store);
  });

  it('on PostgreSQL', async () => {
    const schema = `mig_${Date.now().toString(36)}_${process.pid}`;
    const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    await fillAt003(db, 'postgres', schema);
    await db.destroy();
    const store = await openPostgresStore(PG_URL, { schema });
    stores.push(store);
    await check(store);
  });
});

describe('migration 006: the status index keeps only runs that did not complete', () => {
  it('on SQLite, and a start after it stopped halfway (old index dropped, 006 not recorded) still opens', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dragops-m006-')), 'db.sqlite');
    // Up to 006 only: a crash in 006 means nothing after it ran either.
    const k = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    const migrated = await new Migrator({ db: k, provider: { getMigrations: async () => migrations('sqlite') } }).migrateTo('006_runs_status_partial');
    if (migrated.error) throw migrated.error;
    await k.destroy();
    const d = new Database(file);
    const indexes = () =>
      (d.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'runs'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes()).toContain('runs_deployment_not_completed');
    expect(indexes()).not.toContain('runs_deployment_status_seq');
    d.exec("drop index runs_deployment_not_completed; delete from kysely_migration where name = '006_runs_status_partial'");
    d.close();
    const s = await openSqliteStore(file);
    await s.close();
    const again = new Database(file);
    expect((again.prepare("select sql from sqlite_master where name = 'runs_deployment_not_completed'").get() as { sql: string }).sql).toMatch(
      /where "status" <> 'completed'/i,
    );
    again.close();
  });
});

describe('migration 007: tokens issued before it keep working, and can be listed and revoked', () => {
  const token = { id: 'tok_old', user_id: 'usr_old', hash: 'hash_old', name: 'cli', kind: 'api', created_at: '2026-01-01T00:00:00.000Z', expires_at: null };
  async function fillAt006(db: Kysely<any>, dialect: 'sqlite' | 'postgres', schema?: string) {
    const r = await new Migrator({
      db,
      provider: { getMigrations: async () => migrations(dialect) },
      ...(schema ? { migrationTableSchema: schema } : {}),
    }).migrateTo('006_runs_status_partial');
    if (r.error) throw r.error;
    await db
      .insertInto('users')
      .values({ id: 'usr_old', email: 'old@example.test', name: 'Old', role: 'admin', password_hash: 'x', created_at: token.created_at })
      .execute();
    await db.insertInto('tokens').values(token).execute();
  }
  async function check(store: Store) {
    const now = new Date().toISOString();
    expect((await store.findToken('hash_old', now))?.token).toEqual({
      id: 'tok_old',
      userId: 'usr_old',
      name: 'cli',
      kind: 'api',
      createdAt: token.created_at,
      expiresAt: null,
      lastUsedAt: null,
    });
    expect((await store.listTokens('usr_old', now)).map((t) => t.id)).toEqual(['tok_old']);
    expect(await store.deleteToken('usr_old', 'tok_old')).toBe(true);
    expect(await store.findToken('hash_old', now)).toBeUndefined();
    await store.close();
  }

  it('on SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dragops-m007-')), 'dragops.db');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await fillAt006(db, 'sqlite');
    await db.destroy();
    await check(await openSqliteStore(file));
  });

  it('on PostgreSQL', async () => {
    const schema = `m007_${Date.now().toString(36)}_${process.pid}`;
    const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    try {
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
      await fillAt006(db, 'postgres', schema);
      await db.destroy();
      await check(await openPostgresStore(PG_URL, { schema }));
    } finally {
      const p = new pg.Pool({ connectionString: PG_URL });
      await p.query(`DROP SCHEMA ${schema} CASCADE`);
      await p.end();
    }
  });
});

describe('migration 008: queued jobs learn their owner', () => {
  async function fillBefore(db: Kysely<any>, dialect: 'sqlite' | 'postgres', schema?: string) {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) }, ...(schema ? { migrationTableSchema: schema } : {}) });
    const r = await migrator.migrateTo('007_token_revocation');
    if (r.error) throw r.error;
    const at = new Date().toISOString();
    await db.insertInto('users').values({ id: 'usr_q', email: 'q@example.test', name: 'Q', role: 'user', password_hash: 'x', created_at: at }).execute();
    await db
      .insertInto('patterns')
      .values({
        id: 'pat_q',
        owner_id: 'usr_q',
        name: 'q',
        tags: '[]',
        document: '{}',
        webhook_id: 'wh_q',
        webhook_secret: 's',
        revision: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const row = { run_id: 'run_00000000000000aa', version: 1, event: '{"body":1}', attempts: 1, run_at: at, locked_by: null, locked_at: null };
    await db
      .insertInto('queue')
      .values([
        { ...row, id: 'job_q', pattern_id: 'pat_q' },
        { ...row, id: 'job_orphan', pattern_id: 'pat_gone' },
      ])
      .execute();
  }
  async function check(store: Store) {
    const jobs = await store.claimJobs('w', new Date().toISOString(), 10, { perOwner: 10, perDeployment: 10 });
    expect(jobs.map((j) => [j.id, j.ownerId, j.crashes, j.attempts]).sort()).toEqual([
      ['job_orphan', '', 0, 2],
      ['job_q', 'usr_q', 0, 2],
    ]);
    await store.close();
  }

  it('on SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dragops-m008-')), 'db.sqlite');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await fillBefore(db, 'sqlite');
    await db.destroy();
    await check(await openSqliteStore(file));
  });

  it('on PostgreSQL', async () => {
    const schema = `m008_${Date.now().toString(36)}_${process.pid}`;
    const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    try {
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
      await fillBefore(db, 'postgres', schema);
      await db.destroy();
      await check(await openPostgresStore(PG_URL, { schema }));
    } finally {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  });
});

describe("migration 010: the ids of patterns made before it stay their owners'", () => {
  async function fillBefore(db: Kysely<any>, dialect: 'sqlite' | 'postgres', schema?: string) {
    const r = await new Migrator({
      db,
      provider: { getMigrations: async () => migrations(dialect) },
      ...(schema ? { migrationTableSchema: schema } : {}),
    }).migrateTo('009_version_callees');
    if (r.error) throw r.error;
    const at = new Date().toISOString();
    await db
      .insertInto('users')
      .values([
        { id: 'usr_a', email: 'a@example.test', name: 'A', role: 'user', password_hash: 'x', created_at: at },
        { id: 'usr_b', email: 'b@example.test', name: 'B', role: 'user', password_hash: 'x', created_at: at },
      ])
      .execute();
    await db
      .insertInto('patterns')
      .values({
        id: 'pat_old',
        owner_id: 'usr_a',
        name: 'old',
        tags: '[]',
        document: '{"format":"dragops.pattern/1","nodes":[],"wires":[]}',
        webhook_id: 'wh_old',
        webhook_secret: 's',
        revision: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  async function check(store: Store) {
    const at = new Date().toISOString();
    const record = (ownerId: string) => ({
      id: 'pat_old',
      ownerId,
      document: { format: 'dragops.pattern/1' as const, nodes: [], wires: [] },
      webhookId: `wh_${ownerId}`,
      webhookSecret: 's',
      revision: 1,
      createdAt: at,
      updatedAt: at,
    });
    await store.deletePattern('pat_old');
    expect(await store.createPattern(record('usr_b'))).toBe(false);
    expect(await store.createPattern(record('usr_a'))).toBe(true);
    await store.close();
  }

  it('on SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dragops-m010-')), 'db.sqlite');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await fillBefore(db, 'sqlite');
    await db.destroy();
    await check(await openSqliteStore(file));
  });

  it('on PostgreSQL', async () => {
    const schema = `m010_${Date.now().toString(36)}_${process.pid}`;
    const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    try {
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
      await fillBefore(db, 'postgres', schema);
      await db.destroy();
      await check(await openPostgresStore(PG_URL, { schema }));
    } finally {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  });
});

describe('migration 013: deployments made before it get their owner and summary (start-up reads no document)', () => {
  const doc = {
    format: 'dragops.pattern/1',
    name: 'old deployed',
    settings: { retries: 2 },
    nodes: [
      { id: 'hook', type: 'OnWebhook', config: { path: 'x' } },
      { id: 'call', type: 'CallPattern', config: { pattern: 'pat_callee' } },
    ],
    wires: [],
  };
  async function fillBefore(db: Kysely<any>, dialect: 'sqlite' | 'postgres', schema?: string) {
    const r = await new Migrator({
      db,
      provider: { getMigrations: async () => migrations(dialect) },
      ...(schema ? { migrationTableSchema: schema } : {}),
    }).migrateTo('010_pattern_ids');
    if (r.error) throw r.error;
    const at = new Date().toISOString();
    await db.insertInto('users').values({ id: 'usr_a', email: 'a@example.test', name: 'A', role: 'user', password_hash: 'x', created_at: at }).execute();
    const pattern = { owner_id: 'usr_a', tags: '[]', webhook_secret: 's', revision: 1, created_at: at, updated_at: at };
    await db
      .insertInto('patterns')
      .values([
        { ...pattern, id: 'pat_old', name: 'old deployed', document: JSON.stringify(doc), webhook_id: 'wh_old' },
        { ...pattern, id: 'pat_callee', name: 'callee', document: '{"format":"dragops.pattern/1","nodes":[],"wires":[]}', webhook_id: 'wh_callee' },
      ])
      .execute();
    await db
      .insertInto('versions')
      .values({ pattern_id: 'pat_old', version: 1, document: JSON.stringify(doc), compiler_version: 1, note: null, created_by: 'usr_a', created_at: at })
      .execute();
    await db
      .insertInto('deployments')
      .values({
        id: 'dep_old',
        pattern_id: 'pat_old',
        status: 'paused',
        version: 1,
        paused_reason: 'by hand',
        paused_by: 'user',
        paused_at: at,
        deployed_at: at,
        updated_at: at,
      })
      .execute();
  }
  async function check(store: Store) {
    const [live] = await store.liveVersions();
    expect(live).toMatchObject({
      deployment: { id: 'dep_old', status: 'paused', version: 1 },
      pattern: { id: 'pat_old', ownerId: 'usr_a', webhookId: 'wh_old', webhookSecret: 's' },
      summary: { trigger: { type: 'OnWebhook', nodeId: 'hook', config: { path: 'x' } }, settings: { retries: 2 }, callees: ['pat_callee'] },
    });
    const page = await store.listDeployments('usr_a', { search: 'DEPLOYED', limit: 10, offset: 0 });
    expect(page.items).toMatchObject([{ id: 'dep_old', patternName: 'old deployed', trigger: 'OnWebhook', ownerId: 'usr_a' }]);
    expect(page.total).toBe(1);
    await store.close();
  }

  it('on SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dragops-m013-')), 'db.sqlite');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await fillBefore(db, 'sqlite');
    await db.destroy();
    await check(await openSqliteStore(file));
  });

  it('on PostgreSQL', async () => {
    const schema = `m013_${Date.now().toString(36)}_${process.pid}`;
    const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    try {
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
      await fillBefore(db, 'postgres', schema);
      await db.destroy();
      await check(await openPostgresStore(PG_URL, { schema }));
    } finally {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  });
});
