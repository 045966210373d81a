// Numbered migrations, run at start, written with Kysely's schema builder so the same steps serve
// SQLite and PostgreSQL. Never edit a released migration: add the next number.
import { sql, type Kysely, type Migration } from 'kysely';
import { summarize } from '../../pattern/summary.js';

const m001 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('kv')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .execute();
    await db.schema
      .createTable('patterns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('webhook_id', 'text', (c) => c.notNull().unique())
      .addColumn('webhook_secret', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('patterns_owner').on('patterns').columns(['owner_id', 'updated_at']).execute();
    await db.schema
      .createTable('deployments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pattern_id', 'text', (c) => c.notNull().unique().references('patterns.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('paused_reason', 'text')
      .addColumn('paused_by', 'text')
      .addColumn('paused_at', 'text')
      .addColumn('deployed_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('versions')
      .addColumn('pattern_id', 'text', (c) => c.notNull().references('patterns.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('compiler_version', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('versions_pk', ['pattern_id', 'version'])
      .execute();
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('deployment_id', 'text')
      .addColumn('pattern_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('triggered_by', 'text', (c) => c.notNull())
      .addColumn('parent_run_id', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('duration_ms', 'double precision')
      .addColumn('trigger_data', 'text')
      .addColumn('error', 'text')
      .execute();
    // "Newest 50 of a deployment" and its filters walk this index backwards, at any table size.
    await db.schema.createIndex('runs_deployment_started').on('runs').columns(['deployment_id', 'started_at', 'id']).execute();
    await db.schema.createIndex('runs_pattern_started').on('runs').columns(['pattern_id', 'started_at']).execute();
    await db.schema.createIndex('runs_started').on('runs').column('started_at').execute();
    await db.schema.createIndex('runs_status').on('runs').column('status').execute();
    await db.schema
      .createTable('run_logs')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('log', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('idempotency')
      .addColumn('pattern_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_pk', ['pattern_id', 'key'])
      .execute();
    await db.schema
      .createTable('queue')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('pattern_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_at', 'text')
      .execute();
    await db.schema.createIndex('queue_run_at').on('queue').columns(['run_at']).execute();
    await db.schema
      .createTable('audit')
      .addColumn('id', 'integer', (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity()))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('pattern_id', 'text')
      .addColumn('deployment_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('details', 'text')
      .execute();
    await db.schema.createIndex('audit_pattern').on('audit').columns(['pattern_id', 'at']).execute();
  },
});

// Listing with a filter must not fall back to scanning every run of every deployment
// (bench/history.mjs: 1.1 s for "newest 50 failed" with 1M runs before this).
const m002: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('runs_status').execute();
    await db.schema.createIndex('runs_running').on('runs').column('status').where('status', 'in', ['running', 'queued']).execute();
    await db.schema.createIndex('runs_deployment_status_started').on('runs').columns(['deployment_id', 'status', 'started_at', 'id']).execute();
    await db.schema.createIndex('runs_deployment_version_started').on('runs').columns(['deployment_id', 'version', 'started_at', 'id']).execute();
    await db.schema.createIndex('runs_deployment_trigger_started').on('runs').columns(['deployment_id', 'triggered_by', 'started_at', 'id']).execute();
  },
};

// Secrets, encrypted (AES-256-GCM) before they reach the database.
const m003: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('secrets')
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('iv', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('secrets_pk', ['owner_id', 'name'])
      .execute();
  },
};

// Execution history keyed by a time-ordered integer (store/run-ids.ts) with the node log in the same
// row: one B-tree append per run instead of random inserts into two text-keyed trees (the history
// write was most of a webhook request's cost, bench/README.md). Runs recorded before keep their ids
// in `legacy_id`; their seq is made from their start time by the same rule as new ones.
const m004 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .createTable('runs_v2')
        .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.primaryKey())
        .addColumn('legacy_id', 'text')
        .addColumn('deployment_id', 'text')
        .addColumn('pattern_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('triggered_by', 'text', (c) => c.notNull())
        .addColumn('parent_run_id', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('duration_ms', 'double precision')
        .addColumn('error', 'text')
        .addColumn('trigger_data', 'text')
        .addColumn('log', 'text')
        .execute();
      let last = 0;
      let after: { started_at: string; id: string } | undefined;
      for (;;) {
        let q = db
          .selectFrom('runs')
          .leftJoin('run_logs', 'run_logs.run_id', 'runs.id')
          .selectAll('runs')
          .select('run_logs.log')
          .orderBy('runs.started_at')
          .orderBy('runs.id')
          .limit(1000);
        if (after) {
          const a = after;
          q = q.where((e) => e.or([e('runs.started_at', '>', a.started_at), e.and([e('runs.started_at', '=', a.started_at), e('runs.id', '>', a.id)])]));
        }
        const rows = await q.execute();
        if (rows.length === 0) break;
        await db
          .insertInto('runs_v2')
          .values(
            rows.map((r: any) => {
              last = Math.max(last + 1, (Date.parse(r.started_at) || 0) * 1000);
              const { id, ...rest } = r;
              return { ...rest, seq: last, legacy_id: id, log: r.log ?? null };
            }),
          )
          .execute();
        after = rows[rows.length - 1] as unknown as { started_at: string; id: string };
      }
      await db.schema.dropTable('run_logs').execute();
      await db.schema.dropTable('runs').execute();
      await db.schema.alterTable('runs_v2').renameTo('runs').execute();
      // "Newest 50 of a deployment" walks this index backwards; health statistics take a seq range of it.
      await db.schema.createIndex('runs_deployment_seq').on('runs').columns(['deployment_id', 'seq']).execute();
      // "Newest 50 failed" must not walk every successful run (failures are rare).
      await db.schema.createIndex('runs_deployment_status_seq').on('runs').columns(['deployment_id', 'status', 'seq']).execute();
      await db.schema.createIndex('runs_running').on('runs').column('status').where('status', 'in', ['running', 'queued']).execute();
      await db.schema.createIndex('runs_legacy_id').on('runs').column('legacy_id').unique().where('legacy_id', 'is not', null).execute();
    }),
});

// Pattern search looks at descriptions too: a column of its own, filled from the documents.
const m005 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .alterTable('patterns')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      for (const p of (await db.selectFrom('patterns').select(['id', 'document']).execute()) as { id: string; document: string }[]) {
        const d = (JSON.parse(p.document) as { description?: unknown }).description;
        if (typeof d === 'string' && d) await db.updateTable('patterns').set({ description: d }).where('id', '=', p.id).execute();
      }
    }),
});

// "Newest failed" needs an index by status, but completed runs (nearly all) never use it: the index
// keeps only the others, which saves an index insert on almost every execution (~1 µs of a webhook
// request, bench/README.md). Lists of completed runs walk (deployment_id, seq) instead.
const m006 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema.dropIndex('runs_deployment_status_seq').ifExists().execute();
      await db.schema
        .createIndex('runs_deployment_not_completed')
        .ifNotExists()
        .on('runs')
        .columns(['deployment_id', 'status', 'seq'])
        .where(sql.ref('status'), '<>', sql.lit('completed'))
        .execute();
    }),
});

// Tokens that can be listed and revoked by their owner (GET/DELETE /api/tokens): when each was last
// used (kept to within an hour, so a request writes at most once an hour per token), and an index to
// list one user's tokens. A revoked token is deleted, so it is as unknown as one never issued.
const m007 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema.alterTable('tokens').addColumn('last_used_at', 'text').execute();
      await db.schema.createIndex('tokens_user_created').on('tokens').columns(['user_id', 'created_at']).execute();
    }),
});

// The queue's fairness and crash rules (triggers/queue.ts, store/fair.ts): each job knows its
// pattern's owner (claims cap running jobs per owner) and how many of its attempts crashed the
// process or worker running them (after `maxCrashAttempts` it is not run again). The claim counts
// running jobs per owner and pattern from the small partial index of claimed rows.
const m008 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .alterTable('queue')
        .addColumn('owner_id', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('queue')
        .addColumn('crashes', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db
        .updateTable('queue')
        .set({ owner_id: sql`coalesce((select p.owner_id from patterns p where p.id = queue.pattern_id), '')` })
        .execute();
      await db.schema
        .createIndex('queue_claimed')
        .on('queue')
        .columns(['owner_id', 'pattern_id', 'locked_at'])
        .where(sql.ref('locked_by'), 'is not', null)
        .execute();
    }),
});

// Each version keeps the callee interfaces it was compiled against (CallPattern), so compiling it
// again — after a restart, for a queued execution, for inspection — gives the same code whatever its
// callees became since, and needs no callee loaded first. Versions deployed before keep null (they
// compile against the callees live at the time, as before).
const m009 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema.alterTable('versions').addColumn('callees', 'text').execute();
    }),
});

// Pattern ids are chosen by their documents (SPEC §15: a file's `id` is kept when free for its
// owner), so an id once used stays its owner's: this table holds every pattern id ever created with
// its owner, and outlives the pattern's deletion (another user cannot take over the id a caller or a
// pattern file in git still names). Filled from the patterns there are.
const m010 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .createTable('pattern_ids')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .execute();
      await db
        .insertInto('pattern_ids')
        .columns(['id', 'owner_id'])
        .expression(db.selectFrom('patterns').select(['id', 'owner_id']))
        .execute();
    }),
});

// Costs flat in the number of deployments (issue 16). Each deployment keeps its owner and a summary
// of its live version (trigger, settings, callees: pattern/summary.ts), so start-up reads one narrow
// row per deployment and no document; the listings page through covering indexes (newest first,
// searched by name and description) instead of reading every document; the join from a deployment
// to its pattern's webhook reads an index, not the pattern's wide row. Filled from the live versions.
const m013 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema.alterTable('deployments').addColumn('owner_id', 'text').execute();
      await db.schema.alterTable('deployments').addColumn('summary', 'text').execute();
      for (let after = ''; ;) {
        const rows = await db
          .selectFrom('deployments')
          .innerJoin('patterns', 'patterns.id', 'deployments.pattern_id')
          .innerJoin('versions', (j) => j.onRef('versions.pattern_id', '=', 'deployments.pattern_id').onRef('versions.version', '=', 'deployments.version'))
          .select(['deployments.id', 'patterns.owner_id', 'versions.document'])
          .where('deployments.id', '>', after)
          .orderBy('deployments.id')
          .limit(500)
          .execute();
        if (rows.length === 0) break;
        for (const r of rows as { id: string; owner_id: string; document: string }[])
          await db
            .updateTable('deployments')
            .set({ owner_id: r.owner_id, summary: JSON.stringify(summarize(JSON.parse(r.document))) })
            .where('id', '=', r.id)
            .execute();
        after = (rows[rows.length - 1] as { id: string }).id;
      }
      await db.schema.createIndex('deployments_owner_deployed').on('deployments').columns(['owner_id', 'deployed_at', 'id']).execute();
      await db.schema.dropIndex('patterns_owner').execute();
      await db.schema.createIndex('patterns_owner_list').on('patterns').columns(['owner_id', 'updated_at', 'id', 'name', 'description', 'tags']).execute();
      await db.schema.createIndex('patterns_webhook').on('patterns').columns(['id', 'owner_id', 'webhook_id', 'webhook_secret']).execute();
    }),
});

// The schedule ledger (SPEC §6, §13): one row per (pattern, scheduled second), written before a tick
// runs. Its key is the arbiter: of several instances (or a redeploy racing a tick) only the insert that
// lands runs the tick. Each row says what became of the tick and which instance recorded it. The last
// fire of each schedule, kept in `kv` before, is copied in (catch-up reads the ledger).
const m014 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .createTable('schedule_ticks')
        .addColumn('pattern_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('schedule_ticks_pk', ['pattern_id', 'at'])
        .execute();
      await db.schema.createIndex('schedule_ticks_at').on('schedule_ticks').column('at').execute();
      const prefix = 'schedule:last:';
      const last = await db.selectFrom('kv').select(['key', 'value']).where('key', 'like', `${prefix}%`).execute();
      for (const r of last as { key: string; value: string }[])
        await db
          .insertInto('schedule_ticks')
          .values({ pattern_id: r.key.slice(prefix.length), at: r.value, outcome: 'fired', instance_id: '', recorded_at: r.value })
          .execute();
      await db.deleteFrom('kv').where('key', 'like', `${prefix}%`).execute();
    }),
});

// Connections (SPEC §14): an owner's saved credentials for an outside service, sealed (AES-256-GCM,
// src/accounts/secrets.ts) before they reach the database — the credential values in `credentials`,
// the OAuth tokens in `tokens`. `token_version` counts token writes: a refresh is claimed and written
// conditionally on it (src/connections/refresh.ts), with `refresh_holder`/`refresh_until` a lease so
// that of several processes needing a fresh token at once only one asks the provider. A pending OAuth
// authorization (the `state` of an authorization-code flow, kept by its SHA-256, and the sealed PKCE
// verifier) lives in `oauth_states` until its callback, so any instance can take the callback.
const m011 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('auth_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_message', 'text')
        .addColumn('credentials', 'text', (c) => c.notNull())
        .addColumn('tokens', 'text')
        .addColumn('token_version', 'integer', (c) => c.notNull())
        .addColumn('token_expires_at', 'text')
        .addColumn('refresh_holder', 'text')
        .addColumn('refresh_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('connections_owner').on('connections').columns(['owner_id', 'created_at']).execute();
      await db.schema
        .createTable('oauth_states')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('connection_id', 'text')
        .addColumn('verifier', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    }),
});

// Integration packs (SPEC §14, src/packs). `packs` holds the installed version of each slug;
// `pack_versions` every version ever installed, by the digest of its document, and is never pruned:
// a deployed version names the pack versions it was compiled with (`versions.packs`), so upgrading
// or deleting a pack never changes what a deployment runs until it is redeployed. 011 is kept for
// connections.
const m012 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .createTable('pack_versions')
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pack_versions_pk', ['slug', 'digest'])
        .execute();
      await db.schema
        .createTable('packs')
        .addColumn('slug', 'text', (c) => c.primaryKey())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('installed_by', 'text')
        .addColumn('installed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('versions').addColumn('packs', 'text').execute();
    }),
});

/** Several instances on one database (SPEC §13): each process registers a row, keeps `last_seen_at`
 * fresh (its lease), and holds one of 32 run-id slots while alive; a run records the instance that
 * ran it (`runs.instance`, the row's `n`: 4 bytes rather than the id's ~30). */
const m015 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema
        .createTable('instances')
        .addColumn('n', dialect === 'sqlite' ? 'integer' : 'serial', (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('stopped_at', 'text')
        .addColumn('reaped_at', 'text')
        .execute();
      await db.schema.createIndex('instances_last_seen').on('instances').column('last_seen_at').execute();
      await db.schema.alterTable('runs').addColumn('instance', 'integer').execute();
      // The few runs still running, by instance: what reaping a dead instance interrupts.
      await db.schema.createIndex('runs_running_instance').on('runs').columns(['instance', 'seq']).where(sql.ref('status'), '=', sql.lit('running')).execute();
    }),
});

/** Node versions (habit 10, issue 13): each version records the behaviour version of every built-in
 * node type it uses, so loading it after an upgrade that added a node version compiles the old one.
 * Versions kept before this used version 1 of everything (null). */
const m016 = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) =>
    atomically(dialect, db, async (db) => {
      await db.schema.alterTable('versions').addColumn('node_versions', 'text').execute();
    }),
});

/** Runs a migration in one transaction. PostgreSQL's migrator already wraps each migration in one;
 * on SQLite (no transactional DDL in Kysely's view, yet SQLite has it) a crash halfway through a
 * table rebuild would otherwise leave a database that no longer opens, or lose rows. */
function atomically(dialect: 'sqlite' | 'postgres', db: Kysely<any>, body: (db: Kysely<any>) => Promise<void>): Promise<void> {
  return dialect === 'sqlite' ? db.transaction().execute(body) : body(db);
}

export function migrations(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
    '001_initial': m001(dialect),
    '002_run_indexes': m002,
    '003_secrets': m003,
    '004_runs_seq': m004(dialect),
    '005_pattern_description': m005(dialect),
    '006_runs_status_partial': m006(dialect),
    '007_token_revocation': m007(dialect),
    '008_queue_owner_crashes': m008(dialect),
    '009_version_callees': m009(dialect),
    '010_pattern_ids': m010(dialect),
    '011_connections': m011(dialect),
    '012_packs': m012(dialect),
    '013_live_summary': m013(dialect),
    '014_schedule_ticks': m014(dialect),
    '015_instances': m015(dialect),
    '016_node_versions': m016(dialect),
  };
}
