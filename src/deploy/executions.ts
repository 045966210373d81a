// Running executions of plans and finishing them: the run's record and live events, GetSecret's and
// CallPattern's per-owner and per-pattern functions, the breaker's count, and waiting for runs still
// going at a shutdown. The hot path: no spread, closure or await per execution that can run inline.
import type { CompiledPattern } from '../compiler/index.js';
import type { Store, TriggeredBy } from '../store/types.js';
import type { RunOptions, RunResult } from '../runtime/execute.js';
import type { Executor } from '../isolation/executor.js';
import type { CallBudgets } from './budgets.js';
import type { PatternCaller, WebhookResponse } from '../runtime/context.js';
import { DragopsError } from '../errors/error.js';
import { countsAsFailure, errorSpec, type ErrorCode } from '../errors/catalog.js';
import type { SecretStore } from '../accounts/secret-store.js';
import type { Breakers } from './breakers.js';
import { connectionIdsOf, resolveConnections } from '../packs/connections.js';
import type { ConnectionResolver } from '../connections/port.js';
import type { ExecutionHistory, RunEvent } from '../history/types.js';
import { triggerJsonOf } from '../history/event.js';
import type { LiveRegistry } from './registry.js';
import { now } from './clock.js';

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
   * body's text); otherwise made from the event (history/event.ts). */
  triggerJson?: string;
  /** The event's size in bytes when the trigger knows it (a webhook's body and head), for the
   * choice between running inline and in a worker; otherwise measured when it matters. */
  eventSize?: number;
}

/** Told of execution starts and ends, and of deployment changes (for live events). */
export type LiveEvents = (ownerId: string, type: string, data: unknown) => void;

export interface ExecutionsOptions {
  store: Store;
  live: LiveRegistry;
  history: ExecutionHistory;
  executor: Executor;
  budgets: CallBudgets;
  breakers: Breakers;
  /** No execution's deadline is later than this after its start, whatever its settings.timeoutMs. */
  maxTimeoutMs: number;
  /** Where GetSecret's values come from (loaded per owner before a run). */
  secrets?: SecretStore | undefined;
  /** Resolves pack nodes' connections before a run (src/connections); none: such nodes fail CONNECTION_ERROR. */
  connections?: ConnectionResolver | undefined;
  /** Server-wide run options: the outbound HTTP policy, the environment allow-list. */
  runOptions: Pick<RunOptions, 'http' | 'environment'>;
  onEvent?: LiveEvents | undefined;
  /** Told of every pattern call (callee, caller), for trigger activity. */
  onCall?: ((callee: string, caller: string) => void) | undefined;
}

export class Executions {
  /** Executions that did not end in the call that started them (inline ones always do). */
  private readonly running = new Set<Promise<RunResult>>();
  private readonly secretReaders = new Map<string, (name: string) => string | undefined>();
  private readonly callers = new Map<string, PatternCaller>();
  readonly connections: ConnectionResolver | undefined;
  constructor(private readonly o: ExecutionsOptions) {
    this.connections = o.connections;
  }

  /** Runs one execution of a live deployment's plan and records it. Plans that can run synchronously
   * (most) do, with their bookkeeping, in this call: the promise is already settled on return. */
  run(
    l: { patternId: string; ownerId: string; deploymentId: string | null; version: number | null },
    compiled: CompiledPattern,
    event: Record<string, unknown>,
    meta: RunMeta,
  ): Promise<RunResult> {
    const o = this.o;
    const runId = meta.runId ?? o.store.newRunId();
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
    o.onEvent?.(l.ownerId, 'execution.started', run);
    const secrets = o.secrets;
    // One object literal per run (no spreads on this path, see `finish`); its functions are made once
    // per owner or pattern, not per run.
    const options: RunOptions = {
      runId,
      depth: meta.depth ?? 0,
      deadline: meta.deadline,
      onResponse: meta.onResponse,
      callPattern: this.callerOf(l.ownerId, l.patternId),
      http: o.runOptions.http,
      environment: o.runOptions.environment,
      secret: secrets ? this.secretsOf(secrets, l.ownerId) : undefined,
      timeoutMs: compiled.timeoutMs < o.maxTimeoutMs ? compiled.timeoutMs : o.maxTimeoutMs,
    };
    const connections = connectionIdsOf(compiled);
    if ((!secrets || secrets.loaded(l.ownerId)) && connections.length === 0) {
      const quick = o.executor.tryInline(compiled, event, options, meta.eventSize);
      if (quick) return this.finish(l, run, triggerJsonOf(event, meta), quick, meta, compiled);
    }
    // Recorded as running until it ends (a crash leaves it `interrupted`, never lost).
    const triggerJson = triggerJsonOf(event, meta);
    o.history.started(run, triggerJson);
    const p = (async () => {
      if (secrets) await secrets.load(l.ownerId);
      // Pack nodes' connections, resolved (decrypted, tokens fresh) before the run, per execution.
      if (connections.length > 0) options.connections = await resolveConnections(this.connections, l.ownerId, connections);
      return this.finish(l, run, triggerJson, await o.executor.isolated(compiled, event, options, l.ownerId), meta, compiled);
    })();
    this.running.add(p);
    void p.finally(() => this.running.delete(p)).catch(() => {});
    return p;
  }

  /** Resolves once every execution running now has ended and been handed to the history (a
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
    // A test run (no version) keeps the document that ran with its log.
    this.o.history.finished(finished, triggerJson, result.nodeLog, run.version === null ? compiled.document : undefined);
    this.o.budgets.leave(run.id);
    this.o.onEvent?.(l.ownerId, 'execution.finished', finished);
    const after =
      meta.triggeredBy === 'manual'
        ? undefined
        : this.o.breakers.afterRun(l.patternId, result.status === 'completed' ? 'ok' : failure ? 'failed' : 'user', meta.probe === true);
    return after ? after.then(() => result) : Promise.resolve(result);
  }

  /** GetSecret's reader for one owner's executions. */
  private secretsOf(secrets: SecretStore, ownerId: string): (name: string) => string | undefined {
    let f = this.secretReaders.get(ownerId);
    if (!f) this.secretReaders.set(ownerId, (f = (name: string) => secrets.get(ownerId, name)));
    return f;
  }

  /** CallPattern's caller for executions of one pattern (the calling run is the caller's context). */
  private callerOf(ownerId: string, patternId: string): PatternCaller {
    let f = this.callers.get(patternId);
    if (!f) this.callers.set(patternId, (f = this.caller(ownerId, patternId)));
    return f;
  }

  /** CallPattern on the server: into the same owner's live deployments only. */
  private caller(ownerId: string, callerPatternId: string): PatternCaller {
    return async (patternId, inputs, parent, nodeId) => {
      const l = this.o.live.get(patternId);
      if (!l || l.ownerId !== ownerId || l.status === 'undeployed') {
        throw new DragopsError('PATTERN_NOT_DEPLOYED', `called pattern ${JSON.stringify(patternId)} is not deployed`, { nodeId, type: 'PatternCallError' });
      }
      if (l.status === 'paused')
        throw new DragopsError('PATTERN_PAUSED', `called pattern ${JSON.stringify(patternId)} is paused`, { nodeId, type: 'PatternCallError' });
      const tree = this.o.budgets.spend(parent.runId, patternId, nodeId);
      this.o.onCall?.(patternId, callerPatternId);
      const runId = this.o.store.newRunId();
      this.o.budgets.enter(runId, tree);
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
}
