// The durable queue of accepted `immediate` executions and the webhook idempotency keys, in SQL on
// Kysely for both databases (kysely-store.ts delegates here). What two claimers could race on is
// decided in SQL: a key by its primary key (ON CONFLICT DO NOTHING) in the enqueue's own
// transaction; a job by `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer) and an update
// conditional on the job being unclaimed. A job is claimed by an instance (`locked_by` = its id);
// the claims of an instance that died are put back when it is reaped (store/cluster.ts).
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './schema.js';
import type { ClaimRules, KeyClaim, QueuedJob } from './types.js';
import { pickFair } from './fair.js';
import { eventFromJson, eventToJson } from '../pattern/binary-json.js';

type Db = Kysely<Tables> | Transaction<Tables>;
type Dialect = 'sqlite' | 'postgres';

/** How many of the oldest ready jobs a claim looks at (those of owners and deployments at their cap
 * are not among them). */
const WINDOW = 256;
/** Keys up to this length are stored as sent; a longer one as `sha256:` + its hash (71 characters),
 * so that two long keys differing anywhere are two keys. A stored key of a short one can never be
 * mistaken for a long one's: only a key longer than KEY_CHARS is hashed, and no short key's text
 * equals a hash without knowing the long key it hashes. */
const KEY_CHARS = 200;

export const storedKey = (key: string): string => (key.length <= KEY_CHARS ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`);

/** The first caller of (pattern, key) since `since` wins (null); others get the winner's run id. */
export async function claimKey(tx: Transaction<Tables>, patternId: string, key: string, runId: string, now: string, since: string): Promise<string | null> {
  const k = storedKey(key);
  // An expired key is released first, then the insert decides who is first.
  await tx.deleteFrom('idempotency').where('pattern_id', '=', patternId).where('key', '=', k).where('created_at', '<', since).execute();
  const ins = await tx
    .insertInto('idempotency')
    .values({ pattern_id: patternId, key: k, run_id: runId, created_at: now })
    .onConflict((c) => c.columns(['pattern_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) > 0) return null;
  const r = await tx.selectFrom('idempotency').select('run_id').where('pattern_id', '=', patternId).where('key', '=', k).executeTakeFirst();
  return r?.run_id ?? null;
}

export async function releaseKey(db: Db, patternId: string, key: string, runId: string): Promise<void> {
  await db.deleteFrom('idempotency').where('pattern_id', '=', patternId).where('key', '=', storedKey(key)).where('run_id', '=', runId).execute();
}

export async function enqueue(db: Kysely<Tables>, job: QueuedJob, key?: KeyClaim): Promise<string | null> {
  // Written out before anything is claimed: an event that cannot be (it cannot after the webhook's
  // checks) fails the request with nothing done.
  const row = {
    id: job.id,
    run_id: job.runId,
    pattern_id: job.patternId,
    owner_id: job.ownerId,
    version: job.version,
    event: eventToJson(job.event),
    attempts: job.attempts,
    crashes: job.crashes,
    run_at: job.runAt,
    locked_by: null,
    locked_at: null,
  };
  if (!key) {
    await db.insertInto('queue').values(row).execute();
    return null;
  }
  // The key and the job in one transaction: a request either gets its execution queued, or claims
  // nothing (a failed insert, a crash in between) and can be sent again.
  return db.transaction().execute(async (tx) => {
    const first = await claimKey(tx, job.patternId, key.key, job.runId, key.now, key.since);
    if (first !== null) return first;
    await tx.insertInto('queue').values(row).execute();
    return null;
  });
}

const jobOf = (r: Tables['queue']): QueuedJob => ({
  id: r.id,
  runId: r.run_id,
  patternId: r.pattern_id,
  ownerId: r.owner_id,
  version: Number(r.version),
  event: eventFromJson(r.event),
  attempts: Number(r.attempts),
  crashes: Number(r.crashes),
  runAt: r.run_at,
});

export async function claimJobs(db: Kysely<Tables>, dialect: Dialect, workerId: string, now: string, limit: number, rules: ClaimRules): Promise<QueuedJob[]> {
  if (limit <= 0) return [];
  return db.transaction().execute(async (tx) => {
    // Running jobs per owner and per pattern (the partial index of claimed rows: a few rows). On
    // PostgreSQL two instances claiming at the same moment both count before either commits, so a
    // cap can be passed by what the others claim in that moment; it holds again as jobs end.
    const held = await tx
      .selectFrom('queue')
      .select(['owner_id', 'pattern_id', (e) => e.fn.countAll<number>().as('n')])
      .where('locked_by', 'is not', null)
      .groupBy(['owner_id', 'pattern_id'])
      .execute();
    const byOwner = new Map<string, number>(),
      byPattern = new Map<string, number>();
    for (const h of held) {
      byOwner.set(h.owner_id, (byOwner.get(h.owner_id) ?? 0) + Number(h.n));
      byPattern.set(h.pattern_id, (byPattern.get(h.pattern_id) ?? 0) + Number(h.n));
    }
    const fullOwners = [...byOwner].filter(([, n]) => n >= rules.perOwner).map(([k]) => k);
    const fullPatterns = [...byPattern].filter(([, n]) => n >= rules.perDeployment).map(([k]) => k);
    let pick = tx.selectFrom('queue').select(['id', 'owner_id', 'pattern_id']).where('run_at', '<=', now).where('locked_by', 'is', null);
    if (fullOwners.length) pick = pick.where('owner_id', 'not in', fullOwners);
    if (fullPatterns.length) pick = pick.where('pattern_id', 'not in', fullPatterns);
    if (rules.minCrashes !== undefined) pick = pick.where('crashes', '>=', rules.minCrashes);
    pick = pick
      .orderBy('run_at')
      .orderBy('id')
      .limit(Math.max(WINDOW, limit * 4));
    // Rows another instance is claiming are skipped, not waited for.
    if (dialect === 'postgres') pick = pick.forUpdate().skipLocked();
    const candidates = (await pick.execute()).map((r) => ({ id: r.id, ownerId: r.owner_id, patternId: r.pattern_id }));
    const ids = pickFair(candidates, byOwner, byPattern, rules, limit);
    if (ids.length === 0) return [];
    // Each claim is an attempt.
    await tx
      .updateTable('queue')
      .set({ locked_by: workerId, locked_at: now, attempts: sql<number>`attempts + 1` })
      .where('id', 'in', ids)
      .where('locked_by', 'is', null)
      .execute();
    const rows = await tx.selectFrom('queue').selectAll().where('id', 'in', ids).where('locked_by', '=', workerId).where('locked_at', '=', now).execute();
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows.map(jobOf).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  });
}

export async function releaseJobs(db: Db, workerId: string): Promise<number> {
  const r = await db
    .updateTable('queue')
    .set({ locked_by: null, locked_at: null, attempts: sql<number>`attempts - 1` })
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function retryJob(db: Db, id: string, runAt: string, crashed: boolean): Promise<void> {
  await db
    .updateTable('queue')
    .set({ run_at: runAt, locked_by: null, locked_at: null, ...(crashed ? { crashes: sql<number>`crashes + 1` } : {}) })
    .where('id', '=', id)
    .execute();
}
