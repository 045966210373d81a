// Every service of the server, built in one place from one configuration (ARCHITECTURE habit 9).
import { join } from 'node:path';
import type { Store } from '../store/types.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { createRegistry } from '../nodes/index.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { Engine } from '../deploy/engine.js';
import { LiveRegistry } from '../deploy/registry.js';
import type { LiveEvents } from '../deploy/executions.js';
import { RunRecorder } from '../history/recorder.js';
import type { ExecutionHistory } from '../history/types.js';
import { PackLibrary } from '../packs/library.js';
import { QueueWorker } from '../triggers/queue.js';
import { ScheduleRunner } from '../triggers/schedule.js';
import { TriggerActivity } from '../triggers/activity.js';
import { EventHub } from '../deploy/event-hub.js';
import { createMetrics, type Metrics } from './metrics.js';
import { SecretStore } from '../accounts/secret-store.js';
import { loadKey } from '../accounts/secrets.js';
import { LoginThrottle } from '../accounts/limiter.js';
import { DEFAULT_COST, type HashCost } from '../accounts/passwords.js';
import type { RunOptions } from '../runtime/execute.js';
import { DEFAULT_POOL, WorkerPool } from '../isolation/pool.js';
import { Executor } from '../isolation/executor.js';
import { DEFAULT_BUDGETS } from '../deploy/budgets.js';
import { Retention } from '../deploy/retention.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Connections } from '../connections/service.js';
import { policySend } from '../connections/send.js';
import type { ProviderCatalog } from '../connections/port.js';
import type { OAuthClient } from '../connections/oauth.js';
import { Membership } from '../cluster/membership.js';
import { LocalBus, PgBus } from '../cluster/bus.js';
import { announcer, ClusterLink } from '../cluster/link.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** Folder of the embedded SQLite database (ignored with `databaseUrl`). */
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PostgreSQL schema (tests isolate themselves with one). */
  databaseSchema?: string | undefined;
  allowSignup: boolean;
  /** Base of webhook URLs shown to users; default: the address the request came to. */
  publicUrl?: string | undefined;
  webhookBodyLimit: number;
  passwordCost: HashCost;
  logLevel: string;
  /** Executions older than this are pruned (hourly, in small batches), unless a pattern's
   * `settings.retentionDays` says otherwise (deploy/retention.ts). */
  retentionDays: number;
  /** At most this many executions kept per deployment (null: no limit), unless `settings.retentionCount`. */
  retentionCount: number | null;
  /** Outbound HTTP policy of HTTPRequest nodes (docs/semantics.md, "HTTP requests"). */
  http?: RunOptions['http'];
  /** Environment variables GetEnvironment may read; no other is ever readable. */
  allowEnv: string[];
  /** AES-256 key for secrets at rest (hex or base64); default: $DRAGOPS_SECRETS_KEY, else a key file in dataDir. */
  secretsKey?: string | undefined;
  /** First retry delay of `settings.retries` (doubling each attempt, with jitter). */
  retryBaseMs: number;
  /** Execution workers (docs/semantics.md "Limits of an execution"): kept running, at most, heap MB each. */
  workers: number;
  maxWorkers: number;
  executionMemoryMb: number;
  /** The latest deadline any execution gets (an admin's cap on settings.timeoutMs). */
  maxTimeoutMs: number;
  /** Executions one call tree may start; pattern calls per second into one deployment. */
  maxTreeExecutions: number;
  maxCallRate: number;
  /** Queued (`immediate`) executions run at once by this process… */
  queueConcurrency: number;
  /** …of which at most this many of one owner's (all their deployments)… */
  ownerConcurrency: number;
  /** …and at most this many of one deployment's (docs/semantics.md, "The queue"). */
  deploymentConcurrency: number;
  /** A queued execution whose attempts crashed the process (or its worker) this many times is
   * recorded `dead_letter` (EXECUTION_CRASHED) and not run again. */
  maxCrashAttempts: number;
  /** The providers connections can be made for (SPEC §14): the installed packs' `connection`
   * sections (src/packs implements it); none by default. */
  providers?: ProviderCatalog | undefined;
  /** OAuth clients registered on this server, by provider, for authorization-code providers whose
   * pack does not ask the user for a `clientId` (the redirect URI to register with the provider is
   * `<publicUrl>/api/connections/oauth/callback`). */
  oauthClients?: Readonly<Record<string, OAuthClient>> | undefined;
  /** An instance not seen for this long is taken for dead by the others (SPEC §13, `--lease-seconds`):
   * its queued executions run again elsewhere, its other running ones become `interrupted`. */
  leaseSeconds: number;
  /** Called when the other instances took this one for dead (default: logged only; `dragops serve`
   * exits, to be restarted clean). */
  onFenced?: (() => void) | undefined;
}

export const defaultConfig = (over: Partial<ServerConfig> = {}): ServerConfig => ({
  host: '127.0.0.1',
  port: 3000,
  dataDir: './data',
  allowSignup: false,
  webhookBodyLimit: 1024 * 1024,
  passwordCost: DEFAULT_COST,
  logLevel: 'info',
  retentionDays: 14,
  retentionCount: null,
  allowEnv: [],
  retryBaseMs: 1000,
  workers: DEFAULT_POOL.workers,
  maxWorkers: DEFAULT_POOL.maxWorkers,
  executionMemoryMb: DEFAULT_POOL.memoryMb,
  maxTimeoutMs: 3_600_000,
  maxTreeExecutions: DEFAULT_BUDGETS.maxTreeExecutions,
  maxCallRate: DEFAULT_BUDGETS.maxCallRate,
  queueConcurrency: 16,
  ownerConcurrency: 8,
  deploymentConcurrency: 4,
  maxCrashAttempts: 3,
  leaseSeconds: 30,
  ...over,
});

export interface Services {
  config: ServerConfig;
  store: Store;
  registry: NodeRegistry;
  engine: Engine;
  /** Where executions are written (src/history): flushed before reading runs just recorded. */
  history: ExecutionHistory;
  queue: QueueWorker;
  schedules: ScheduleRunner;
  /** This process's id among the instances sharing the database (SPEC §13). */
  instanceId: string;
  membership: Membership;
  /** Messages to and from the other instances (deployment changes, breaker counts, live events). */
  cluster: ClusterLink;
  retention: Retention;
  activity: TriggerActivity;
  events: EventHub;
  secrets: SecretStore;
  /** Saved connections; also the ConnectionResolver pack nodes resolve their `config.connection` with. */
  connections: Connections;
  metrics: Metrics;
  loginLimiter: LoginThrottle;
  close(): Promise<void>;
}

export type Log = { error(o: unknown, m?: string): void; info(o: unknown, m?: string): void };

/** `registry`: the node library (default: the built-in one; tests give one with more node versions). */
export async function createServices(config: ServerConfig, log: Log, opts: { registry?: NodeRegistry } = {}): Promise<Services> {
  /** This process among the instances sharing a database (SPEC §13): host, pid and a random part. */
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const store = config.databaseUrl
    ? await openPostgresStore(config.databaseUrl, { schema: config.databaseSchema })
    : await openSqliteStore(join(config.dataDir, 'dragops.db'));
  // Every instance must open the secrets the others sealed: a wrong key refuses to start, before
  // this instance registers or touches anything.
  const key = loadKey(config.secretsKey ?? process.env.DRAGOPS_SECRETS_KEY, config.dataDir);
  try {
    await new SecretStore(store, key).checkKey();
  } catch (e) {
    await store.close();
    throw e;
  }
  const registry = opts.registry ?? createRegistry();
  const packs = new PackLibrary();
  const secrets = new SecretStore(store, key);
  const connections = new Connections({
    store,
    key,
    // The installed packs say how each provider authenticates.
    providers: config.providers ?? packs,
    send: policySend(config.http),
    oauthClients: config.oauthClients,
  });
  const history = new RunRecorder(store, (e) => log.error({ err: e }, 'saving execution history failed'));
  const retention = new Retention(
    store,
    { days: config.retentionDays, count: config.retentionCount },
    (e) => log.error({ err: e }, 'pruning old executions failed'),
    () => history.flush(),
  );
  const events = new EventHub();
  const activity = new TriggerActivity();
  const metrics = createMetrics(instanceId);
  const live = new LiveRegistry();
  /** Live events of this instance: to its dashboards, the other instances' (cluster), and metrics. */
  const publish: LiveEvents = (owner, type, data) => {
    events.publish(owner, type, data);
    cluster.event(owner, type, data); // `cluster` is made right after the engine, before anything runs
    if (type === 'execution.finished') {
      const r = data as { status: string; triggeredBy: string; durationMs: number | null; deploymentId: string | null; patternId: string };
      retention.recordedRun(r.deploymentId, live.get(r.patternId)?.settings);
      metrics.executions.of(r.status, r.triggeredBy).n++;
      if (r.durationMs !== null) metrics.duration.of(r.triggeredBy).observe(r.durationMs / 1000);
    }
    if (
      type === 'deployment.changed' &&
      (data as { pausedBy?: string | null }).pausedBy === 'circuit_breaker' &&
      (data as { status: string }).status === 'paused'
    )
      metrics.breakerTrips.of().n++;
  };
  const bus = store.dialect === 'postgres' && config.databaseUrl ? new PgBus(config.databaseUrl, config.databaseSchema, instanceId, log) : new LocalBus();
  const pool = new WorkerPool({
    workers: config.workers,
    maxWorkers: config.maxWorkers,
    memoryMb: config.executionMemoryMb,
    graceMs: DEFAULT_POOL.graceMs,
    warm: true,
    log,
  });
  const allowed = new Set(config.allowEnv);
  const engine = new Engine({
    store,
    registry,
    log,
    history,
    live,
    packs,
    secrets,
    connections,
    executor: new Executor(pool),
    maxTimeoutMs: config.maxTimeoutMs,
    budgets: { maxTreeExecutions: config.maxTreeExecutions, maxCallRate: config.maxCallRate },
    runOptions: { ...(config.http ? { http: config.http } : {}), environment: (name) => (allowed.has(name) ? process.env[name] : undefined) },
    onEvent: publish,
    onCall: (callee, caller) => activity.call(callee, caller),
    announce: announcer(bus),
  });
  const cluster = new ClusterLink(bus, engine, events, secrets, log, () => queue.kick());
  const queue = new QueueWorker(store, engine, history, log, {
    concurrency: config.queueConcurrency,
    perOwner: config.ownerConcurrency,
    perDeployment: config.deploymentConcurrency,
    maxCrashAttempts: config.maxCrashAttempts,
    retryBaseMs: config.retryBaseMs,
    instanceId,
    onEvent: publish,
    onQueued: () => cluster.jobsQueued(),
  });
  const membership = new Membership(store, {
    id: instanceId,
    host: hostname(),
    pid: process.pid,
    leaseMs: config.leaseSeconds * 1000,
    single: store.dialect === 'sqlite',
    log,
    onFenced: config.onFenced,
    onReleased: () => queue.released(), // claims now what a reaping put back
  });
  // Registered (and the instances gone reaped) before anything here runs or is loaded.
  try {
    await membership.join();
  } catch (e) {
    await pool.close();
    throw e;
  }
  // Messages from the other instances are heard before the deployments are loaded (none missed).
  if (bus instanceof PgBus) await bus.start();
  cluster.start();
  events.onSubscribers = () => cluster.subscribersChanged();
  await engine.start();
  await queue.start();
  const schedules = new ScheduleRunner(store, engine, activity, log, instanceId);
  engine.onChange((id) => schedules.sync(id));
  activity.onWebhook = (outcome) => {
    metrics.webhooks.of(outcome).n++;
  };
  await schedules.start();
  void schedules.warm();
  /** Schedule ticks stay in the ledger this long (at most a week: an every-second schedule writes 86,400 a day). */
  const tickDays = Math.min(config.retentionDays, 7);
  const pruneTicks = async () => {
    const before = new Date(Date.now() - tickDays * 86_400_000).toISOString();
    while ((await store.pruneTicks(before, 5000)) > 0) await new Promise((r) => setImmediate(r));
  };
  const prune = () =>
    Promise.all([
      retention.pass().then(
        (r) => {
          if (r.deleted > 0) log.info({ deleted: r.deleted }, 'retention: old executions deleted');
        },
        () => {},
      ),
      store.pruneTokens(new Date().toISOString()).catch((e) => log.error({ err: e }, 'pruning expired tokens failed')),
      pruneTicks().catch((e) => log.error({ err: e }, 'pruning old schedule ticks failed')),
    ]);
  const pruner = setInterval(prune, 3600_000);
  pruner.unref();
  // The first pass a little after start, not during it (start-up stays short: issue 16).
  const firstPrune = setTimeout(() => void prune(), 5_000);
  firstPrune.unref();
  let closing: Promise<void> | undefined;
  return {
    config,
    instanceId,
    membership,
    cluster,
    store,
    registry,
    engine,
    history,
    queue,
    schedules,
    activity,
    events,
    secrets,
    connections,
    metrics,
    retention,
    loginLimiter: new LoginThrottle(),
    // Once, however often it is called.
    close: () => (closing ??= shutdown()),
  };
  async function shutdown() {
    clearInterval(pruner);
    clearTimeout(firstPrune);
    schedules.stop();
    await queue.stop();
    await engine.drain();
    await history.flush();
    await pool.close();
    await cluster.stop();
    await membership.leave();
    await store.close();
  }
}
