// The execution engine of the server: the live deployments (an immutable compiled plan per
// (pattern, version)), the deployment state machine, and running executions with their history.
import { randomUUID } from 'node:crypto';
import { compile, type CompiledPattern } from '../compiler/index.js';
import { configWithDefaults } from '../compiler/check/link.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { PatternDocument } from '../pattern/schema.js';
import type { DeploymentRecord, DeploymentStatus, LiveRecord, PatternRecord, RunRecord, Store, TriggeredBy, User, VersionRecord } from '../store/types.js';
import { summarize, type VersionSummary } from '../pattern/summary.js';
import type { NodeLog, RunOptions, RunResult } from '../runtime/execute.js';
import { Executor } from '../isolation/executor.js';
import { CallBudgets, DEFAULT_BUDGETS, type BudgetOptions } from './budgets.js';
import type { PatternCaller, WebhookResponse } from '../runtime/context.js';
import { preview } from '../runtime/trace.js';
import { DragopsError } from '../errors/error.js';
import { countsAsFailure, errorSpec, type ErrorCode } from '../errors/catalog.js';
import { eventJson } from '../server/redact.js';
import { RunRecorder } from './recorder.js';
import { WebhookCaptures } from '../triggers/capture.js';
import type { SecretStore } from '../accounts/secret-store.js';
import type { Breaker } from './breaker.js';
import { Breakers } from './breakers.js';
import { PackLibrary, pinsOf } from '../packs/library.js';
import type { PackDocument } from '../packs/schema.js';
import { connectionIdsOf, resolveConnections } from '../packs/connections.js';
import type { ConnectionResolver } from '../connections/port.js';

/** A live deployment. Immutable: a change (pause, a rotated secret) makes a copy (`with`). It holds
 * its version's summary (trigger, settings, callees), not its document: start-up reads no document
 * (issue 16), and the plan is loaded and compiled on first use, once, shared by its copies; requests
 * racing the first load wait for the same one. */
export class Live {
  constructor(
    readonly patternId: string,
    readonly ownerId: string,
    readonly deploymentId: string,
    readonly version: number,
    readonly status: DeploymentStatus,
    readonly summary: VersionSummary,
    /** Its trigger node, config defaults filled in, as the compiled plan has it. */
    readonly trigger: CompiledPattern['trigger'],
    readonly webhookId: string,
    readonly webhookSecret: string,
    private readonly plan: PlanSlot,
  ) {}
  get settings(): PatternDocument['settings'] {
    return this.summary.settings;
  }
  /** The plan, if it has been compiled (by a deploy, or a first use since start). */
  get compiled(): CompiledPattern | undefined {
    return this.plan.value;
  }
  /** The plan, compiled on the first call. */
  load(): Promise<CompiledPattern> {
    return this.plan.load();
  }
  with(c: { status?: DeploymentStatus; webhookSecret?: string }): Live {
    return new Live(
      this.patternId,
      this.ownerId,
      this.deploymentId,
      this.version,
      c.status ?? this.status,
      this.summary,
      this.trigger,
      this.webhookId,
      c.webhookSecret ?? this.webhookSecret,
      this.plan,
    );
  }
}

/** A plan made on first use: one load however many callers wait for it; a failed load is tried again
 * by the next caller. */
export class PlanSlot {
  value: CompiledPattern | undefined;
  private pending: Promise<CompiledPattern> | undefined;
  constructor(
    private readonly make: () => Promise<CompiledPattern>,
    value?: CompiledPattern,
  ) {
    this.value = value;
  }
  static of(plan: CompiledPattern): PlanSlot {
    return new PlanSlot(() => Promise.resolve(plan), plan);
  }
  load(): Promise<CompiledPattern> {
    if (this.value) return Promise.resolve(this.value);
    return (this.pending ??= this.make().then(
      (v) => (this.value = v),
      (e: unknown) => {
        this.pending = undefined;
        throw e;
      },
    ));
  }
}

/** The patterns a document calls, read without compiling it (any input: validate sees drafts). */
function calleesOf(doc: unknown): string[] {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const out: string[] = [];
  for (const n of nodes as { type?: unknown; config?: { pattern?: unknown } }[]) {
    const id = n?.type === 'CallPattern' ? n.config?.pattern : undefined;
    if (typeof id === 'string' && !out.includes(id)) out.push(id);
  }
  return out;
}

export interface RunMeta {
  triggeredBy: TriggeredBy;
  runId?: string;
  parentRunId?: string | null;
  depth?: number;
  deadline?: number;
  onResponse?: (r: WebhookResponse, binary: boolean) => void;
  /** This execution is the circuit breaker's probe after its cooldown. */
  probe?: boolean;
  /** The last of its retries: a failure is recorded as `dead_letter` (it can be replayed). */
  lastAttempt?: boolean;
  /** The event as the history keeps it (JSON), when the trigger has it already (a webhook has the
   * body's text); otherwise made from the event (credentials in headers masked). */
  triggerJson?: string;
  /** The event's size in bytes when the trigger knows it (a webhook's body and head), for the
   * choice between running inline and in a worker; otherwise measured when it matters. */
  eventSize?: number;
}

export interface EngineOptions {
  /** Where executions run (inline or in workers); default: all inline (no isolation). */
  executor?: Executor;
  /** No execution's deadline is later than this after its start, whatever its settings.timeoutMs. */
  maxTimeoutMs?: number;
  budgets?: BudgetOptions;
  packs?: PackLibrary;
}

/** What the history keeps of an execution's event: the whole event, so the run can be replayed
 * exactly (webhook bodies are bounded by the body limit); a pattern call's inputs are in-memory values
 * of any size, so a preview. */
function triggerJsonOf(event: Record<string, unknown>, meta: RunMeta): string {
  return meta.triggerJson ?? (meta.triggeredBy === 'pattern_call' ? JSON.stringify(preview(event)) : eventJson(event));
}

/** A test run's node log also stores the document that ran, so that it can be inspected after the
 * draft changed. */
function withDocument(log: NodeLog, doc: PatternDocument): NodeLog {
  return { stored: () => `${log.stored().slice(0, -1)},"doc":${JSON.stringify(doc)}}`, summary: () => log.summary() };
}

/** The time as ISO 8601, formatted once per millisecond (two per execution, thousands a second). */
let nowMs = 0,
  nowIso = '';
const now = (): string => {
  const t = Date.now();
  if (t !== nowMs) {
    nowMs = t;
    nowIso = new Date(t).toISOString();
  }
  return nowIso;
};

/** A run as live events carry it: without its trigger data (the request body may be large, and the
 * last 1000 events are kept for reconnecting clients); GET /api/runs/:id has everything. */
export type RunEvent = Omit<RunRecord, 'triggerData'>;

/** Plans of versions no longer live kept in memory (Engine.oldPlans). */
const PLAN_CACHE = 200;

export class Engine {
  /** patternId → live deployment. Replaced, never mutated, so a running execution keeps its plan. */
  private readonly live = new Map<string, Live>();
  private readonly byWebhook = new Map<string, string>();
  /** callee patternId → the live deployments whose plan calls it (CallPattern): a deploy checks only
   * those, not every live deployment (issue 16: deploy cost flat in the number of deployments). */
  private readonly callersOf = new Map<string, Set<string>>();
  /** Plans of versions no longer live, for queued executions and replays accepted on them: the
   * PLAN_CACHE most recently used (live plans are held by their Live; before, every version ever
   * deployed stayed in memory). */
  private readonly oldPlans = new Map<string, CompiledPattern>();
  readonly recorder: RunRecorder;
  /** Where GetSecret's values come from (loaded per owner before a run). */
  secrets: SecretStore | undefined;
  /** The installed integration packs (and every version a deployed plan may use). */
  readonly packs: PackLibrary;
  /** Resolves pack nodes' connections before a run (src/connections); none: such nodes fail CONNECTION_ERROR. */
  connections: ConnectionResolver | undefined;
  /** Server-wide run options: the outbound HTTP policy, the environment allow-list. */
  runOptions: Pick<RunOptions, 'http' | 'environment'> = {};

  readonly executor: Executor;
  private readonly maxTimeoutMs: number;
  private readonly budgets: CallBudgets;

  constructor(
    readonly store: Store,
    readonly registry: NodeRegistry,
    private readonly log: { error(o: unknown, m?: string): void; info(o: unknown, m?: string): void },
    opts: EngineOptions = {},
  ) {
    this.recorder = new RunRecorder(store, (e) => log.error({ err: e }, 'saving execution history failed'));
    this.executor = opts.executor ?? new Executor(undefined);
    this.maxTimeoutMs = opts.maxTimeoutMs ?? Infinity;
    this.budgets = new CallBudgets(opts.budgets ?? DEFAULT_BUDGETS);
    this.packs = opts.packs ?? new PackLibrary();
    this.breakers = new Breakers(
      (id) => this.live.get(id),
      async (patternId, status, by) => {
        const p = await this.store.getPattern(patternId);
        if (p) await this.setStatus(p, status, { userId: null, pausedBy: 'circuit_breaker', ...by });
      },
      log,
    );
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
    for (const r of await this.store.liveVersions()) this.load(r);
    this.ready = true;
  }

  /** Installs a deployment as the store has it, its plan to be compiled on first use. */
  private load({ deployment: d, pattern: p, summary }: LiveRecord): Live {
    const plan = new PlanSlot(async () => {
      const v = await this.store.getVersion(p.id, d.version);
      const r = v ? await this.compileVersion(v, p.ownerId) : undefined;
      if (r?.ok) return r.compiled;
      this.log.error({ patternId: p.id, version: d.version, errors: r?.errors }, 'a deployed version no longer compiles');
      throw new DragopsError(
        'INTERNAL_ERROR',
        `version ${d.version} of pattern ${JSON.stringify(p.id)} ${v ? `no longer compiles (${r?.errors[0]?.message ?? 'unknown error'})` : 'is missing'}; redeploy or roll it back`,
      );
    });
    return this.install(p, d, summary, plan);
  }

  /** True once start() has loaded every deployment (readiness). */
  ready = false;

  get(patternId: string): Live | undefined {
    return this.live.get(patternId);
  }
  all(): Live[] {
    return [...this.live.values()];
  }

  /** Told of deployment changes and execution starts and ends (for live events). */
  onEvent: ((ownerId: string, type: string, data: unknown) => void) | undefined;

  /** Told of every pattern call (callee, caller), for trigger activity. */
  onCall: ((callee: string, caller: string) => void) | undefined;

  /** Called after every change of a live deployment (deploy, pause, resume, undeploy, delete). */
  private readonly listeners: ((patternId: string) => void)[] = [];
  onChange(f: (patternId: string) => void): void {
    this.listeners.push(f);
  }
  private changed(patternId: string): void {
    for (const f of this.listeners) f(patternId);
  }
  byWebhookId(webhookId: string): Live | undefined {
    const id = this.byWebhook.get(webhookId);
    return id === undefined ? undefined : this.live.get(id);
  }
  /** A rotated webhook secret takes effect at once (here; on the other instances when told). */
  secretChanged(patternId: string, secret: string): void {
    const l = this.live.get(patternId);
    if (l) this.live.set(patternId, l.with({ webhookSecret: secret }));
    void this.announce?.(patternId);
  }
  /** A deleted pattern stops serving at once (here; on the other instances when told). */
  forget(patternId: string): void {
    this.drop(patternId);
    void this.announce?.(patternId);
  }
  private drop(patternId: string): void {
    const l = this.live.get(patternId);
    if (l) {
      this.live.delete(patternId);
      this.byWebhook.delete(l.webhookId);
      this.indexCalls(patternId, l.summary.callees, []);
      this.changed(patternId);
    }
  }

  /** A version's trigger as its compiled plan would have it, without compiling (start-up). */
  private triggerOf(summary: VersionSummary): CompiledPattern['trigger'] {
    const t = summary.trigger;
    if (!t) return { type: 'none', nodeId: '', config: {} };
    const schema = this.registry.get(t.type)?.config;
    return { type: t.type, nodeId: t.nodeId, config: schema ? configWithDefaults(schema, t.config) : t.config };
  }

  /** Keeps `callersOf` current when a pattern's live callees change from `before` to `after`. */
  private indexCalls(patternId: string, before: readonly string[], after: readonly string[]): void {
    for (const callee of before) {
      const set = this.callersOf.get(callee);
      if (set) {
        set.delete(patternId);
        if (set.size === 0) this.callersOf.delete(callee);
      }
    }
    for (const callee of after) {
      let set = this.callersOf.get(callee);
      if (!set) this.callersOf.set(callee, (set = new Set()));
      set.add(patternId);
    }
  }

  /** One compiler for validate, test runs and deploys; callees are the owner's live deployments
   * (their plans loaded first, for their interfaces). */
  async compileFor(doc: unknown, ownerId: string, nodeVersions?: VersionRecord['nodeVersions']) {
    await this.loadCallees(calleesOf(doc), ownerId);
    return compile(doc, {
      registry: this.registry,
      nodeVersions: nodeVersions ?? undefined,
      packs: this.packs.resolver(),
      resolveInterface: (id) => {
        const l = this.live.get(id);
        return l && l.ownerId === ownerId ? l.compiled?.interface : undefined;
      },
    });
  }

  /** Loads the plans of the owner's live deployments among `ids` (one that no longer compiles stays
   * unloaded: a call to it is then a compile error, as for a pattern not deployed). */
  private async loadCallees(ids: readonly string[], ownerId: string): Promise<void> {
    const loads: Promise<unknown>[] = [];
    for (const id of ids) {
      const l = this.live.get(id);
      if (l && l.ownerId === ownerId && !l.compiled) loads.push(l.load().catch(() => undefined));
    }
    await Promise.all(loads);
  }

  /** A stored version compiled again: against the callee interfaces it was deployed with (so the same
   * code, in any order of loading), or the owner's live ones for versions kept before those were. */
  async compileVersion(v: VersionRecord, ownerId: string) {
    const callees = v.callees;
    // The node versions it was deployed with ({}: before they were recorded, all version 1).
    const nodeVersions = v.nodeVersions ?? {};
    if (!callees) return this.compileFor(v.document, ownerId, nodeVersions);
    return compile(v.document, {
      registry: this.registry,
      nodeVersions,
      resolveInterface: (id) => (Object.hasOwn(callees, id) ? (callees[id] ?? undefined) : undefined),
      // The pack versions it was compiled with, whatever is installed now (upgrades wait for a redeploy).
      packs: this.packs.resolver(v.packs ?? {}),
    });
  }

  private install(
    p: Pick<PatternRecord, 'id' | 'ownerId' | 'webhookId' | 'webhookSecret'>,
    d: LiveRecord['deployment'],
    summary: VersionSummary,
    plan: PlanSlot,
  ): Live {
    const l = new Live(
      p.id,
      p.ownerId,
      d.id,
      d.version,
      d.status,
      summary,
      plan.value ? plan.value.trigger : this.triggerOf(summary),
      p.webhookId,
      p.webhookSecret,
      plan,
    );
    const previous = this.live.get(p.id);
    if (previous?.compiled && previous.version !== d.version) this.keepPlan(`${p.id}@${previous.version}`, previous.compiled);
    if (previous?.webhookId !== undefined && previous.webhookId !== p.webhookId) this.byWebhook.delete(previous.webhookId);
    this.indexCalls(p.id, previous?.summary.callees ?? [], summary.callees);
    this.live.set(p.id, l);
    this.byWebhook.set(p.webhookId, p.id);
    this.changed(p.id);
    return l;
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
    const r = await this.compileFor(doc, p.ownerId, nodeVersions);
    if (!r.ok)
      throw new DragopsError('COMPILE_FAILED', `the pattern has ${r.errors.length} compile error${r.errors.length > 1 ? 's' : ''}; nothing was deployed`, {
        details: {
          errors: r.errors,
          warnings: r.warnings,
        },
      });
    await this.checkConnections(r.compiled, p.ownerId);
    const brokenCallers = await this.callersBrokenBy(p, r.compiled);
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
    const live = this.install(p, rec.deployment, summarize(r.compiled.document), PlanSlot.of(r.compiled)); // the swap: new executions use the new plan from here on
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

  /** A deploy may name only its owner's connections (SPEC §14): an unknown one, or another user's,
   * is refused as NOT_FOUND (the two are not told apart). Other failures (a token that cannot be
   * refreshed now) do not block a deploy: the node fails CONNECTION_ERROR when it runs. */
  private async checkConnections(plan: CompiledPattern, ownerId: string): Promise<void> {
    const ids = connectionIdsOf(plan);
    if (ids.length === 0 || !this.connections) return;
    const resolved = await resolveConnections(this.connections, ownerId, ids);
    for (const id of ids) {
      const e = resolved[id];
      if (e && 'error' in e && /not found/i.test(e.error.message))
        throw new DragopsError('NOT_FOUND', `connection ${JSON.stringify(id)} not found; nothing was deployed`, {
          details: {
            nodes: plan.document.nodes.filter((n) => (n.config as { connection?: unknown } | undefined)?.connection === id).map((n) => n.id),
          },
        });
    }
  }

  async setStatus(
    p: PatternRecord,
    status: DeploymentStatus,
    by: { userId: string | null; pausedBy?: string; reason?: string | null; details?: unknown; from?: readonly DeploymentStatus[] },
  ): Promise<DeploymentRecord | undefined> {
    const d = await this.store.getDeployment(p.id);
    if (!d) throw new DragopsError('NOT_FOUND', 'this pattern has no deployment; deploy it first');
    // Undeploying twice changes nothing (no second audit entry); only a deploy brings an undeployed
    // pattern back (a new version, its triggers registered).
    if (d.status === 'undeployed' && status === 'undeployed') return d;
    if (d.status === 'undeployed' && status !== 'undeployed')
      throw new DragopsError('CONFLICT', `the pattern is undeployed; deploy it instead of ${status === 'paused' ? 'pausing' : 'resuming'} it`);
    // Conditional (SPEC §13): from the status just read, or what the caller says (the breaker pauses
    // only an active deployment: several instances tripping at once pause it once).
    const updated = await this.store.setDeploymentStatus(p.id, {
      status,
      from: by.from ?? [d.status],
      pausedReason: by.reason ?? null,
      pausedBy: by.pausedBy ?? null,
      now: now(),
    });
    if (!updated) {
      if (by.from) return undefined; // another instance (or request) made the change first
      throw new DragopsError('CONFLICT', 'the deployment was changed at the same moment by another request; look at it again and retry');
    }
    this.onEvent?.(p.ownerId, 'deployment.changed', updated);
    await this.applyStatus(p.id, status);
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

  /** A status change made here, in force here at once. */
  private async applyStatus(patternId: string, status: DeploymentStatus): Promise<void> {
    const l = this.live.get(patternId);
    if (status === 'undeployed') this.drop(patternId);
    else if (l) {
      this.live.set(patternId, l.with({ status }));
      this.changed(patternId);
    } else await this.reload(patternId);
  }

  /** Told after this instance changed a deployment (the other instances read it again: cluster/bus.ts). */
  announce: ((patternId: string) => Promise<void>) | undefined;

  /** Brings one pattern's deployment in line with the store (another instance changed it): a new
   * version is loaded (compiled on first use), a status or webhook secret is taken over, an
   * undeployed or deleted one stops serving. */
  async reload(patternId: string): Promise<void> {
    const [r] = await this.store.liveVersions(patternId);
    const l = this.live.get(patternId);
    if (!r) return this.drop(patternId);
    if (l && l.deploymentId === r.deployment.id && l.version === r.deployment.version && l.webhookId === r.pattern.webhookId) {
      if (l.status === r.deployment.status && l.webhookSecret === r.pattern.webhookSecret) return;
      this.live.set(patternId, l.with({ status: r.deployment.status, webhookSecret: r.pattern.webhookSecret }));
      this.changed(patternId);
      return;
    }
    this.load(r);
  }

  /** Every deployment brought in line with the store (after messages may have been missed). */
  async resync(): Promise<void> {
    const rows = await this.store.liveVersions();
    const seen = new Set(rows.map((r) => r.deployment.patternId));
    for (const id of [...this.live.keys()]) if (!seen.has(id)) this.drop(id);
    for (const r of rows) {
      const l = this.live.get(r.deployment.patternId);
      if (!l || l.version !== r.deployment.version || l.status !== r.deployment.status || l.webhookSecret !== r.pattern.webhookSecret)
        await this.reload(r.deployment.patternId);
    }
  }

  /** The owner's live deployments that call `p` and would not compile against its new interface:
   * a redeploy that changes a pattern's inputs or outputs says which callers it breaks. */
  private async callersBrokenBy(
    p: PatternRecord,
    next: CompiledPattern,
  ): Promise<{ patternId: string; version: number; errors: { code: string; message: string; nodeId: string | null }[] }[]> {
    const out = [];
    for (const callerId of this.callersOf.get(p.id) ?? []) {
      const l = this.live.get(callerId);
      if (!l || l.ownerId !== p.ownerId || l.patternId === p.id || l.status === 'undeployed') continue;
      const caller = await l.load().catch(() => undefined);
      if (!caller) continue; // it no longer compiles whatever this deploy does
      await this.loadCallees(l.summary.callees, p.ownerId);
      const r = compile(caller.document, {
        registry: this.registry,
        packs: this.packs.resolver(pinsOf(caller.packs) ?? {}),
        resolveInterface: (id) =>
          id === p.id ? next.interface : this.live.get(id)?.ownerId === p.ownerId ? this.live.get(id)?.compiled?.interface : undefined,
      });
      if (!r.ok)
        out.push({ patternId: l.patternId, version: l.version, errors: r.errors.map((e) => ({ code: e.code, message: e.message, nodeId: e.nodeId })) });
    }
    return out;
  }

  /** The plan a queued execution was accepted on (compiled again after a restart). */
  async planFor(patternId: string, version: number): Promise<CompiledPattern | undefined> {
    const l = this.live.get(patternId);
    if (l && l.version === version) return l.load().catch(() => undefined); // compiled once, for both
    const key = `${patternId}@${version}`;
    const hit = this.oldPlans.get(key);
    if (hit) {
      this.keepPlan(key, hit);
      return hit;
    }
    const [v, p] = await Promise.all([this.store.getVersion(patternId, version), this.store.getPattern(patternId)]);
    if (!v || !p) return undefined;
    const r = await this.compileVersion(v, p.ownerId);
    if (!r.ok) return undefined;
    this.keepPlan(key, r.compiled);
    return r.compiled;
  }

  /** Keeps a no-longer-live plan as the most recently used, dropping the least recently used past PLAN_CACHE. */
  private keepPlan(key: string, plan: CompiledPattern): void {
    this.oldPlans.delete(key);
    this.oldPlans.set(key, plan);
    if (this.oldPlans.size > PLAN_CACHE) this.oldPlans.delete(this.oldPlans.keys().next().value as string);
  }

  /** Runs one execution of a live deployment's plan and records it. Plans that can run synchronously
   * (most) do, with their bookkeeping, in this call: the promise is already settled on return. */
  run(
    l: { patternId: string; ownerId: string; deploymentId: string | null; version: number | null },
    compiled: CompiledPattern,
    event: Record<string, unknown>,
    meta: RunMeta,
  ): Promise<RunResult> {
    const runId = meta.runId ?? this.store.newRunId();
    // The live event of the start, and the history's record without its trigger data (JSON, apart).
    const run: RunEvent = {
      id: runId,
      deploymentId: l.deploymentId,
      patternId: l.patternId,
      version: l.version,
      status: 'running',
      triggeredBy: meta.triggeredBy,
      parentRunId: meta.parentRunId ?? null,
      startedAt: now(),
      finishedAt: null,
      durationMs: null,
      error: null,
    };
    this.onEvent?.(l.ownerId, 'execution.started', run);
    const secrets = this.secrets;
    // One object literal per run (no spreads on this path, see `finish`); its functions are made once
    // per owner or pattern, not per run.
    const options: RunOptions = {
      runId,
      depth: meta.depth ?? 0,
      deadline: meta.deadline,
      onResponse: meta.onResponse,
      callPattern: this.callerOf(l.ownerId, l.patternId),
      http: this.runOptions.http,
      environment: this.runOptions.environment,
      secret: secrets ? this.secretsOf(secrets, l.ownerId) : undefined,
      timeoutMs: compiled.timeoutMs < this.maxTimeoutMs ? compiled.timeoutMs : this.maxTimeoutMs,
    };
    const connections = connectionIdsOf(compiled);
    if ((!secrets || secrets.loaded(l.ownerId)) && connections.length === 0) {
      const quick = this.executor.tryInline(compiled, event, options, meta.eventSize);
      if (quick) return this.finish(l, run, triggerJsonOf(event, meta), quick, meta, compiled);
    }
    // Recorded as running until it ends (a crash leaves it `interrupted`, never lost).
    const triggerJson = triggerJsonOf(event, meta);
    this.recorder.started(run, triggerJson);
    const p = (async () => {
      if (secrets) await secrets.load(l.ownerId);
      // Pack nodes' connections, resolved (decrypted, tokens fresh) before the run, per execution.
      if (connections.length > 0) options.connections = await resolveConnections(this.connections, l.ownerId, connections);
      return this.finish(l, run, triggerJson, await this.executor.isolated(compiled, event, options, l.ownerId), meta, compiled);
    })();
    this.running.add(p);
    void p.finally(() => this.running.delete(p)).catch(() => {});
    return p;
  }

  /** Executions that did not end in the call that started them (inline ones always do). */
  private readonly running = new Set<Promise<RunResult>>();
  /** Resolves once every execution running now has ended and been handed to the recorder (a
   * shutdown: an answer sent before its execution's end is recorded must not lose that end). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private finish(
    l: { patternId: string; ownerId: string },
    run: RunEvent,
    triggerJson: string,
    result: RunResult,
    meta: RunMeta,
    compiled: CompiledPattern,
  ): Promise<RunResult> {
    // A failure only the pattern's own fault caused is not retried (queue.ts), so it is just `failed`.
    const failure = result.status !== 'completed' && countsAsFailure(result.error?.code);
    const status = failure && meta.lastAttempt ? ('dead_letter' as const) : result.status;
    // Written out, not `{ ...run, status, … }`: V8 keeps such spread copies alive (pretenured) and
    // that alone cost more than the rest of the execution (bench/README.md, W1 over HTTP).
    const finished: RunEvent = {
      id: run.id,
      deploymentId: run.deploymentId,
      patternId: run.patternId,
      version: run.version,
      status,
      triggeredBy: run.triggeredBy,
      parentRunId: run.parentRunId,
      startedAt: run.startedAt,
      finishedAt: now(),
      durationMs: result.durationMs,
      error: result.error,
    };
    this.recorder.finished(finished, triggerJson, run.version === null ? withDocument(result.nodeLog, compiled.document) : result.nodeLog);
    this.budgets.leave(run.id);
    this.onEvent?.(l.ownerId, 'execution.finished', finished);
    const after =
      meta.triggeredBy === 'manual'
        ? undefined
        : this.breakers.afterRun(l.patternId, result.status === 'completed' ? 'ok' : failure ? 'failed' : 'user', meta.probe === true);
    return after ? after.then(() => result) : Promise.resolve(result);
  }

  private readonly secretReaders = new Map<string, (name: string) => string | undefined>();
  /** GetSecret's reader for one owner's executions. */
  private secretsOf(secrets: SecretStore, ownerId: string): (name: string) => string | undefined {
    let f = this.secretReaders.get(ownerId);
    if (!f) this.secretReaders.set(ownerId, (f = (name: string) => secrets.get(ownerId, name)));
    return f;
  }

  private readonly callers = new Map<string, PatternCaller>();
  /** CallPattern's caller for executions of one pattern (the calling run is the caller's context). */
  private callerOf(ownerId: string, patternId: string): PatternCaller {
    let f = this.callers.get(patternId);
    if (!f) this.callers.set(patternId, (f = this.caller(ownerId, patternId)));
    return f;
  }

  /** CallPattern on the server: into the same owner's live deployments only. */
  private caller(ownerId: string, callerPatternId: string): PatternCaller {
    return async (patternId, inputs, parent, nodeId) => {
      const l = this.live.get(patternId);
      if (!l || l.ownerId !== ownerId || l.status === 'undeployed') {
        throw new DragopsError('PATTERN_NOT_DEPLOYED', `called pattern ${JSON.stringify(patternId)} is not deployed`, { nodeId, type: 'PatternCallError' });
      }
      if (l.status === 'paused')
        throw new DragopsError('PATTERN_PAUSED', `called pattern ${JSON.stringify(patternId)} is paused`, { nodeId, type: 'PatternCallError' });
      const tree = this.budgets.spend(parent.runId, patternId, nodeId);
      this.onCall?.(patternId, callerPatternId);
      const runId = this.store.newRunId();
      this.budgets.enter(runId, tree);
      const r = await this.run(
        l,
        l.compiled ?? (await l.load()),
        { inputs },
        { triggeredBy: 'pattern_call', runId, parentRunId: parent.runId, depth: parent.depth + 1, deadline: parent.deadline },
      );
      if (r.status === 'timeout') parent.check();
      if (r.status !== 'completed') {
        const code = r.error && errorSpec(r.error.code)?.kind === 'runtime' ? (r.error.code as ErrorCode) : 'USER_ERROR';
        throw new DragopsError(code, `called pattern ${JSON.stringify(patternId)} ${r.status}: ${r.error?.message ?? ''}`, {
          nodeId,
          type: r.error?.type ?? 'PatternCallError',
        });
      }
      return r.outputs;
    };
  }

  /** Capture mode of webhooks whose pattern is not deployed (the editor's sample requests). */
  readonly captures = new WebhookCaptures();

  /** The circuit breakers of the live deployments (breakers.ts). */
  readonly breakers: Breakers;
  breaker(patternId: string): Breaker {
    return this.breakers.of(patternId);
  }
}
