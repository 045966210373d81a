// Durable execution of accepted `immediate` webhook requests: the request is written to the queue
// before the 202 is sent, and a worker runs it. A job whose process died is run by the next one.
import { randomUUID } from 'node:crypto';
import type { Engine, Live } from '../deploy/engine.js';
import type { Store } from '../store/types.js';

export class QueueWorker {
  private readonly id = `worker_${randomUUID().slice(0, 8)}`;
  private running = 0;
  private wanted = false;
  private stopped = false;
  private poll: NodeJS.Timeout | undefined;
  private idle: Promise<void> = Promise.resolve();
  constructor(private readonly store: Store, private readonly engine: Engine, private readonly log: { error(o: unknown, m?: string): void }, private readonly concurrency = 16, private readonly pollMs = 1000) {}

  start(): void {
    this.poll = setInterval(() => this.kick(), this.pollMs);
    this.poll.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.idle;
  }

  /** Writes the job (durably) and wakes the worker. */
  async accept(l: Live, runId: string, event: Record<string, unknown>): Promise<void> {
    await this.store.enqueue({ id: `job_${runId.slice(4)}`, runId, patternId: l.patternId, version: l.version, event, attempts: 0, runAt: new Date().toISOString() });
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running > 0) { this.wanted = true; return; }
    this.running++;
    this.idle = this.drain().finally(() => { this.running--; if (this.wanted) { this.wanted = false; this.kick(); } });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const jobs = await this.store.claimJobs(this.id, new Date().toISOString(), this.concurrency).catch((e) => { this.log.error({ err: e }, 'claiming queued executions failed'); return []; });
      if (jobs.length === 0) return;
      await Promise.all(jobs.map(async (job) => {
        try {
          const l = this.engine.get(job.patternId);
          const plan = await this.engine.planFor(job.patternId, job.version);
          if (l && plan) await this.engine.run({ ...l, version: job.version }, plan, job.event as Record<string, unknown>, { triggeredBy: 'webhook', runId: job.runId });
          else this.log.error({ job }, 'a queued execution\'s pattern version is gone; dropping it');
          await this.store.finishJob(job.id);
        } catch (e) {
          this.log.error({ err: e, job: job.id }, 'a queued execution failed to run; it will be retried');
        }
      }));
    }
  }
}
