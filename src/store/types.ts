import type { PatternInterface } from '../nodes/define.js';
// The Store interface in domain words (ARCHITECTURE: src/store). Two implementations share one
// Kysely code path (kysely-store.ts) over SQLite (sqlite/) and PostgreSQL (postgres/); one contract
// suite (test/store/contract.ts) runs against both.
import type { PatternDocument } from '../pattern/schema.js';
import type { VersionSummary } from '../pattern/summary.js';
import type { ErrorInfo } from '../errors/error.js';
import type { TraceEntry } from '../runtime/trace.js';

export type Role = 'admin' | 'user';
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}
export interface UserWithSecret extends User {
  passwordHash: string;
}

/** `expiresAt` null: never expires. `lastUsedAt`: to within an hour (Store.touchToken), null until first used. */
export interface Token {
  id: string;
  userId: string;
  name: string;
  kind: 'session' | 'api';
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface PatternRecord {
  id: string;
  ownerId: string;
  document: PatternDocument;
  webhookId: string;
  webhookSecret: string;
  /** Increments on every update; `updatePattern` can require the revision it read (concurrent edits). */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export type DeploymentStatus = 'active' | 'paused' | 'undeployed';
export interface DeploymentRecord {
  id: string;
  patternId: string;
  status: DeploymentStatus;
  version: number;
  pausedReason: string | null;
  pausedBy: string | null;
  pausedAt: string | null;
  deployedAt: string;
  updatedAt: string;
}

/** One tick of a schedule as the ledger keeps it (SPEC §6, §13). */
export interface ScheduleTick {
  patternId: string;
  /** The scheduled time (whole seconds, ISO 8601). */
  at: string;
  outcome: 'fired' | 'skipped' | 'missed' | 'caught_up';
  instanceId: string;
  recordedAt: string;
}

export interface LiveRecord {
  deployment: Pick<DeploymentRecord, 'id' | 'patternId' | 'status' | 'version'>;
  pattern: Pick<PatternRecord, 'id' | 'ownerId' | 'webhookId' | 'webhookSecret'>;
  summary: VersionSummary;
}

export interface VersionRecord {
  patternId: string;
  version: number;
  document: PatternDocument;
  compilerVersion: number;
  /** The callee interfaces the version was compiled against (CallPattern), by pattern id; null for
   * versions deployed before they were kept (migration 010). With the document and the compiler
   * version they make compiling the version again give the same code. */
  callees?: Readonly<Record<string, PatternInterface | null>> | null;
  /** The integration packs the version was compiled with (`{slug: {version, digest}}`), null when it
   * uses none or was deployed before migration 012: compiling it again uses exactly these. */
  packs?: Readonly<Record<string, { version: string; digest: string }>> | null;
  /** The behaviour version of each built-in node type it uses (migration 016); null for versions
   * deployed before they were recorded (every node type then had version 1). */
  nodeVersions?: Readonly<Record<string, number>> | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** An installed integration pack (src/packs): its current version and document. */
export interface PackRecord {
  slug: string;
  version: string;
  digest: string;
  document: unknown;
  installedBy: string | null;
  installedAt: string;
}
/** One stored version of a pack. */
export interface PackVersionRecord {
  slug: string;
  version: string;
  digest: string;
  document: unknown;
  createdAt: string;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'timeout' | 'dead_letter' | 'interrupted' | 'queued';
export type TriggeredBy = 'manual' | 'webhook' | 'schedule' | 'pattern_call';
export interface RunRecord {
  id: string;
  deploymentId: string | null;
  patternId: string;
  version: number | null;
  status: RunStatus;
  triggeredBy: TriggeredBy;
  parentRunId: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  triggerData: unknown;
  error: ErrorInfo | null;
  /** The instance that ran it (SPEC §13), when the store knows it (GET /api/runs/:id). */
  instanceId?: string | null;
}
/** A run as the history writes it: the record without its trigger data, which comes as JSON text,
 * and the node log as runtime/trace.ts stores it. */
export interface InstanceRow {
  n: number;
  id: string;
  host: string;
  pid: number;
  slot: number;
  startedAt: string;
  lastSeenAt: string;
  stoppedAt: string | null;
  reapedAt: string | null;
}
export interface Reaped {
  /** Ids of the instances this call reaped. */
  instances: string[];
  interrupted: number;
  released: number;
}
export interface SavedRun {
  run: Omit<RunRecord, 'triggerData'>;
  triggerData: string | null;
  log?: string | undefined;
}
export interface RunLog {
  entries: TraceEntry[];
  dropped: number;
  runs: Record<string, number>;
}

export interface AuditEntry {
  id?: number;
  at: string;
  userId: string | null;
  patternId: string | null;
  deploymentId: string | null;
  action: string;
  details: unknown;
}

/** `total` is exact up to COUNT_CAP; past it, `total` is COUNT_CAP and `totalIsLowerBound` is true
 * (counting a million rows for every page would cost more than the page). */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  totalIsLowerBound?: boolean;
}
export const COUNT_CAP = 10_000;
export interface RunFilter {
  status?: string;
  triggeredBy?: string;
  version?: number;
  limit: number;
  offset: number;
}

/** An accepted `immediate` execution waiting or running. `attempts` counts claims; `crashes` the
 * attempts that ended with their process or worker dead (a claim left behind by a dead process, or
 * a run that ended with a CRASH_CODES error). */
export interface QueuedJob {
  id: string;
  runId: string;
  patternId: string;
  ownerId: string;
  version: number;
  event: unknown;
  attempts: number;
  crashes: number;
  runAt: string;
}
/** What a claim may take: at most `perOwner` running jobs per owner and `perDeployment` per
 * deployment (store/fair.ts); with `minCrashes`, only jobs that crashed at least that often. */
export interface ClaimRules {
  perOwner: number;
  perDeployment: number;
  minCrashes?: number;
}
/** An idempotency key to claim with an enqueue: `since` is the start of its 24-hour window. */
export interface KeyClaim {
  key: string;
  now: string;
  since: string;
}

/** Ciphertext, IV and tag of a value sealed with AES-256-GCM (src/accounts/secrets.ts). */
export interface SealedValue {
  ciphertext: string;
  iv: string;
  tag: string;
}

/** `pending`: an OAuth authorization-code connection not yet authorized; `error`: a refresh failed
 * (Reconnect restores it); `active` otherwise. */
export type ConnectionStatus = 'active' | 'pending' | 'error';
/** A saved connection (SPEC §14). The store sees only sealed values. `tokenVersion` counts token
 * writes: refreshes are claimed and written conditionally on it. */
export interface ConnectionRecord {
  id: string;
  ownerId: string;
  provider: string;
  displayName: string;
  authType: string;
  status: ConnectionStatus;
  statusMessage: string | null;
  /** The sealed JSON object of credential values. */
  credentials: SealedValue;
  /** The sealed OAuth tokens (sealed for `tokenVersion`), or null. */
  tokens: SealedValue | null;
  tokenVersion: number;
  tokenExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}
/** A pending OAuth authorization (its `state`, kept by SHA-256, and its sealed PKCE verifier). */
export interface OAuthStateRecord {
  stateHash: string;
  ownerId: string;
  provider: string;
  displayName: string;
  /** The connection a Reconnect re-authorizes; null for a new one. */
  connectionId: string | null;
  verifier: SealedValue;
  redirectUri: string;
  createdAt: string;
  expiresAt: string;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;

  // Accounts. The first user is created through `createFirstUser`, which only one caller can win.
  countUsers(): Promise<number>;
  createFirstUser(u: Omit<UserWithSecret, 'role' | 'createdAt'>): Promise<User | null>;
  createUser(u: Omit<UserWithSecret, 'createdAt'>): Promise<User>;
  findUserByEmail(email: string): Promise<UserWithSecret | undefined>;
  getUser(id: string): Promise<User | undefined>;
  /** Every user, oldest first (the admin's Users page); never a password hash. */
  listUsers(): Promise<User[]>;
  createToken(t: Omit<Token, 'lastUsedAt'> & { hash: string }): Promise<void>;
  /** The token with this hash and its user, unless it has expired by `now` (or was revoked). */
  findToken(hash: string, now: string): Promise<{ token: Token; user: User } | undefined>;
  /** A user's tokens that have not expired by `now`, newest first. */
  listTokens(userId: string, now: string): Promise<Token[]>;
  /** Revokes one of the user's tokens; false when the user has no token with this id. */
  deleteToken(userId: string, id: string): Promise<boolean>;
  /** Records a use of the token. */
  touchToken(id: string, now: string): Promise<void>;
  /** Deletes the tokens expired by `now`; returns how many. */
  pruneTokens(now: string): Promise<number>;

  // Patterns (drafts).
  /** Creates the pattern unless its id is taken: by a pattern that exists, or by another owner's
   * pattern ever (an owner's deleted ids stay reserved for that owner). False when taken. */
  createPattern(p: PatternRecord): Promise<boolean>;
  getPattern(id: string): Promise<PatternRecord | undefined>;
  getPatternByWebhookId(webhookId: string): Promise<PatternRecord | undefined>;
  listPatterns(ownerId: string, q: { search?: string; tag?: string; limit: number; offset: number }): Promise<Page<PatternRecord>>;
  /** Stores a new draft; with `expectedRevision`, only if nobody saved since (else false). */
  updatePattern(id: string, document: PatternDocument, now: string, expectedRevision?: number): Promise<PatternRecord | false>;
  setWebhookSecret(id: string, secret: string, now: string): Promise<void>;
  /** Deletes the draft, its deployment and versions; its id stays reserved for its owner. */
  deletePattern(id: string): Promise<void>;

  // Deployments and versions.
  /** Records version max+1 of the pattern and makes it the live one, in one transaction. */
  recordDeploy(d: {
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
  }): Promise<{ deployment: DeploymentRecord; version: VersionRecord }>;
  getDeployment(patternId: string): Promise<DeploymentRecord | undefined>;
  getDeploymentById(id: string): Promise<DeploymentRecord | undefined>;
  /** One owner's deployments, newest deploy first; `search` matches the pattern's name or description
   * (case-insensitive). Paged through an index: the cost does not grow with the number of them. */
  listDeployments(
    ownerId: string,
    q: { search?: string | undefined; limit: number; offset: number },
  ): Promise<Page<DeploymentRecord & { patternName: string; ownerId: string; trigger: string }>>;
  /** The circuit breaker's probe after its cooldown, claimed: moves `paused_at` to `now` if the
   * deployment is still paused by the breaker since `pausedAt` (of several instances, one claims it). */
  claimBreakerProbe(patternId: string, pausedAt: string, now: string): Promise<boolean>;
  /** Every deployment's id, pattern, version and its live version's settings, from its stored summary
   * (retention's pass: one narrow query, no document read); `settings` may be left out when they
   * hold no retention rule. */
  deploymentRefs(): Promise<{ id: string; patternId: string; version: number; settings: VersionSummary['settings'] }[]>;
  /** A status change, conditional on the status being one of `from` (SPEC §13: of several instances
   * changing it at once, one lands); undefined when it was not (or there is no deployment). */
  setDeploymentStatus(
    patternId: string,
    s: { status: DeploymentStatus; from: readonly DeploymentStatus[]; pausedReason?: string | null; pausedBy?: string | null; now: string },
  ): Promise<DeploymentRecord | undefined>;
  listVersions(patternId: string): Promise<Omit<VersionRecord, 'document'>[]>;
  getVersion(patternId: string, version: number): Promise<VersionRecord | undefined>;
  /** Every deployment not undeployed (or the one of `patternId`), with its pattern's identity and its
   * live version's summary, no document (start-up, and another instance's change). */
  liveVersions(patternId?: string): Promise<LiveRecord[]>;

  // Executions.
  /** A new execution id (store/run-ids.ts): time-ordered, after every id the database holds. */
  newRunId(): string;
  /** Inserts runs, or updates the status, end, error and log of runs saved before (the recorder
   * batches these). `log`: the node log as runtime/trace.ts stores it. */
  saveRuns(runs: SavedRun[]): Promise<void>;
  getRun(id: string): Promise<(RunRecord & { log: RunLog | null }) | undefined>;
  /** A run's node log as stored (runtime/trace.ts: with its tape, for inspection), or null. */
  getStoredLog(id: string): Promise<string | null>;
  /** The stored node logs of a deployment's newest `limit` finished runs since `since` (of one
   * version, if given), for the per-node profile. */
  recentLogs(deploymentId: string, since: string, version: number | undefined, limit: number): Promise<string[]>;
  listRuns(deploymentId: string, f: RunFilter): Promise<Page<RunRecord>>;
  /** Health: counts by (bucket, trigger, status) since a time, bucketed by the first `bucketChars`
   * characters of `started_at` (16 = minute, 13 = hour, 10 = day), and the duration percentiles. */
  runStats(
    deploymentId: string,
    since: string,
    bucketChars: number,
  ): Promise<{
    groups: { bucket: string; triggeredBy: string; status: string; count: number }[];
    durations: { p50: number | null; p95: number | null; p99: number | null };
  }>;
  /** Deletes up to `batch` finished runs that started before `olderThan`, oldest first: of one
   * deployment; or (without `scope`) those of no deployment (test runs, deleted patterns'); or
   * (`{except}`) those of every deployment but these, and of none (one query for all deployments
   * on the server's default rule, however many there are). */
  pruneRuns(olderThan: string, batch: number, scope?: string | { except: readonly string[] }): Promise<number>;
  /** Deletes up to `batch` finished runs of a deployment older than its newest `keep`, oldest first. */
  pruneRunsBeyond(deploymentId: string, keep: number, batch: number): Promise<number>;
  /** After deleting: gives free space back to the file system where the database keeps it (SQLite:
   * an incremental vacuum, in small steps off the event loop); nothing elsewhere. */
  reclaim(): void;

  // The schedule ledger: one row per (pattern, scheduled time), whoever records it first.
  /** Records the ticks that no row holds yet; returns the indexes (in `ticks`) of those it recorded.
   * A tick recorded before (by another instance, or twice here) is not recorded or run again. */
  recordTicks(ticks: ScheduleTick[]): Promise<number[]>;
  /** A pattern's recorded ticks, newest first. */
  listTicks(patternId: string, limit: number): Promise<ScheduleTick[]>;
  /** The latest recorded tick of each pattern (catch-up at start). */
  lastTicks(): Promise<Map<string, string>>;
  /** Deletes up to `batch` ledger rows of ticks before `olderThan`. */
  pruneTicks(olderThan: string, batch: number): Promise<number>;

  // Webhook idempotency: the first caller of a key wins; others get the first run id. Keys are
  // compared whole (a long key is stored as its SHA-256, jobs.ts).
  claimIdempotencyKey(patternId: string, key: string, runId: string, now: string, since: string): Promise<string | null>;
  /** Gives a key back when its request failed before its execution started (only `runId`'s claim). */
  releaseIdempotencyKey(patternId: string, key: string, runId: string): Promise<void>;

  // The instances sharing the database (SPEC §13; store/cluster.ts).
  /** Registers this process: a row, and a run-id slot no live instance holds; from here on this
   * store's run ids are unique across instances and the runs it saves name this instance. */
  registerInstance(i: { id: string; host: string; pid: number; now: string }): Promise<{ n: number; slot: number }>;
  /** Renews this instance's lease; false when another instance reaped it meanwhile. */
  heartbeat(now: string): Promise<boolean>;
  /** A clean stop: its slot is free, and what it left is reaped at once. */
  stopInstance(now: string): Promise<void>;
  /** Reaps the instances (but this one) that stopped or were last seen before `cutoff`: their
   * running executions that were not queued become `interrupted`, their queue claims are put back
   * (each a crash); each instance is reaped once, by one caller. `legacy`: also work of processes
   * from before migration 015 (at a start). */
  reapInstances(now: string, cutoff: string, legacy?: boolean): Promise<Reaped>;
  /** Instances alive (not stopped or reaped), and those last seen since `since`. */
  listInstances(since: string): Promise<InstanceRow[]>;

  // Durable queue of accepted `immediate` executions.
  /** Writes the job. With `key`, the key is claimed in the same transaction: when another run holds
   * it, nothing is written and that run's id is returned (else null). */
  enqueue(job: QueuedJob, key?: KeyClaim): Promise<string | null>;
  /** Claims up to `limit` unclaimed ready jobs under `rules` (oldest first, owners in turn); each
   * claim counts an attempt. (A dead instance's claims are put back by reapInstances.) */
  claimJobs(workerId: string, now: string, limit: number, rules: ClaimRules): Promise<QueuedJob[]>;
  finishJob(id: string): Promise<void>;
  queueDepth(): Promise<number>;
  /** Puts this worker's claimed jobs back, not counting their attempt (a shutdown out of time). */
  releaseJobs(workerId: string): Promise<number>;
  /** Puts a claimed job back to run again at `runAt` (a retry); `crashed`: its attempt crashed. */
  retryJob(id: string, runAt: string, crashed?: boolean): Promise<void>;

  // Secrets, stored sealed (src/accounts/secrets.ts); the store never sees a value.
  putSecret(ownerId: string, name: string, sealed: { ciphertext: string; iv: string; tag: string }, now: string): Promise<void>;
  deleteSecret(ownerId: string, name: string): Promise<boolean>;
  listSecrets(ownerId: string): Promise<{ name: string; updatedAt: string; ciphertext: string; iv: string; tag: string }[]>;

  // Connections (SPEC §14), stored sealed (src/connections/vault.ts).
  createConnection(c: ConnectionRecord): Promise<void>;
  getConnection(id: string): Promise<ConnectionRecord | undefined>;
  /** An owner's connections, oldest first. */
  listConnections(ownerId: string): Promise<ConnectionRecord[]>;
  /** Changes the name and/or the credentials; with `tokens`, writes them as version `tokenVersion`+1
   * provided the version is still `expectedVersion` (else false, nothing written). */
  updateConnection(
    id: string,
    patch: {
      displayName?: string;
      credentials?: SealedValue;
      status?: ConnectionStatus;
      statusMessage?: string | null;
      tokens?: { expectedVersion: number; sealed: SealedValue | null; expiresAt: string | null };
    },
    now: string,
  ): Promise<ConnectionRecord | false>;
  deleteConnection(ownerId: string, id: string): Promise<boolean>;
  /** Claims the lease to refresh the tokens of version `version` until `until`: true when the
   * version is still `version` and nobody else's lease runs at `now`. One winner across processes. */
  claimConnectionRefresh(id: string, version: number, holder: string, now: string, until: string): Promise<boolean>;
  /** Gives a lease back (a refresh that wrote nothing). */
  releaseConnectionRefresh(id: string, holder: string): Promise<void>;
  /** Marks the connection `error` unless its tokens changed since `version` (another refresh won). */
  markConnectionError(id: string, version: number, message: string, now: string): Promise<boolean>;
  putOAuthState(s: OAuthStateRecord): Promise<void>;
  /** Takes (deletes and returns) a pending authorization unexpired at `now`: a state works once.
   * Expired ones are deleted on the way. */
  takeOAuthState(stateHash: string, now: string): Promise<OAuthStateRecord | undefined>;
  /** A pending authorization unexpired at `now`, left in place (continuing it in a browser). */
  peekOAuthState(stateHash: string, now: string): Promise<OAuthStateRecord | undefined>;

  // Integration packs. Every installed version is kept (by its document's digest) for the deployed
  // versions compiled with it.
  /** Stores the version and makes it the slug's installed one, unless a newer version is installed
   * (compared by `newer`, a semantic version order): then nothing changes and the installed version is
   * returned. Installing the same or a newer version replaces the installed one. */
  installPack(
    p: { slug: string; version: string; digest: string; document: unknown; userId: string | null; now: string },
    compare: (a: string, b: string) => number,
  ): Promise<{ installed: true } | { installed: false; current: string }>;
  listPacks(): Promise<PackRecord[]>;
  getPack(slug: string): Promise<PackRecord | undefined>;
  /** Removes the slug's installed version (its stored versions stay); false when none is installed. */
  deletePack(slug: string): Promise<boolean>;
  /** Every stored version of every pack (start-up: deployed versions may name any of them). */
  packVersions(): Promise<PackVersionRecord[]>;
  getPackVersion(slug: string, digest: string): Promise<PackVersionRecord | undefined>;

  // Small named values (schedules' last fire time).
  getValue(key: string): Promise<string | undefined>;
  setValue(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key has one; returns the value stored (the first writer's). */
  claimValue(key: string, value: string): Promise<string>;

  // Audit trail.
  addAudit(e: AuditEntry): Promise<void>;
  listAudit(q: { ownerId: string | null; patternId?: string; limit: number; offset: number }): Promise<Page<AuditEntry>>;
}
