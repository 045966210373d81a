// The Store on Kysely: one implementation for SQLite and PostgreSQL. Rules that two processes could
// race on are expressed in SQL (unique keys, conditional updates, ON CONFLICT, SKIP LOCKED).
import { Kysely, Migrator, sql, type Migration, type SelectQueryBuilder } from 'kysely';
import type { Tables } from './schema.js';
import { migrations } from './migrations/index.js';
import { COUNT_CAP } from './types.js';
import type {
  PackRecord,
  PackVersionRecord,
  AuditEntry,
  ClaimRules,
  ConnectionRecord,
  ConnectionStatus,
  DeploymentRecord,
  DeploymentStatus,
  KeyClaim,
  OAuthStateRecord,
  Page,
  PatternRecord,
  QueuedJob,
  RunFilter,
  ScheduleTick,
  RunRecord,
  SavedRun,
  SealedValue,
  Store,
  Token,
  User,
  UserWithSecret,
  VersionRecord,
} from './types.js';
import type { PatternDocument } from '../pattern/schema.js';
import { summarize, type VersionSummary } from '../pattern/summary.js';
import { idOf, RunIds, seqAt, seqOf, SLOTS } from './run-ids.js';
import * as cluster from './cluster.js';
import { upsertRuns } from './postgres/runs.js';
import { expandLog } from '../history/node-log.js';
import * as jobs from './jobs.js';

type Row<T extends keyof Tables> = Tables[T];
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = <T>(s: string | null): T => (s === null ? null : JSON.parse(s)) as T;

function oauthState(r: Tables['oauth_states']): OAuthStateRecord {
  return {
    stateHash: r.state_hash,
    ownerId: r.owner_id,
    provider: r.provider,
    displayName: r.display_name,
    connectionId: r.connection_id,
    verifier: parse<SealedValue>(r.verifier),
    redirectUri: r.redirect_uri,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

/** One page of a filtered listing and how many match, from one scan: the total rides on each row
 * (`count(*) over ()`, issue 16: a search over 100,000 rows scanned them twice); a page past the
 * last match has no row to carry it, so then it is counted apart. */
async function pageAndTotal(rows: Promise<{ id: string; n: unknown }[]>, count: () => Promise<{ n: unknown }>): Promise<{ ids: string[]; n: number }> {
  const page = await rows;
  return { ids: page.map((r) => r.id), n: Number(page.length > 0 ? page[0]!.n : (await count()).n) };
}
const countOver = sql<number>`count(*) over ()`.as('n');

const user = (r: Row<'users'>): User => ({ id: r.id, email: r.email, name: r.name, role: r.role as User['role'], createdAt: r.created_at });
const pattern = (r: Row<'patterns'>): PatternRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  document: parse<PatternDocument>(r.document),
  webhookId: r.webhook_id,
  webhookSecret: r.webhook_secret,
  revision: Number(r.revision),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const deployment = (r: Row<'deployments'>): DeploymentRecord => ({
  id: r.id,
  patternId: r.pattern_id,
  status: r.status as DeploymentStatus,
  version: Number(r.version),
  pausedReason: r.paused_reason,
  pausedBy: r.paused_by,
  pausedAt: r.paused_at,
  deployedAt: r.deployed_at,
  updatedAt: r.updated_at,
});
const run = (r: Omit<Row<'runs'>, 'log' | 'instance'>): RunRecord => ({
  id: r.legacy_id ?? idOf(Number(r.seq)),
  deploymentId: r.deployment_id,
  patternId: r.pattern_id,
  version: r.version === null ? null : Number(r.version),
  status: r.status as RunRecord['status'],
  triggeredBy: r.triggered_by as RunRecord['triggeredBy'],
  parentRunId: r.parent_run_id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  triggerData: parse(r.trigger_data),
  error: parse(r.error),
});
const connection = (r: Row<'connections'>): ConnectionRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  provider: r.provider,
  displayName: r.display_name,
  authType: r.auth_type,
  status: r.status as ConnectionStatus,
  statusMessage: r.status_message,
  credentials: parse<SealedValue>(r.credentials),
  tokens: parse<SealedValue | null>(r.tokens),
  tokenVersion: Number(r.token_version),
  tokenExpiresAt: r.token_expires_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** When a saved run meets a row with its seq, the row is updated only if it is the same run (same
 * pattern: two processes on one database could otherwise give two runs one id) and the update does
 * not take it back from finished to running (a start record retried after its end was written). */
export const KEEP = `runs.pattern_id = excluded.pattern_id and (excluded.status <> 'running' or runs.finished_at is null)`;

/** A row of `runs` as saveRuns writes it (`seq` resolved). */
type RunRow = Omit<Row<'runs'>, 'legacy_id'>;
/** Every column but the log: what lists read. */
const RUN_COLUMNS = [
  'seq',
  'legacy_id',
  'deployment_id',
  'pattern_id',
  'version',
  'status',
  'triggered_by',
  'parent_run_id',
  'started_at',
  'finished_at',
  'duration_ms',
  'error',
  'trigger_data',
] as const;

export class KyselyStore implements Store {
  private ids = new RunIds();
  /** This process's row in `instances` once registered (SPEC §13): the runs it saves name it. */
  private instance: number | null = null;
  /** `writeRuns`: a faster writer of run rows for the dialect (SQLite: prepared statements), used by
   * saveRuns instead of building the upsert with Kysely whenever it can (it returns false when not:
   * inside a transaction, or when a run has an id from before migration 004, writing nothing).
   * `writeTicks`: the same for the schedule ledger (undefined when it cannot, inside a transaction). */
  constructor(
    readonly db: Kysely<Tables>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly onClose: () => Promise<void>,
    private readonly writeRuns?: (runs: SavedRun[], instance: number | null) => boolean,
    private readonly onReclaim?: () => void,
    private readonly writeTicks?: (ticks: ScheduleTick[]) => number[] | undefined,
  ) {}

  /** Runs pending migrations. `schema`: the PostgreSQL schema the tables live in (the migrator's own
   * tables must be looked up there too, not in whichever schema has them first). */
  async migrate(schema?: string): Promise<void> {
    const all = migrations(this.dialect);
    const migrator = new Migrator({
      db: this.db,
      provider: { getMigrations: async (): Promise<Record<string, Migration>> => all },
      // Migrations are independent of each other's order (each adds its own tables, columns, indexes):
      // one merged from a branch with a lower number still runs on a database that has later ones.
      allowUnorderedMigrations: true,
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error)?.message ?? error}`);
    this.ids = new RunIds(await this.lastSeq());
  }

  private async lastSeq(): Promise<number> {
    const last = await this.db
      .selectFrom('runs')
      .select((e) => e.fn.max('seq').as('m'))
      .executeTakeFirst();
    return Number(last?.m ?? 0);
  }

  // The instances sharing the database: store/cluster.ts.
  async registerInstance(i: { id: string; host: string; pid: number; now: string }) {
    const r = await cluster.register(this.db, this.dialect, i);
    this.instance = r.n;
    // After every seq in the database, in this instance's slot.
    this.ids = new RunIds(await this.lastSeq(), r.slot, SLOTS);
    return r;
  }
  heartbeat(now: string): Promise<boolean> {
    return this.instance === null ? Promise.resolve(true) : cluster.heartbeat(this.db, this.instance, now);
  }
  async stopInstance(now: string): Promise<void> {
    if (this.instance !== null) await cluster.stop(this.db, this.instance, now);
  }
  reapInstances(now: string, cutoff: string, legacy = false) {
    return cluster.reap(this.db, now, cutoff, this.instance, legacy);
  }
  listInstances(since: string) {
    return cluster.list(this.db, since);
  }

  newRunId(): string {
    return this.ids.next();
  }

  close(): Promise<void> {
    return this.onClose();
  }

  async countUsers(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async createFirstUser(u: Omit<UserWithSecret, 'role' | 'createdAt'>): Promise<User | null> {
    return this.db.transaction().execute(async (tx) => {
      // The `kv` row is the race's arbiter: only one transaction can insert it.
      const won = await tx
        .insertInto('kv')
        .values({ key: 'first_user', value: u.id })
        .onConflict((c) => c.column('key').doNothing())
        .executeTakeFirst();
      if (Number(won.numInsertedOrUpdatedRows ?? 0) === 0) return null;
      const createdAt = new Date().toISOString();
      await tx
        .insertInto('users')
        .values({ id: u.id, email: u.email, name: u.name, role: 'admin', password_hash: u.passwordHash, created_at: createdAt })
        .execute();
      return { id: u.id, email: u.email, name: u.name, role: 'admin', createdAt };
    });
  }

  async createUser(u: Omit<UserWithSecret, 'createdAt'>): Promise<User> {
    const createdAt = new Date().toISOString();
    await this.db
      .insertInto('users')
      .values({ id: u.id, email: u.email, name: u.name, role: u.role, password_hash: u.passwordHash, created_at: createdAt })
      .execute();
    return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt };
  }

  async findUserByEmail(email: string): Promise<UserWithSecret | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return r ? { ...user(r), passwordHash: r.password_hash } : undefined;
  }

  async getUser(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? user(r) : undefined;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(user);
  }

  async createToken(t: Omit<Token, 'lastUsedAt'> & { hash: string }): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({ id: t.id, user_id: t.userId, hash: t.hash, name: t.name, kind: t.kind, created_at: t.createdAt, expires_at: t.expiresAt, last_used_at: null })
      .execute();
  }

  async findToken(hash: string, now: string): Promise<{ token: Token; user: User } | undefined> {
    const r = await this.db
      .selectFrom('tokens')
      .innerJoin('users', 'users.id', 'tokens.user_id')
      .select([
        'tokens.id as tid',
        'tokens.name as tname',
        'tokens.kind',
        'tokens.created_at as tcreated',
        'tokens.expires_at',
        'tokens.last_used_at',
        'users.id',
        'users.email',
        'users.name',
        'users.role',
        'users.created_at',
      ])
      .where('tokens.hash', '=', hash)
      .where((e) => e.or([e('tokens.expires_at', 'is', null), e('tokens.expires_at', '>', now)]))
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      token: {
        id: r.tid,
        userId: r.id,
        name: r.tname,
        kind: r.kind as Token['kind'],
        createdAt: r.tcreated,
        expiresAt: r.expires_at,
        lastUsedAt: r.last_used_at,
      },
      user: { id: r.id, email: r.email, name: r.name, role: r.role as User['role'], createdAt: r.created_at },
    };
  }

  async listTokens(userId: string, now: string): Promise<Token[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .select(['id', 'user_id', 'name', 'kind', 'created_at', 'expires_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .where((e) => e.or([e('expires_at', 'is', null), e('expires_at', '>', now)]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      name: r.name,
      kind: r.kind as Token['kind'],
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      lastUsedAt: r.last_used_at,
    }));
  }

  async deleteToken(userId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async touchToken(id: string, now: string): Promise<void> {
    await this.db.updateTable('tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async pruneTokens(now: string): Promise<number> {
    const r = await this.db.deleteFrom('tokens').where('expires_at', 'is not', null).where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async createPattern(p: PatternRecord): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      // The id is claimed for its owner first (the first owner of an id keeps it, also after a
      // delete); then the pattern is inserted unless one with this id exists (ON CONFLICT: two
      // concurrent creates of one id make one pattern, and the other caller is told).
      await tx
        .insertInto('pattern_ids')
        .values({ id: p.id, owner_id: p.ownerId })
        .onConflict((c) => c.column('id').doNothing())
        .execute();
      const owner = await tx.selectFrom('pattern_ids').select('owner_id').where('id', '=', p.id).executeTakeFirst();
      if (owner?.owner_id !== p.ownerId) return false;
      const r = await tx
        .insertInto('patterns')
        .values({
          id: p.id,
          owner_id: p.ownerId,
          name: p.document.name ?? '',
          description: p.document.description ?? '',
          tags: json(p.document.tags ?? [])!,
          document: json(p.document)!,
          webhook_id: p.webhookId,
          webhook_secret: p.webhookSecret,
          revision: p.revision,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        })
        .onConflict((c) => c.column('id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    });
  }

  async getPattern(id: string): Promise<PatternRecord | undefined> {
    const r = await this.db.selectFrom('patterns').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? pattern(r) : undefined;
  }

  async getPatternByWebhookId(webhookId: string): Promise<PatternRecord | undefined> {
    const r = await this.db.selectFrom('patterns').selectAll().where('webhook_id', '=', webhookId).executeTakeFirst();
    return r ? pattern(r) : undefined;
  }

  async listPatterns(ownerId: string, q: { search?: string; tag?: string; limit: number; offset: number }): Promise<Page<PatternRecord>> {
    // Counted and paged on the covering index (owner, updated_at, id, name, description, tags), so
    // neither reads a document; only the page's rows are read whole.
    let base = this.db.selectFrom('patterns').where('owner_id', '=', ownerId);
    if (q.search) base = base.where(this.matches(q.search, 'name', 'description'));
    // Tags are a JSON array of strings: match the quoted tag inside it.
    if (q.tag) base = base.where('tags', 'like', `%${likeEscape(JSON.stringify(q.tag))}%`);
    const count = () => base.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const newest = <B extends typeof base>(b: B) => b.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset);
    const { ids, n } =
      q.search || q.tag
        ? await pageAndTotal(newest(base).select(['id', countOver]).execute(), count)
        : { n: Number((await count()).n), ids: (await newest(base).select('id').execute()).map((r) => r.id) };
    const rows = ids.length === 0 ? [] : await this.db.selectFrom('patterns').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: ids.flatMap((id) => (byId.has(id) ? [pattern(byId.get(id)!)] : [])), total: Number(n), limit: q.limit, offset: q.offset };
  }

  async updatePattern(id: string, document: PatternDocument, now: string, expectedRevision?: number): Promise<PatternRecord | false> {
    let q = this.db
      .updateTable('patterns')
      .set((e) => ({
        document: json(document)!,
        name: document.name ?? '',
        description: document.description ?? '',
        tags: json(document.tags ?? [])!,
        updated_at: now,
        revision: e('revision', '+', 1),
      }))
      .where('id', '=', id);
    if (expectedRevision !== undefined) q = q.where('revision', '=', expectedRevision);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    return (await this.getPattern(id))!;
  }

  async setWebhookSecret(id: string, secret: string, now: string): Promise<void> {
    await this.db.updateTable('patterns').set({ webhook_secret: secret, updated_at: now }).where('id', '=', id).execute();
  }

  async deletePattern(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('versions').where('pattern_id', '=', id).execute();
      await tx.deleteFrom('deployments').where('pattern_id', '=', id).execute();
      await tx.deleteFrom('patterns').where('id', '=', id).execute();
      // Its id stays in pattern_ids (reserved for its owner); a pattern created again with it starts
      // with no idempotency keys of the deleted one.
      await tx.deleteFrom('idempotency').where('pattern_id', '=', id).execute();
    });
  }

  async recordDeploy(d: {
    deploymentId: string;
    patternId: string;
    document: PatternDocument;
    compilerVersion: number;
    callees?: VersionRecord['callees'];
    packs?: VersionRecord['packs'];
    nodeVersions?: VersionRecord['nodeVersions'];
    note: string | null;
    userId: string;
    now: string;
  }) {
    return this.db.transaction().execute(async (tx) => {
      // The primary key (pattern_id, version) makes two concurrent deploys of one pattern conflict
      // instead of both taking the same number; the loser's transaction fails and can be retried.
      const max = await tx
        .selectFrom('versions')
        .select((e) => e.fn.max<number>('version').as('v'))
        .where('pattern_id', '=', d.patternId)
        .executeTakeFirst();
      const version = Number(max?.v ?? 0) + 1;
      await tx
        .insertInto('versions')
        .values({
          pattern_id: d.patternId,
          version,
          document: json(d.document)!,
          compiler_version: d.compilerVersion,
          callees: d.callees ? json(d.callees)! : null,
          packs: d.packs ? json(d.packs)! : null,
          node_versions: d.nodeVersions ? json(d.nodeVersions)! : null,
          note: d.note,
          created_by: d.userId,
          created_at: d.now,
        })
        .execute();
      const owner = await tx.selectFrom('patterns').select('owner_id').where('id', '=', d.patternId).executeTakeFirst();
      const summary = json(summarize(d.document))!;
      await tx
        .insertInto('deployments')
        .values({
          id: d.deploymentId,
          pattern_id: d.patternId,
          status: 'active',
          version,
          paused_reason: null,
          paused_by: null,
          paused_at: null,
          deployed_at: d.now,
          updated_at: d.now,
          owner_id: owner?.owner_id ?? null,
          summary,
        })
        .onConflict((c) =>
          c
            .column('pattern_id')
            .doUpdateSet({ status: 'active', version, paused_reason: null, paused_by: null, paused_at: null, deployed_at: d.now, updated_at: d.now, summary }),
        )
        .execute();
      const dep = await tx.selectFrom('deployments').selectAll().where('pattern_id', '=', d.patternId).executeTakeFirstOrThrow();
      return {
        deployment: deployment(dep),
        version: {
          patternId: d.patternId,
          version,
          document: d.document,
          compilerVersion: d.compilerVersion,
          callees: d.callees ?? null,
          packs: d.packs ?? null,
          nodeVersions: d.nodeVersions ?? null,
          note: d.note,
          createdBy: d.userId,
          createdAt: d.now,
        },
      };
    });
  }

  async getDeployment(patternId: string): Promise<DeploymentRecord | undefined> {
    const r = await this.db.selectFrom('deployments').selectAll().where('pattern_id', '=', patternId).executeTakeFirst();
    return r ? deployment(r) : undefined;
  }

  async getDeploymentById(id: string): Promise<DeploymentRecord | undefined> {
    const r = await this.db.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? deployment(r) : undefined;
  }

  async listDeployments(ownerId: string, q: { search?: string | undefined; limit: number; offset: number }) {
    // Newest first through the (owner, deployed_at, id) index: the page's ids first, then its rows.
    // A search joins the patterns (their names and descriptions are in the patterns' covering index).
    const searched = q.search
      ? this.db
          .selectFrom('patterns')
          .innerJoin('deployments', 'deployments.pattern_id', 'patterns.id')
          .where('patterns.owner_id', '=', ownerId)
          .where('deployments.owner_id', '=', ownerId)
          .where(this.matches(q.search, 'patterns.name', 'patterns.description'))
      : null;
    const mine = this.db.selectFrom('deployments').where('deployments.owner_id', '=', ownerId);
    const count = (b: typeof mine) => b.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const newest = <B extends typeof mine>(b: B) =>
      b.orderBy('deployments.deployed_at', 'desc').orderBy('deployments.id', 'desc').limit(q.limit).offset(q.offset);
    const { ids, n } = searched
      ? await pageAndTotal(newest(searched).select(['deployments.id as id', countOver]).execute(), () => count(searched))
      : { n: Number((await count(mine)).n), ids: (await newest(mine).select('deployments.id').execute()).map((r) => r.id) };
    const found =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('deployments')
            .innerJoin('patterns', 'patterns.id', 'deployments.pattern_id')
            .selectAll('deployments')
            .select(['patterns.name as pattern_name', 'patterns.owner_id as pattern_owner'])
            .where('deployments.id', 'in', ids)
            .execute();
    const byId = new Map(found.map((r) => [r.id, r]));
    const rows = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    const items = rows.map((r) => ({
      ...deployment(r),
      patternName: r.pattern_name,
      ownerId: r.pattern_owner,
      trigger: parse<VersionSummary | null>(r.summary)?.trigger?.type ?? 'none',
    }));
    return { items, total: Number(n), limit: q.limit, offset: q.offset };
  }

  /** A case-insensitive substring match on any of the columns (SQLite's LIKE ignores ASCII case, as
   * its lower() does; PostgreSQL's ILIKE folds Unicode too). */
  private matches(search: string, ...columns: string[]) {
    const like = '%' + likeEscape(search) + '%';
    const op = this.dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
    return sql<boolean>`(${sql.join(
      columns.map((c) => sql`${sql.ref(c)} ${op} ${like} escape '\\'`),
      sql` or `,
    )})`;
  }

  async claimBreakerProbe(patternId: string, pausedAt: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('deployments')
      .set({ paused_at: now })
      .where('pattern_id', '=', patternId)
      .where('status', '=', 'paused')
      .where('paused_by', '=', 'circuit_breaker')
      .where('paused_at', '=', pausedAt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deploymentRefs() {
    const rows = await this.db.selectFrom('deployments').select(['id', 'pattern_id', 'version', 'summary']).execute();
    // Only summaries that name a retention setting are parsed (100,000 parses held the event loop).
    const settingsOf = (summary: string | null) => (summary?.includes('"retention') ? parse<VersionSummary>(summary).settings : undefined);
    return rows.map((r) => ({ id: r.id, patternId: r.pattern_id, version: Number(r.version), settings: settingsOf(r.summary) }));
  }

  async setDeploymentStatus(
    patternId: string,
    s: { status: DeploymentStatus; from: readonly DeploymentStatus[]; pausedReason?: string | null; pausedBy?: string | null; now: string },
  ) {
    const paused = s.status === 'paused';
    const r = await this.db
      .updateTable('deployments')
      .set({
        status: s.status,
        updated_at: s.now,
        paused_reason: paused ? (s.pausedReason ?? null) : null,
        paused_by: paused ? (s.pausedBy ?? null) : null,
        paused_at: paused ? s.now : null,
      })
      .where('pattern_id', '=', patternId)
      .where('status', 'in', [...s.from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? this.getDeployment(patternId) : undefined;
  }

  async listVersions(patternId: string) {
    const rows = await this.db
      .selectFrom('versions')
      .select(['pattern_id', 'version', 'compiler_version', 'note', 'created_by', 'created_at'])
      .where('pattern_id', '=', patternId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      patternId: r.pattern_id,
      version: Number(r.version),
      compilerVersion: Number(r.compiler_version),
      note: r.note,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }));
  }

  async liveVersions(patternId?: string) {
    // One query over narrow rows (the deployment's own summary; the pattern's webhook from an index),
    // no document: start-up time stays flat in the number of deployments (issue 16).
    let q = this.db
      .selectFrom('deployments')
      .innerJoin('patterns', 'patterns.id', 'deployments.pattern_id')
      .select([
        'deployments.id',
        'deployments.pattern_id',
        'deployments.status',
        'deployments.version',
        'deployments.summary',
        'patterns.owner_id as pattern_owner',
        'patterns.webhook_id',
        'patterns.webhook_secret',
      ])
      .where('deployments.status', '<>', 'undeployed');
    if (patternId !== undefined) q = q.where('deployments.pattern_id', '=', patternId);
    const rows = await q.execute();
    return rows.map((r) => ({
      deployment: { id: r.id, patternId: r.pattern_id, status: r.status as DeploymentStatus, version: Number(r.version) },
      pattern: { id: r.pattern_id, ownerId: r.pattern_owner, webhookId: r.webhook_id, webhookSecret: r.webhook_secret },
      summary: parse<VersionSummary>(r.summary),
    }));
  }

  async getVersion(patternId: string, version: number): Promise<VersionRecord | undefined> {
    const r = await this.db.selectFrom('versions').selectAll().where('pattern_id', '=', patternId).where('version', '=', version).executeTakeFirst();
    return r
      ? {
          patternId: r.pattern_id,
          version: Number(r.version),
          document: parse(r.document),
          compilerVersion: Number(r.compiler_version),
          callees: r.callees === null ? null : parse(r.callees),
          packs: r.packs === null ? null : parse(r.packs),
          nodeVersions: r.node_versions === null ? null : parse(r.node_versions),
          note: r.note,
          createdBy: r.created_by,
          createdAt: r.created_at,
        }
      : undefined;
  }

  async saveRuns(saved: SavedRun[]): Promise<void> {
    if (saved.length === 0) return;
    // The usual batch, written by the dialect's own writer as it is.
    if (this.writeRuns?.(saved, this.instance)) return;
    const runs = saved.map((s) => s.run);
    // Runs recorded before migration 004 are found by their old id (only queued ones come back).
    const legacy = runs.filter((r) => seqOf(r.id) === undefined).map((r) => r.id);
    const legacySeq = new Map<string, number>();
    if (legacy.length) {
      for (const r of await this.db.selectFrom('runs').select(['seq', 'legacy_id']).where('legacy_id', 'in', legacy).execute())
        legacySeq.set(r.legacy_id!, Number(r.seq));
    }
    const rows: RunRow[] = saved.map(({ run: r, triggerData, log }) => ({
      seq: seqOf(r.id) ?? legacySeq.get(r.id) ?? seqOf(this.newRunId())!,
      deployment_id: r.deploymentId,
      pattern_id: r.patternId,
      version: r.version,
      status: r.status,
      triggered_by: r.triggeredBy,
      parent_run_id: r.parentRunId,
      started_at: r.startedAt,
      finished_at: r.finishedAt,
      duration_ms: r.durationMs,
      error: json(r.error),
      trigger_data: triggerData,
      log: log ?? null,
      instance: this.instance,
    }));
    if (this.dialect === 'postgres' && legacy.length === 0) return upsertRuns(this.db, rows, KEEP);
    const unknownLegacy = legacy.filter((id) => !legacySeq.has(id));
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200).map((r, j) => {
          const id = runs[i + j]!.id;
          return unknownLegacy.includes(id) ? { ...r, legacy_id: id } : r;
        });
        await tx
          .insertInto('runs')
          .values(chunk)
          .onConflict((c) =>
            c
              .column('seq')
              .doUpdateSet((e) => ({
                status: e.ref('excluded.status'),
                finished_at: e.ref('excluded.finished_at'),
                duration_ms: e.ref('excluded.duration_ms'),
                error: e.ref('excluded.error'),
                log: sql`coalesce(excluded.log, runs.log)`,
                instance: e.ref('excluded.instance'),
              }))
              .where(sql<boolean>`${sql.raw(KEEP)}`),
          )
          .execute();
      }
    });
  }

  async getRun(id: string) {
    const seq = seqOf(id);
    const r = await (
      seq === undefined ? this.db.selectFrom('runs').selectAll().where('legacy_id', '=', id) : this.db.selectFrom('runs').selectAll().where('seq', '=', seq)
    ).executeTakeFirst();
    if (!r) return undefined;
    const instanceId =
      r.instance === null ? null : ((await this.db.selectFrom('instances').select('id').where('n', '=', r.instance).executeTakeFirst())?.id ?? null);
    return { ...run(r), instanceId, log: r.log === null ? null : expandLog(r.log) };
  }

  async getStoredLog(id: string): Promise<string | null> {
    const seq = seqOf(id);
    const q = this.db.selectFrom('runs').select('log');
    const r = await (seq === undefined ? q.where('legacy_id', '=', id) : q.where('seq', '=', seq)).executeTakeFirst();
    return r?.log ?? null;
  }

  async recentLogs(deploymentId: string, since: string, version: number | undefined, limit: number): Promise<string[]> {
    let q = this.db
      .selectFrom('runs')
      .select('log')
      .where('deployment_id', '=', deploymentId)
      .where('seq', '>=', seqAt(Date.parse(since)))
      .where('status', 'not in', ['running', 'queued'])
      .where('log', 'is not', null);
    if (version !== undefined) q = q.where('version', '=', version);
    return (await q.orderBy('seq', 'desc').limit(limit).execute()).map((r) => r.log!);
  }

  async listRuns(deploymentId: string, f: RunFilter): Promise<Page<RunRecord>> {
    let q = this.db.selectFrom('runs').where('deployment_id', '=', deploymentId);
    // Any status but completed is found through the partial index (migration 006), whose condition
    // the query must state as written for SQLite to use it.
    if (f.status) q = f.status === 'completed' ? q.where('status', '=', f.status) : q.where('status', '=', f.status).where(sql<boolean>`status <> 'completed'`);
    if (f.triggeredBy) q = q.where('triggered_by', '=', f.triggeredBy);
    if (f.version !== undefined) q = q.where('version', '=', f.version);
    // Counted up to COUNT_CAP + 1 rows only, along the same index as the page.
    const capped = await this.db
      .selectFrom(
        q
          .select('seq')
          .limit(COUNT_CAP + 1)
          .as('c'),
      )
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const n = Number(capped.n);
    const rows = await q.select(RUN_COLUMNS).orderBy('seq', 'desc').limit(f.limit).offset(f.offset).execute();
    return { items: rows.map(run), total: Math.min(n, COUNT_CAP), limit: f.limit, offset: f.offset, ...(n > COUNT_CAP ? { totalIsLowerBound: true } : {}) };
  }

  async runStats(deploymentId: string, since: string, bucketChars: number) {
    const bucket = sql<string>`substr(started_at, 1, ${sql.lit(bucketChars)})`;
    // A seq range of the (deployment_id, seq) index: no run that started since `since` has a lower seq.
    const window = this.db
      .selectFrom('runs')
      .where('deployment_id', '=', deploymentId)
      .where('seq', '>=', seqAt(Date.parse(since)))
      .where('started_at', '>=', since);
    const groups = await window
      .select([bucket.as('bucket'), 'triggered_by', 'status', (e) => e.fn.countAll<number>().as('n')])
      .groupBy([bucket, 'triggered_by', 'status'])
      .execute();
    const done = window.where('duration_ms', 'is not', null);
    const total = Number((await done.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const at = async (q: number) => {
      if (total === 0) return null;
      const r = await done
        .select('duration_ms')
        .orderBy('duration_ms')
        .limit(1)
        .offset(Math.min(total - 1, Math.floor(q * total)))
        .executeTakeFirst();
      return r?.duration_ms === null || r === undefined ? null : Number(r.duration_ms);
    };
    return {
      groups: groups.map((g) => ({ bucket: g.bucket, triggeredBy: g.triggered_by, status: g.status, count: Number(g.n) })),
      durations: { p50: await at(0.5), p95: await at(0.95), p99: await at(0.99) },
    };
  }

  async pruneRuns(olderThan: string, batch: number, scope?: string | { except: readonly string[] }): Promise<number> {
    // Every run with a seq below seqAt(t) started before t (run-ids.ts): a range of the primary key
    // (and of the (deployment_id, seq) index for one deployment's runs).
    let q = this.db
      .selectFrom('runs')
      .select('seq')
      .where('seq', '<', seqAt(Date.parse(olderThan)));
    if (typeof scope === 'object') {
      const except = [...scope.except];
      if (except.length) q = q.where((e) => e.or([e('deployment_id', 'is', null), e('deployment_id', 'not in', except)]));
      return this.deleteRuns(q, batch);
    }
    q =
      scope !== undefined
        ? q.where('deployment_id', '=', scope)
        : q.where((e) =>
            e.or([
              e('deployment_id', 'is', null),
              e.not(e.exists(e.selectFrom('deployments').select('deployments.id').whereRef('deployments.id', '=', 'runs.deployment_id'))),
            ]),
          );
    return this.deleteRuns(q, batch);
  }

  async pruneRunsBeyond(deploymentId: string, keep: number, batch: number): Promise<number> {
    const newest = this.db.selectFrom('runs').select('seq').where('deployment_id', '=', deploymentId).orderBy('seq', 'desc');
    const last = await newest.offset(keep).limit(1).executeTakeFirst();
    if (!last) return 0;
    return this.deleteRuns(this.db.selectFrom('runs').select('seq').where('deployment_id', '=', deploymentId).where('seq', '<=', last.seq), batch);
  }

  /** Deletes up to `batch` of the runs `q` selects, oldest first, except those still running or queued. */
  private async deleteRuns(q: SelectQueryBuilder<Tables, 'runs', { seq: number }>, batch: number): Promise<number> {
    const seqs = (await q.where('status', 'not in', ['running', 'queued']).orderBy('seq').limit(batch).execute()).map((r) => r.seq);
    if (seqs.length === 0) return 0;
    await this.db.deleteFrom('runs').where('seq', 'in', seqs).execute();
    return seqs.length;
  }

  reclaim(): void {
    this.onReclaim?.();
  }

  async claimIdempotencyKey(patternId: string, key: string, runId: string, now: string, since: string): Promise<string | null> {
    return this.db.transaction().execute((tx) => jobs.claimKey(tx, patternId, key, runId, now, since));
  }

  releaseIdempotencyKey(patternId: string, key: string, runId: string): Promise<void> {
    return jobs.releaseKey(this.db, patternId, key, runId);
  }

  // The queue: store/jobs.ts.
  enqueue(job: QueuedJob, key?: KeyClaim): Promise<string | null> {
    return jobs.enqueue(this.db, job, key);
  }
  claimJobs(workerId: string, now: string, limit: number, rules: ClaimRules): Promise<QueuedJob[]> {
    return jobs.claimJobs(this.db, this.dialect, workerId, now, limit, rules);
  }
  releaseJobs(workerId: string): Promise<number> {
    return jobs.releaseJobs(this.db, workerId);
  }
  retryJob(id: string, runAt: string, crashed = false): Promise<void> {
    return jobs.retryJob(this.db, id, runAt, crashed);
  }

  async queueDepth(): Promise<number> {
    return Number(
      (
        await this.db
          .selectFrom('queue')
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }

  async finishJob(id: string): Promise<void> {
    await this.db.deleteFrom('queue').where('id', '=', id).execute();
  }

  async putSecret(ownerId: string, name: string, sealed: { ciphertext: string; iv: string; tag: string }, now: string): Promise<void> {
    const row = { owner_id: ownerId, name, ...sealed, updated_at: now };
    await this.db
      .insertInto('secrets')
      .values(row)
      .onConflict((c) => c.columns(['owner_id', 'name']).doUpdateSet({ ...sealed, updated_at: now }))
      .execute();
  }

  async deleteSecret(ownerId: string, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('secrets').where('owner_id', '=', ownerId).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async listSecrets(ownerId: string) {
    const rows = await this.db.selectFrom('secrets').selectAll().where('owner_id', '=', ownerId).orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, updatedAt: r.updated_at, ciphertext: r.ciphertext, iv: r.iv, tag: r.tag }));
  }

  async recordTicks(ticks: ScheduleTick[]): Promise<number[]> {
    const fast = this.writeTicks?.(ticks);
    if (fast) return fast;
    const won: number[] = [];
    // Chunks of 500 rows (SQLite's bound variables); a row already there is left as it is.
    for (let from = 0; from < ticks.length; from += 500) {
      const chunk = ticks.slice(from, from + 500);
      const rows = await this.db
        .insertInto('schedule_ticks')
        .values(chunk.map((t) => ({ pattern_id: t.patternId, at: t.at, outcome: t.outcome, instance_id: t.instanceId, recorded_at: t.recordedAt })))
        .onConflict((c) => c.columns(['pattern_id', 'at']).doNothing())
        .returning(['pattern_id', 'at'])
        .execute();
      const inserted = new Set(rows.map((r) => `${r.pattern_id}\u0000${r.at}`));
      chunk.forEach((t, i) => {
        if (inserted.has(`${t.patternId}\u0000${t.at}`)) won.push(from + i);
      });
    }
    return won;
  }

  async listTicks(patternId: string, limit: number): Promise<ScheduleTick[]> {
    const rows = await this.db.selectFrom('schedule_ticks').selectAll().where('pattern_id', '=', patternId).orderBy('at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      patternId: r.pattern_id,
      at: r.at,
      outcome: r.outcome as ScheduleTick['outcome'],
      instanceId: r.instance_id,
      recordedAt: r.recorded_at,
    }));
  }

  async lastTicks(): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('schedule_ticks')
      .select(['pattern_id', (e) => e.fn.max('at').as('at')])
      .groupBy('pattern_id')
      .execute();
    return new Map(rows.map((r) => [r.pattern_id, String(r.at)]));
  }

  async pruneTicks(olderThan: string, batch: number): Promise<number> {
    // Up to the batch-th oldest time (ticks of one second are many rows: a few more may go at once).
    const edge = await this.db
      .selectFrom('schedule_ticks')
      .select('at')
      .where('at', '<', olderThan)
      .orderBy('at')
      .limit(1)
      .offset(batch - 1)
      .executeTakeFirst();
    const r = await this.db
      .deleteFrom('schedule_ticks')
      .where('at', edge ? '<=' : '<', edge ? edge.at : olderThan)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async createConnection(c: ConnectionRecord): Promise<void> {
    await this.db
      .insertInto('connections')
      .values({
        id: c.id,
        owner_id: c.ownerId,
        provider: c.provider,
        display_name: c.displayName,
        auth_type: c.authType,
        status: c.status,
        status_message: c.statusMessage,
        credentials: JSON.stringify(c.credentials),
        tokens: json(c.tokens),
        token_version: c.tokenVersion,
        token_expires_at: c.tokenExpiresAt,
        refresh_holder: null,
        refresh_until: null,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }

  async getConnection(id: string): Promise<ConnectionRecord | undefined> {
    const r = await this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return r && connection(r);
  }

  async listConnections(ownerId: string): Promise<ConnectionRecord[]> {
    const rows = await this.db.selectFrom('connections').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').orderBy('id').execute();
    return rows.map(connection);
  }

  async updateConnection(id: string, patch: Parameters<Store['updateConnection']>[1], now: string): Promise<ConnectionRecord | false> {
    const set: Partial<Row<'connections'>> = { updated_at: now };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.credentials !== undefined) set.credentials = JSON.stringify(patch.credentials);
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.statusMessage !== undefined) set.status_message = patch.statusMessage;
    let q = this.db.updateTable('connections').where('id', '=', id);
    if (patch.tokens) {
      // A token write is a compare-and-set on the version it was derived from, and ends any lease.
      set.tokens = json(patch.tokens.sealed);
      set.token_expires_at = patch.tokens.expiresAt;
      set.refresh_holder = null;
      set.refresh_until = null;
      q = q.where('token_version', '=', patch.tokens.expectedVersion);
      const r = await q
        .set({ ...set, token_version: sql<number>`token_version + 1` })
        .returningAll()
        .executeTakeFirst();
      return r ? connection(r) : false;
    }
    const r = await q.set(set).returningAll().executeTakeFirst();
    return r ? connection(r) : false;
  }

  async deleteConnection(ownerId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('connections').where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async claimConnectionRefresh(id: string, version: number, holder: string, now: string, until: string): Promise<boolean> {
    const r = await this.db
      .updateTable('connections')
      .set({ refresh_holder: holder, refresh_until: until })
      .where('id', '=', id)
      .where('token_version', '=', version)
      .where((e) => e.or([e('refresh_until', 'is', null), e('refresh_until', '<', now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async releaseConnectionRefresh(id: string, holder: string): Promise<void> {
    await this.db
      .updateTable('connections')
      .set({ refresh_holder: null, refresh_until: null })
      .where('id', '=', id)
      .where('refresh_holder', '=', holder)
      .execute();
  }

  async markConnectionError(id: string, version: number, message: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('connections')
      .set({ status: 'error', status_message: message, refresh_holder: null, refresh_until: null, updated_at: now })
      .where('id', '=', id)
      .where('token_version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async putOAuthState(st: OAuthStateRecord): Promise<void> {
    await this.db
      .insertInto('oauth_states')
      .values({
        state_hash: st.stateHash,
        owner_id: st.ownerId,
        provider: st.provider,
        display_name: st.displayName,
        connection_id: st.connectionId,
        verifier: JSON.stringify(st.verifier),
        redirect_uri: st.redirectUri,
        created_at: st.createdAt,
        expires_at: st.expiresAt,
      })
      .execute();
  }

  async takeOAuthState(stateHash: string, now: string): Promise<OAuthStateRecord | undefined> {
    await this.db.deleteFrom('oauth_states').where('expires_at', '<', now).execute();
    // DELETE … RETURNING: of two callbacks with one state, one gets it.
    const r = await this.db.deleteFrom('oauth_states').where('state_hash', '=', stateHash).returningAll().executeTakeFirst();
    return r && r.expires_at >= now ? oauthState(r) : undefined;
  }

  async peekOAuthState(stateHash: string, now: string): Promise<OAuthStateRecord | undefined> {
    const r = await this.db.selectFrom('oauth_states').selectAll().where('state_hash', '=', stateHash).where('expires_at', '>=', now).executeTakeFirst();
    return r ? oauthState(r) : undefined;
  }

  async installPack(
    p: { slug: string; version: string; digest: string; document: unknown; userId: string | null; now: string },
    compare: (a: string, b: string) => number,
  ): Promise<{ installed: true } | { installed: false; current: string }> {
    return this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('pack_versions')
        .values({ slug: p.slug, digest: p.digest, version: p.version, document: json(p.document)!, created_at: p.now })
        .onConflict((c) => c.columns(['slug', 'digest']).doNothing())
        .execute();
      // The installed row is locked (PostgreSQL; SQLite transactions are IMMEDIATE) so two installs
      // of one slug cannot both pass the version check.
      let q = tx.selectFrom('packs').select('version').where('slug', '=', p.slug);
      if (this.dialect === 'postgres') q = q.forUpdate();
      const current = await q.executeTakeFirst();
      if (current && compare(p.version, current.version) < 0) return { installed: false as const, current: current.version };
      const row = { version: p.version, digest: p.digest, installed_by: p.userId, installed_at: p.now };
      await tx
        .insertInto('packs')
        .values({ slug: p.slug, ...row })
        .onConflict((c) => c.column('slug').doUpdateSet(row))
        .execute();
      return { installed: true as const };
    });
  }

  private packQuery() {
    return this.db
      .selectFrom('packs')
      .innerJoin('pack_versions', (j) => j.onRef('pack_versions.slug', '=', 'packs.slug').onRef('pack_versions.digest', '=', 'packs.digest'))
      .select(['packs.slug', 'packs.version', 'packs.digest', 'packs.installed_by', 'packs.installed_at', 'pack_versions.document']);
  }

  private static pack(r: { slug: string; version: string; digest: string; installed_by: string | null; installed_at: string; document: string }): PackRecord {
    return { slug: r.slug, version: r.version, digest: r.digest, document: parse(r.document), installedBy: r.installed_by, installedAt: r.installed_at };
  }

  async listPacks(): Promise<PackRecord[]> {
    const rows = await this.packQuery().orderBy('packs.slug').execute();
    return rows.map((r) => KyselyStore.pack(r));
  }

  async getPack(slug: string): Promise<PackRecord | undefined> {
    const r = await this.packQuery().where('packs.slug', '=', slug).executeTakeFirst();
    return r ? KyselyStore.pack(r) : undefined;
  }

  async deletePack(slug: string): Promise<boolean> {
    const r = await this.db.deleteFrom('packs').where('slug', '=', slug).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async packVersions(): Promise<PackVersionRecord[]> {
    const rows = await this.db.selectFrom('pack_versions').selectAll().orderBy('slug').orderBy('created_at').execute();
    return rows.map((r) => ({ slug: r.slug, version: r.version, digest: r.digest, document: parse(r.document), createdAt: r.created_at }));
  }

  async getPackVersion(slug: string, digest: string): Promise<PackVersionRecord | undefined> {
    const r = await this.db.selectFrom('pack_versions').selectAll().where('slug', '=', slug).where('digest', '=', digest).executeTakeFirst();
    return r ? { slug: r.slug, version: r.version, digest: r.digest, document: parse(r.document), createdAt: r.created_at } : undefined;
  }

  async getValue(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async setValue(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('kv')
      .values({ key, value })
      .onConflict((c) => c.column('key').doUpdateSet({ value }))
      .execute();
  }

  async claimValue(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('kv')
      .values({ key, value })
      .onConflict((c) => c.column('key').doNothing())
      .execute();
    return (await this.getValue(key))!;
  }

  async addAudit(e: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit')
      .values({ at: e.at, user_id: e.userId, pattern_id: e.patternId, deployment_id: e.deploymentId, action: e.action, details: json(e.details) } as any)
      .execute();
  }

  async listAudit(q: { ownerId: string | null; patternId?: string; limit: number; offset: number }): Promise<Page<AuditEntry>> {
    let base = this.db.selectFrom('audit').leftJoin('patterns', 'patterns.id', 'audit.pattern_id');
    if (q.ownerId !== null) base = base.where('patterns.owner_id', '=', q.ownerId);
    if (q.patternId) base = base.where('audit.pattern_id', '=', q.patternId);
    const [{ n }] = (await base.select((e) => e.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
    const rows = await base.selectAll('audit').orderBy('audit.id', 'desc').limit(q.limit).offset(q.offset).execute();
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        userId: r.user_id,
        patternId: r.pattern_id,
        deploymentId: r.deployment_id,
        action: r.action,
        details: parse(r.details),
      })),
      total: Number(n),
      limit: q.limit,
      offset: q.offset,
    };
  }
}
