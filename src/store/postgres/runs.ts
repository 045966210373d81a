// What the PostgreSQL store does its own way for execution history (the rest is store/kysely-store.ts).
import { sql, type Kysely } from 'kysely';

/** PostgreSQL text cannot hold U+0000 (the query fails: a 500 for an id like `%00` in a URL). A NUL in
 * a parameter becomes U+FFFD: lookups by such a value find nothing, stored text keeps the rest. */
export const cleanNul = (v: unknown): unknown => (typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v);

/** The columns of a run row, in the order the upsert writes them, with their PostgreSQL array types. */
const COLUMNS = [
  ['seq', 'bigint'],
  ['deployment_id', 'text'],
  ['pattern_id', 'text'],
  ['version', 'integer'],
  ['status', 'text'],
  ['triggered_by', 'text'],
  ['parent_run_id', 'text'],
  ['started_at', 'text'],
  ['finished_at', 'text'],
  ['duration_ms', 'double precision'],
  ['error', 'text'],
  ['trigger_data', 'text'],
  ['log', 'text'],
  ['instance', 'integer'],
] as const;
type RunColumn = (typeof COLUMNS)[number][0];

/** A batch of run rows as one upsert over `unnest`'ed column arrays: 14 parameters whatever the
 * batch's size, where a multi-row insert binds 14 per row (25–36% less time per batch of 200,
 * bench/README "Several instances"). `keep`: the condition an existing row is updated on (the same
 * rule as the generic upsert). */
export async function upsertRuns(db: Kysely<any>, rows: readonly Readonly<Record<RunColumn, unknown>>[], keep: string): Promise<void> {
  const names = sql.raw(COLUMNS.map(([c]) => c).join(', '));
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const arrays = sql.join(COLUMNS.map(([c, type]) => sql`${chunk.map((r) => cleanNul(r[c]))}::${sql.raw(type)}[]`));
    await sql`insert into runs (${names}) select * from unnest(${arrays})
      on conflict (seq) do update set status = excluded.status, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms,
        error = excluded.error, log = coalesce(excluded.log, runs.log), instance = excluded.instance
      where ${sql.raw(keep)}`.execute(db);
  }
}
