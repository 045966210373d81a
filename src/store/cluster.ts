// The instances sharing a database (SPEC §13), in SQL on Kysely for both databases (kysely-store.ts
// delegates here). Each process registers a row and renews `last_seen_at` (its lease); a row whose
// lease has run out, or that stopped, is reaped by whichever instance's conditional update lands
// first: that one interrupts the instance's executions that were not queued and puts its queue
// claims back (each a crash), exactly once. Nothing is taken from an instance whose lease is current.
import { sql, type Kysely } from 'kysely';
import type { Tables } from './schema.js';
import { seqOf, SLOTS } from './run-ids.js';
import type { InstanceRow, Reaped } from './types.js';

type Dialect = 'sqlite' | 'postgres';

const INTERRUPTED = JSON.stringify({
  code: 'INTERRUPTED',
  message: 'the instance running this execution stopped (its lease expired) before it ended',
  type: 'Interrupted',
  nodeId: null,
});

/** Registers an instance, giving it the lowest run-id slot no instance alive holds. Instances gone
 * (lease run out, stopped) are reaped first, so their slots are free. */
export async function register(
  db: Kysely<Tables>,
  dialect: Dialect,
  i: { id: string; host: string; pid: number; now: string },
): Promise<{ n: number; slot: number }> {
  return db.transaction().execute(async (tx) => {
    // Two instances starting at the same moment pick their slots one after the other (SQLite's
    // transactions are immediate: one writer).
    if (dialect === 'postgres') await sql`lock table instances in exclusive mode`.execute(tx);
    const held = new Set(
      (await tx.selectFrom('instances').select('slot').where('reaped_at', 'is', null).where('stopped_at', 'is', null).execute()).map((r) => Number(r.slot)),
    );
    let slot = 0;
    while (held.has(slot)) slot++;
    if (slot >= SLOTS)
      throw new Error(
        `${SLOTS} instances are registered as alive on this database; stop one, or wait until the lease of those that died has run out (GET /api/cluster lists them)`,
      );
    const r = await tx
      .insertInto('instances')
      .values({ id: i.id, host: i.host, pid: i.pid, slot, started_at: i.now, last_seen_at: i.now, stopped_at: null, reaped_at: null })
      .returning('n')
      .executeTakeFirstOrThrow();
    return { n: Number(r.n), slot };
  });
}

/** Renews an instance's lease; false when it was reaped meanwhile (its work is another's now). */
export async function heartbeat(db: Kysely<Tables>, n: number, now: string): Promise<boolean> {
  const r = await db.updateTable('instances').set({ last_seen_at: now }).where('n', '=', n).where('reaped_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function stop(db: Kysely<Tables>, n: number, now: string): Promise<void> {
  await db.updateTable('instances').set({ stopped_at: now, last_seen_at: now }).where('n', '=', n).where('stopped_at', 'is', null).execute();
}

/** Reaps every instance (but `self`) that stopped or was last seen before `cutoff`; with `legacy`
 * (at a start), also the work of processes no row knows (from before migration 015). */
export async function reap(db: Kysely<Tables>, now: string, cutoff: string, self: number | null, legacy: boolean): Promise<Reaped> {
  const out: Reaped = { instances: [], interrupted: 0, released: 0 };
  const gone = await db
    .selectFrom('instances')
    .select(['n', 'id'])
    .where('reaped_at', 'is', null)
    .where((e) => e.or([e('stopped_at', 'is not', null), e('last_seen_at', '<', cutoff)]))
    .$if(self !== null, (q) => q.where('n', '<>', self!))
    .execute();
  for (const g of gone) {
    const done = await db.transaction().execute(async (tx) => {
      // Only the update that lands reaps (several instances may try at once).
      const won = await tx
        .updateTable('instances')
        .set({ reaped_at: now })
        .where('n', '=', g.n)
        .where('reaped_at', 'is', null)
        .where((e) => e.or([e('stopped_at', 'is not', null), e('last_seen_at', '<', cutoff)]))
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) return undefined;
      return release(tx, now, { id: g.id, n: Number(g.n) });
    });
    if (done) {
      out.instances.push(g.id);
      out.interrupted += done.interrupted;
      out.released += done.released;
    }
  }
  if (legacy) {
    const old = await db.transaction().execute((tx) => release(tx, now, null));
    out.interrupted += old.interrupted;
    out.released += old.released;
  }
  return out;
}

/** Puts back the queue claims of `of` (null: of no known instance), each a crash, and interrupts its
 * running executions that were not queued (a queued one stays `running` until another instance runs
 * it again under the same id). */
async function release(db: Kysely<Tables>, now: string, of: { id: string; n: number } | null): Promise<{ interrupted: number; released: number }> {
  let claims = db.selectFrom('queue').select('run_id');
  claims = of
    ? claims.where('locked_by', '=', of.id)
    : claims.where('locked_by', 'is not', null).where('locked_by', 'not in', db.selectFrom('instances').select('id'));
  const queued = (await claims.execute()).map((r) => seqOf(r.run_id)).filter((s): s is number => s !== undefined);
  let put = db.updateTable('queue').set({ locked_by: null, locked_at: null, crashes: sql<number>`crashes + 1` });
  put = of ? put.where('locked_by', '=', of.id) : put.where('locked_by', 'is not', null).where('locked_by', 'not in', db.selectFrom('instances').select('id'));
  const released = Number((await put.executeTakeFirst()).numUpdatedRows);
  let runs = db.updateTable('runs').set({ status: 'interrupted', finished_at: now, error: INTERRUPTED }).where('status', '=', 'running');
  runs = of ? runs.where('instance', '=', of.n) : runs.where('instance', 'is', null);
  if (queued.length) runs = runs.where('seq', 'not in', queued);
  const interrupted = Number((await runs.executeTakeFirst()).numUpdatedRows);
  return { interrupted, released };
}

export async function list(db: Kysely<Tables>, since: string): Promise<InstanceRow[]> {
  const rows = await db
    .selectFrom('instances')
    .selectAll()
    .where((e) => e.or([e('last_seen_at', '>=', since), e.and([e('reaped_at', 'is', null), e('stopped_at', 'is', null)])]))
    .orderBy('started_at')
    .execute();
  return rows.map((r) => ({
    n: Number(r.n),
    id: r.id,
    host: r.host,
    pid: Number(r.pid),
    slot: Number(r.slot),
    startedAt: r.started_at,
    lastSeenAt: r.last_seen_at,
    stoppedAt: r.stopped_at,
    reapedAt: r.reaped_at,
  }));
}
