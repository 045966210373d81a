// Durable execution of accepted `immediate` webhook requests: the request is written to the queue
// before the 202 is sent, and a worker runs it. A job whose process died is run by the next one,
// up to `maxCrashAttempts` crashes; claims are fair across owners and deployments (store/fair.ts).
import { randomUUID } from 'node:crypto';
import type { Engine } from '../deploy/engine.js';
import type { Live } from '../deploy/registry.js';
import type { LiveEvents } from '../deploy/executions.js';
import type { KeyClaim, QueuedJob, Store } from '../store/types.js';
import { countsAsFailure, CRASH_CODES } from '../errors/catalog.js';
import { eventJson } from '../history/event.js';
import type { ExecutionHistory, RunEvent } from '../history/types.js';

export interface QueueOptions {
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Running jobs per owner (all their deployments), and per deployment, at most. */
  perOwner: number;
  perDeployment: number;
  /** A job whose attempts crashed the process or worker this many times is not run again. */
  maxCrashAttempts: number;
  pollMs: number;
  /** First retry delay (doubling each attempt, with jitter). */
  retryBaseMs: number;
}

const DEFAULTS: QueueOptions = { concurrency: 16, perOwner: 8, perDeployment: 4, maxCrashAttempts: 3, pollMs: 1000, retryBaseMs: 1000 };

export class QueueWorker {
  /** The instance the claims are held by (SPEC §13: a dead instance's claims are put back when it
   * is reaped, cluster/membership.ts). */
  private readonly id: string;
  private readonly o: QueueOptions;
  /** Runs accepted as the circuit breaker's probe (in memory: a restart drops the probe, not the run). */
  private readonly probes = new Set<string>();
  /** Jobs running now; up to `concurrency`, each freed slot is filled at once (a slow job never
   * holds back the ones behind it). */
  private readonly inFlight = new Set<Promise<void>>();
  private claiming: Promise<void> | undefined;
  private wanted = false;
  private stopped = false;
  /** After a start, and after jobs of a dead instance were put back, jobs at their last crash
   * before the cap run first, one at a time and alone (see fill). */
  private suspects = true;
  private poll: NodeJS.Timeout | undefined;
  /** Told of a dead-lettered run's end (live events), as the engine is of the runs it finishes. */
  private readonly onEvent: LiveEvents | undefined;
  /** Told after a job was queued here (the other instances are woken: cluster/link.ts). */
  private readonly onQueued: (() => void) | undefined;
  constructor(
    private readonly store: Store,
    private readonly engine: Pick<Engine, 'get' | 'planFor' | 'run'>,
    private readonly history: ExecutionHistory,
    private readonly log: { error(o: unknown, m?: string): void },
    options: Partial<QueueOptions> & { instanceId?: string; onEvent?: LiveEvents; onQueued?: () => void } = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
    this.id = options.instanceId ?? `worker_${randomUUID().slice(0, 8)}`;
    this.onEvent = options.onEvent;
    this.onQueued = options.onQueued;
  }

  /** Works: claims jobs as they come and every `pollMs`. (The claims of instances that died were put
   * back by the membership's reaping before, each counting a crash.) */
  async start(): Promise<void> {
    this.poll = setInterval(() => this.kick(), this.o.pollMs);
    this.poll.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.claiming;
    await Promise.all(this.inFlight);
  }

  /** A shutdown out of time: the jobs still running are put back as they were (their attempt is not
   * counted, nor is it a crash), for the next start to run. */
  async abandon(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.store.releaseJobs(this.id);
  }

  /** Writes the job (durably) and wakes the worker. With `key`, the idempotency key is claimed in
   * the same transaction: when another run holds it nothing is queued and its id is returned. */
  async accept(l: Live, runId: string, event: Record<string, unknown>, probe = false, key?: KeyClaim): Promise<string | null> {
    const job: QueuedJob = {
      id: `job_${runId.slice(4)}`,
      runId,
      patternId: l.patternId,
      ownerId: l.ownerId,
      version: l.version,
      event,
      attempts: 0,
      crashes: 0,
      runAt: new Date().toISOString(),
    };
    // Marked before the job can be claimed (a claim may run while the enqueue commits).
    if (probe) this.probes.add(runId);
    let first: string | null;
    try {
      first = await this.store.enqueue(job, key);
    } catch (e) {
      this.probes.delete(runId);
      throw e;
    }
    if (first !== null) {
      this.probes.delete(runId);
      return first;
    }
    this.kick();
    this.onQueued?.();
    return null;
  }

  /** Jobs of an instance that died were put back (each counted a crash): suspects first, then the rest. */
  released(): void {
    this.suspects = true;
    this.kick();
  }

  kick(): void {
    // Nothing is claimed before start(): the deployments it runs may not be loaded yet (a reaping
    // during the membership's join puts jobs back before then).
    if (this.stopped || !this.poll) return;
    if (this.claiming) {
      this.wanted = true;
      return;
    }
    this.claiming = this.fill().finally(() => {
      this.claiming = undefined;
      if (this.wanted) {
        this.wanted = false;
        this.kick();
      }
    });
  }

  /** Claims as many jobs as there are free slots and starts them. */
  private async fill(): Promise<void> {
    const free = this.o.concurrency - this.inFlight.size;
    if (free <= 0) return; // a finishing job kicks again
    const rules = { perOwner: this.o.perOwner, perDeployment: this.o.perDeployment };
    if (this.suspects) {
      // A process crash is counted against every job it cut off, guilty or not. So that a job that
      // crashed the server never takes innocent ones to the cap with it, a job one crash from the
      // cap runs alone: nothing else is claimed until it ends (only after a start, and rarely).
      if (this.inFlight.size > 0) return;
      const [suspect] = await this.claim(1, { ...rules, minCrashes: Math.max(1, this.o.maxCrashAttempts - 1) });
      if (suspect) {
        this.begin(suspect);
        return;
      }
      this.suspects = false;
    }
    const jobs = await this.claim(free, rules);
    for (const job of jobs) this.begin(job);
    if (jobs.length === free) this.wanted = true; // there may be more
  }

  private claim(limit: number, rules: Parameters<Store['claimJobs']>[3]): Promise<QueuedJob[]> {
    return this.store.claimJobs(this.id, new Date().toISOString(), limit, rules).catch((e) => {
      this.log.error({ err: e }, 'claiming queued executions failed');
      return [];
    });
  }

  private begin(job: QueuedJob): void {
    const p: Promise<void> = this.runJob(job).finally(() => {
      this.inFlight.delete(p);
      this.kick();
    });
    this.inFlight.add(p);
  }

  private async runJob(job: QueuedJob): Promise<void> {
    try {
      // At the cap: this claim is not an attempt (nothing runs).
      if (job.crashes >= this.o.maxCrashAttempts) return await this.deadLetter(job, job.attempts - 1);
      const l = this.engine.get(job.patternId);
      const plan = await this.engine.planFor(job.patternId, job.version);
      if (l && plan) {
        // settings.retries (SPEC §3): a failed attempt runs again after an exponential backoff with
        // jitter; after the last one the execution is `dead_letter`. Crashed attempts are not
        // counted here: they have their own cap.
        const retries = plan.document.settings?.retries ?? 0;
        const last = job.attempts - job.crashes > retries;
        const r = await this.engine.run({ ...l, version: job.version }, plan, job.event as Record<string, unknown>, {
          triggeredBy: 'webhook',
          runId: job.runId,
          probe: this.probes.delete(job.runId),
          lastAttempt: retries > 0 && last,
        });
        if (r.status !== 'completed' && r.error && CRASH_CODES.has(r.error.code)) return await this.crashed(job);
        // Only external and engine faults are retried: the pattern's own would fail again (catalog `fault`).
        if (r.status !== 'completed' && !last && countsAsFailure(r.error?.code)) return await this.retry(job, job.attempts - job.crashes, false);
      } else this.log.error({ job: job.id }, "a queued execution's pattern version is gone; dropping it");
      // The run's record is saved before its job is deleted: a crash in between runs it again
      // rather than leaving it `running` (then `interrupted`) with nothing to finish it.
      await this.history.flush();
      await this.store.finishJob(job.id);
    } catch (e) {
      this.log.error({ err: e, job: job.id }, 'a queued execution failed to run; it will be retried');
    }
  }

  /** The engine says the worker running this attempt died (CRASH_CODES): counted, then run again
   * with backoff while under the cap, else dead-lettered. */
  private async crashed(job: QueuedJob): Promise<void> {
    const crashes = job.crashes + 1;
    if (crashes >= this.o.maxCrashAttempts) return this.deadLetter({ ...job, crashes }, job.attempts);
    return this.retry(job, crashes, true);
  }

  private async retry(job: QueuedJob, nth: number, crashed: boolean): Promise<void> {
    const delay = Math.min(3600_000, this.o.retryBaseMs * 2 ** (nth - 1)) * (0.75 + Math.random() * 0.5);
    await this.history.flush();
    await this.store.retryJob(job.id, new Date(Date.now() + delay).toISOString(), crashed);
    setTimeout(() => this.kick(), delay + 5).unref();
  }

  /** Not run again: the run is recorded `dead_letter` (EXECUTION_CRASHED, replayable: it keeps its
   * event), then the job is removed. A crash in between does it again, to the same effect. */
  private async deadLetter(job: QueuedJob, attempts: number): Promise<void> {
    const deploymentId = this.engine.get(job.patternId)?.deploymentId ?? (await this.store.getDeployment(job.patternId))?.id ?? null;
    const at = new Date().toISOString();
    const message = `the process or worker running this execution died under it on ${job.crashes} of its ${attempts} attempts; at the limit of ${this.o.maxCrashAttempts} crashed attempts it is not run again`;
    // Written over whatever an attempt recorded (running, interrupted, failed); a new row otherwise.
    const run: RunEvent = {
      id: job.runId,
      deploymentId,
      patternId: job.patternId,
      version: job.version,
      status: 'dead_letter',
      triggeredBy: 'webhook',
      parentRunId: null,
      startedAt: at,
      finishedAt: at,
      durationMs: null,
      error: { code: 'EXECUTION_CRASHED', message, type: 'Crash', nodeId: null },
    };
    this.log.error(
      { job: job.id, runId: job.runId, patternId: job.patternId, crashes: job.crashes },
      'a queued execution crashed its process or worker too often; dead-lettered',
    );
    this.history.finished(run, eventJson(job.event as Record<string, unknown>));
    this.onEvent?.(job.ownerId, 'execution.finished', run);
    await this.history.flush();
    await this.store.finishJob(job.id);
  }
}
