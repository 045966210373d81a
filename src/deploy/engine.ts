// The execution engine of the server: the deployment state machine (deploy, rollback, pause, resume,
// undeploy: conditional writes, then in force here, announced to the other instances and audited),
// and the wiring of its parts — the live deployments (registry.ts) kept in line with the store
// (sync.ts), their plans (plans.ts), running executions (executions.ts) and the circuit breakers.
import { randomUUID } from 'node:crypto';
import type { CompiledPattern } from '../compiler/index.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { PatternDocument } from '../pattern/schema.js';
import type { DeploymentRecord, DeploymentStatus, PatternRecord, Store, User, VersionRecord } from '../store/types.js';
import { summarize } from '../pattern/summary.js';
import type { RunOptions } from '../runtime/execute.js';
import { Executor } from '../isolation/executor.js';
import { CallBudgets, DEFAULT_BUDGETS, type BudgetOptions } from './budgets.js';
import { DragopsError } from '../errors/error.js';
import { WebhookCaptures } from '../triggers/capture.js';
import type { Breaker } from './breaker.js';
import { Breakers } from './breakers.js';
import { PackLibrary, pinsOf } from '../packs/library.js';
import type { PackDocument } from '../packs/schema.js';
import type { ConnectionResolver } from '../connections/port.js';
import type { ExecutionHistory } from '../history/types.js';
import { type Live, LiveRegistry } from './registry.js';
import { LiveSync } from './sync.js';
import { checkConnections, Plans, PlanSlot } from './plans.js';
import { Executions, type ExecutionsOptions, type LiveEvents } from './executions.js';
import { now } from './clock.js';

/** The engine's parts and collaborators, given at construction (server/services.ts). What executions
 * need is documented where they use it (ExecutionsOptions). */
export interface EngineOptions extends Partial<
  Pick<ExecutionsOptions, 'executor' | 'maxTimeoutMs' | 'secrets' | 'connections' | 'runOptions' | 'onEvent' | 'onCall'>
> {
  store: Store;
  registry: NodeRegistry;
  log: { error(o: unknown, m?: string): void; info(o: unknown, m?: string): void };
  /** Where executions are written (src/history). */
  history: ExecutionHistory;
  /** The live deployments (default: a new, empty registry). */
  live?: LiveRegistry;
  budgets?: BudgetOptions;
  /** The installed integration packs (and every version a deployed plan may use). */
  packs?: PackLibrary;
  /** Told after this instance changed a deployment (the other instances read it again: cluster/link.ts). */
  announce?: (patternId: string) => Promise<void>;
}

/** Who changes a deployment's status, and why. */
export interface StatusChange {
  userId: string | null;
  pausedBy?: string;
  reason?: string | null;
  details?: unknown;
}

export class Engine {
  readonly store: Store;
  readonly registry: NodeRegistry;
  /** The live deployments of this instance. */
  readonly live: LiveRegistry;
  readonly plans: Plans;
  readonly executions: Executions;
  private readonly sync: LiveSync;
  /** The installed integration packs (and every version a deployed plan may use). */
  readonly packs: PackLibrary;
  readonly executor: Executor;
  readonly runOptions: Pick<RunOptions, 'http' | 'environment'>;
  /** The circuit breakers of the live deployments (breakers.ts). */
  readonly breakers: Breakers;
  /** Capture mode of webhooks whose pattern is not deployed (the editor's sample requests). */
  readonly captures = new WebhookCaptures();
  /** True once start() has loaded every deployment (readiness). */
  ready = false;
  private readonly onEvent: LiveEvents | undefined;
  private readonly announce: ((patternId: string) => Promise<void>) | undefined;

  constructor(o: EngineOptions) {
    this.store = o.store;
    this.registry = o.registry;
    this.onEvent = o.onEvent;
    this.announce = o.announce;
    this.live = o.live ?? new LiveRegistry();
    this.packs = o.packs ?? new PackLibrary();
    this.executor = o.executor ?? new Executor(undefined);
    this.runOptions = o.runOptions ?? {};
    this.plans = new Plans(o.store, o.registry, this.packs, this.live, o.log);
    this.sync = new LiveSync(o.store, this.live, this.plans);
    this.breakers = new Breakers(
      (id) => this.live.get(id),
      async (patternId, status, by) => {
        const p = await this.store.getPattern(patternId);
        if (p) await this.setStatusIf(p, status, { userId: null, pausedBy: 'circuit_breaker', ...by });
      },
      o.log,
      o.store,
    );
    this.executions = new Executions({
      store: o.store,
      live: this.live,
      history: o.history,
      executor: this.executor,
      budgets: new CallBudgets(o.budgets ?? DEFAULT_BUDGETS),
      breakers: this.breakers,
      maxTimeoutMs: o.maxTimeoutMs ?? Infinity,
      secrets: o.secrets,
      connections: o.connections,
      runOptions: this.runOptions,
      onEvent: o.onEvent,
      onCall: o.onCall,
    });
  }

  /** Resolves pack nodes' connections (executions.ts). */
  get connections(): ConnectionResolver | undefined {
    return this.executions.connections;
  }

  /** Loads the installed packs, and (`all`) every stored version: deployed versions may name any. */
  async loadPacks(all = true): Promise<void> {
    if (all) for (const v of await this.store.packVersions()) if (!this.packs.has(v.slug, v.digest)) this.packs.add(v.document as PackDocument, v.digest);
    const installed = await this.store.listPacks();
    for (const p of installed) this.packs.add(p.document as PackDocument, p.digest, p.installedAt);
    for (const p of this.packs.list()) if (!installed.some((i) => i.slug === p.slug)) this.packs.remove(p.slug);
  }

  /** Loads every active or paused deployment (runs left by instances that died were dealt with by
   * cluster/membership.ts before). */
  async start(): Promise<void> {
    await this.loadPacks();
    // Loaded, not compiled: each plan is read and compiled on its first use (Live).
    await this.sync.loadAll();
    this.ready = true;
  }

  // What the triggers, the API and the tests ask of the parts, in one place.
  get(patternId: string): Live | undefined {
    return this.live.get(patternId);
  }
  all(): Live[] {
    return this.live.all();
  }
  byWebhookId(webhookId: string): Live | undefined {
    return this.live.byWebhookId(webhookId);
  }
  /** Called after every change of a live deployment (deploy, pause, resume, undeploy, delete). */
  onChange(f: (patternId: string) => void): void {
    this.live.onChange(f);
  }
  compileFor(doc: unknown, ownerId: string, nodeVersions?: VersionRecord['nodeVersions']) {
    return this.plans.compileFor(doc, ownerId, nodeVersions);
  }
  compileVersion(v: VersionRecord, ownerId: string) {
    return this.plans.compileVersion(v, ownerId);
  }
  /** The plan a queued execution was accepted on (compiled again after a restart). */
  planFor(patternId: string, version: number): Promise<CompiledPattern | undefined> {
    return this.plans.planFor(patternId, version);
  }
  /** Runs one execution and records it (executions.ts). */
  run: Executions['run'] = (l, compiled, event, meta) => this.executions.run(l, compiled, event, meta);
  /** Resolves once every execution running now has ended and been handed to the history. */
  drain(): Promise<void> {
    return this.executions.drain();
  }
  breaker(patternId: string): Breaker {
    return this.breakers.of(patternId);
  }

  /** A rotated webhook secret takes effect at once (here; on the other instances when told). */
  secretChanged(patternId: string, secret: string): void {
    const l = this.live.get(patternId);
    if (l) this.live.replace(l.with({ webhookSecret: secret }), false);
    void this.announce?.(patternId);
  }
  /** A deleted pattern stops serving at once (here; on the other instances when told). */
  forget(patternId: string): void {
    this.live.drop(patternId);
    void this.announce?.(patternId);
  }

  /** Deploy = compile + new immutable version + load, atomically; a failed compile changes nothing. */
  async deploy(p: PatternRecord, user: User, opts: { note?: string | null; version?: number }) {
    let doc: PatternDocument = p.document;
    let nodeVersions: VersionRecord['nodeVersions'] | undefined; // a draft: the newest of each node type
    if (opts.version !== undefined) {
      const v = await this.store.getVersion(p.id, opts.version);
      if (!v) throw new DragopsError('NOT_FOUND', `version ${opts.version} of this pattern not found`);
      doc = v.document;
      nodeVersions = v.nodeVersions ?? {}; // a rollback runs the node versions that version ran
    }
    if (doc.nodes.some((n) => n.type.includes('.'))) await this.loadPacks(false); // packs installed through another instance
    const r = await this.plans.compileFor(doc, p.ownerId, nodeVersions);
    if (!r.ok)
      throw new DragopsError('COMPILE_FAILED', `the pattern has ${r.errors.length} compile error${r.errors.length > 1 ? 's' : ''}; nothing was deployed`, {
        details: {
          errors: r.errors,
          warnings: r.warnings,
        },
      });
    await checkConnections(r.compiled, p.ownerId, this.connections);
    const brokenCallers = await this.plans.callersBrokenBy(p, r.compiled);
    const previous = this.live.get(p.id);
    const at = now();
    let rec;
    try {
      rec = await this.store.recordDeploy({
        deploymentId: previous?.deploymentId ?? `dep_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
        patternId: p.id,
        document: doc,
        compilerVersion: r.compiled.compilerVersion,
        callees: r.compiled.callees,
        packs: pinsOf(r.compiled.packs),
        nodeVersions: r.compiled.nodeVersions,
        note: opts.note ?? null,
        userId: user.id,
        now: at,
      });
    } catch (e) {
      throw new DragopsError('CONFLICT', `another deploy of this pattern happened at the same time; try again (${(e as Error).message})`);
    }
    const live = this.sync.install(p, rec.deployment, summarize(r.compiled.document), PlanSlot.of(r.compiled)); // the swap: new executions use the new plan from here on
    this.onEvent?.(p.ownerId, 'deployment.changed', rec.deployment);
    await this.announce?.(p.id);
    await this.store.addAudit({
      at,
      userId: user.id,
      patternId: p.id,
      deploymentId: rec.deployment.id,
      action: opts.version !== undefined ? 'rollback' : 'deploy',
      details: { version: rec.version.version, fromVersion: opts.version ?? null, note: opts.note ?? null },
    });
    return { deployment: rec.deployment, version: rec.version, warnings: r.warnings, live, brokenCallers };
  }

  /** Pauses, resumes or undeploys, from the status just read: NOT_FOUND without a deployment,
   * CONFLICT for a change that is not allowed or that another request made at the same moment. */
  async setStatus(p: PatternRecord, status: DeploymentStatus, by: StatusChange): Promise<DeploymentRecord> {
    const updated = await this.transition(p, status, by, undefined);
    if (!updated) throw new DragopsError('CONFLICT', 'the deployment was changed at the same moment by another request; look at it again and retry');
    return updated;
  }

  /** The same change, made only from one of the statuses `from` (the breaker pauses only an active
   * deployment: several instances tripping at once pause it once); undefined when it was not. */
  setStatusIf(p: PatternRecord, status: DeploymentStatus, by: StatusChange & { from: readonly DeploymentStatus[] }): Promise<DeploymentRecord | undefined> {
    return this.transition(p, status, by, by.from);
  }

  /** A conditional write (SPEC §13), then in force here, announced and audited; undefined when the
   * deployment was not in `from` (the status read here, unless given). */
  private async transition(
    p: PatternRecord,
    status: DeploymentStatus,
    by: StatusChange,
    from: readonly DeploymentStatus[] | undefined,
  ): Promise<DeploymentRecord | undefined> {
    const d = await this.store.getDeployment(p.id);
    if (!d) throw new DragopsError('NOT_FOUND', 'this pattern has no deployment; deploy it first');
    // Undeploying twice changes nothing (no second audit entry); only a deploy brings an undeployed
    // pattern back (a new version, its triggers registered).
    if (d.status === 'undeployed' && status === 'undeployed') return d;
    if (d.status === 'undeployed' && status !== 'undeployed')
      throw new DragopsError('CONFLICT', `the pattern is undeployed; deploy it instead of ${status === 'paused' ? 'pausing' : 'resuming'} it`);
    const updated = await this.store.setDeploymentStatus(p.id, {
      status,
      from: from ?? [d.status],
      pausedReason: by.reason ?? null,
      pausedBy: by.pausedBy ?? null,
      now: now(),
    });
    if (!updated) return undefined; // another instance (or request) made the change first
    this.onEvent?.(p.ownerId, 'deployment.changed', updated);
    await this.sync.applyStatus(p.id, status);
    await this.announce?.(p.id);
    const action = status === 'paused' ? 'pause' : status === 'active' ? 'resume' : 'undeploy';
    await this.store.addAudit({
      at: now(),
      userId: by.userId,
      patternId: p.id,
      deploymentId: d.id,
      action,
      details: { pausedBy: by.pausedBy ?? null, reason: by.reason ?? null, ...(by.details ? { numbers: by.details } : {}) },
    });
    // A pause, resume or undeploy by hand starts the breaker afresh (and ends any cooldown probes).
    if (by.pausedBy !== 'circuit_breaker') this.breakers.forget(p.id);
    return updated;
  }

  /** Brings one pattern's deployment in line with the store (another instance changed it: sync.ts). */
  reload(patternId: string): Promise<void> {
    return this.sync.reload(patternId);
  }
  /** Every deployment brought in line with the store (after messages may have been missed). */
  resync(): Promise<void> {
    return this.sync.resync();
  }
}
