// Durable execution of accepted `immediate` webhook requests: the request is written to the queue
// before the 202 is sent, and a worker runs it. A job whose process died is run by the next one.
import { randomUUID } from 'node:crypto';
import type { Engine, Live } from '../deploy/engine.js';
import type { QueuedJob, Store } from '../store/types.js';

export class QueueWorker {
  private readonly id = `worker_${randomUUID().slice(0, 8)}`;
  /** Runs accepted as the circuit breaker's probe (in memory: a restart drops the probe, not the run). */
  private readonly probes = new Set<string>();
  /** Jobs running now; up to `concurrency`, each freed slot is filled at once (a slow job never
   * holds back the ones behind it). */
  private readonly inFlight = new Set<Promise<void>>();
  private claiming: Promise<void> | undefined;
  private wanted = false;
  private stopped = false;
  private poll: NodeJS.Timeout | undefined;
  constructor(private readonly store: Store, private readonly engine: Engine, private readonly log: { error(o: unknown, m?: string): void }, private readonly concurrency = 16, private readonly pollMs = 1000, private readonly retryBaseMs = 1000) {}

  /** Releases the jobs a previous process had claimed (it died: they are run again here), then works. */
  async start(): Promise<void> {
    await this.store.releaseJobs();
    this.poll = setInterval(() => this.kick(), this.pollMs);
    this.poll.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.claiming;
    await Promise.all(this.inFlight);
  }

  /** Writes the job (durably) and wakes the worker. */
  async accept(l: Live, runId: string, event: Record<string, unknown>, probe = false): Promise<void> {
    if (probe) this.probes.add(runId);
    await this.store.enqueue({ id: `job_${runId.slice(4)}`, runId, patternId: l.patternId, version: l.version, event, attempts: 0, runAt: new Date().toISOString() });
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.claiming) { this.wanted = true; return; }
    this.claiming = this.fill().finally(() => {
      this.claiming = undefined;
      if (this.wanted) { this.wanted = false; this.kick(); }
    });
  }

  /** Claims as many jobs as there are free slots and starts them. */
  private async fill(): Promise<void> {
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return; // a finishing job kicks again
    const jobs = await this.store.claimJobs(this.id, new Date().toISOString(), free).catch((e) => { this.log.error({ err: e }, 'claiming queued executions failed'); return []; });
    for (const job of jobs) {
      const p: Promise<void> = this.runJob(job).finally(() => { this.inFlight.delete(p); this.kick(); });
      this.inFlight.add(p);
    }
    if (jobs.length === free) this.wanted = true; // there may be more
  }

  private async runJob(job: QueuedJob): Promise<void> {
    try {
      const l = this.engine.get(job.patternId);
      const plan = await this.engine.planFor(job.patternId, job.version);
      if (l && plan) {
        // settings.retries (SPEC §3): a failed attempt runs again after an exponential backoff with
        // jitter; after the last one the execution is `dead_letter`.
        const retries = plan.document.settings?.retries ?? 0;
        const last = job.attempts > retries;
        const r = await this.engine.run({ ...l, version: job.version }, plan, job.event as Record<string, unknown>, { triggeredBy: 'webhook', runId: job.runId, probe: this.probes.delete(job.runId), lastAttempt: retries > 0 && last });
        if (r.status !== 'completed' && !last) {
          const delay = Math.min(3600_000, this.retryBaseMs * 2 ** (job.attempts - 1)) * (0.75 + Math.random() * 0.5);
          await this.engine.recorder.flush();
          await this.store.retryJob(job.id, new Date(Date.now() + delay).toISOString());
          setTimeout(() => this.kick(), delay + 5).unref();
          return;
        }
      } else this.log.error({ job }, 'a queued execution\'s pattern version is gone; dropping it');
      // The run's record is saved before its job is deleted: a crash in between runs it again
      // rather than leaving it `running` (then `interrupted`) with nothing to finish it.
      await this.engine.recorder.flush();
      await this.store.finishJob(job.id);
    } catch (e) {
      this.log.error({ err: e, job: job.id }, 'a queued execution failed to run; it will be retried');
    }
  }
}
