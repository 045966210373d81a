import pg from 'pg';
import { Kysely, OperationNodeTransformer, PostgresDialect, type KyselyPlugin, type PrimitiveValueListNode, type ValueNode } from 'kysely';
import { KyselyStore } from '../kysely-store.js';
import type { Tables } from '../schema.js';
import { cleanNul } from './runs.js';

/** Every parameter through `cleanNul` (runs.ts): PostgreSQL text cannot hold U+0000. */
class NoNulTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const v = cleanNul(node.value);
    return v === node.value ? node : { ...node, value: v };
  }
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((v) => cleanNul(v) !== v) ? { ...node, values: node.values.map(cleanNul) } : node;
  }
}
const noNul: KyselyPlugin = {
  transformQuery: (args) => new NoNulTransformer().transformNode(args.node),
  transformResult: async (args) => args.result,
};

/** The PostgreSQL store (`--database-url postgres://…`); `schema` isolates tests. Migrated on open. */
export async function openPostgresStore(url: string, opts: { schema?: string; max?: number } = {}): Promise<KyselyStore> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}) });
  if (opts.schema && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`bad schema name ${opts.schema}`);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), plugins: [noNul] });
  const store = new KyselyStore(db, 'postgres', () => db.destroy());
  // Instances starting at the same moment on one database (SPEC §13) migrate one after the other:
  // a session lock held on a connection of its own while the schema is made and migrated.
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`dragops.migrate.${opts.schema ?? ''}`]);
    if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    // The migrator must look for its own tables in our schema only (another schema of the same
    // database may have them too).
    const schema = opts.schema ?? (await pool.query<{ s: string }>('select current_schema() as s')).rows[0]!.s;
    await store.migrate(schema);
  } catch (e) {
    lock.release();
    await db.destroy();
    throw e;
  }
  await lock.query('select pg_advisory_unlock(hashtext($1))', [`dragops.migrate.${opts.schema ?? ''}`]);
  lock.release();
  return store;
}
