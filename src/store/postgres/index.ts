import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { KyselyStore } from '../kysely-store.js';
import type { Tables } from '../schema.js';

/** The PostgreSQL store (`--database-url postgres://…`); `schema` isolates tests. Migrated on open. */
export async function openPostgresStore(url: string, opts: { schema?: string; max?: number } = {}): Promise<KyselyStore> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}) });
  if (opts.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`bad schema name ${opts.schema}`);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const store = new KyselyStore(db, 'postgres', () => db.destroy());
  // The migrator must look for its own tables in our schema only (another schema of the same
  // database may have them too).
  const schema = opts.schema ?? (await pool.query<{ s: string }>('select current_schema() as s')).rows[0]!.s;
  await store.migrate(schema);
  return store;
}
