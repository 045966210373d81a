// Schedules (SPEC §6): one croner job per deployed OnSchedule pattern, in the node's time zone. A
// paused deployment's ticks are skipped and counted; on start, ticks missed while the server was down
// fire once if the latest is under an hour old ("caught up"), the others are counted as missed.
import { Cron } from 'croner';
import type { Engine, Live } from '../deploy/engine.js';
import type { Store } from '../store/types.js';
import type { TriggerActivity } from './activity.js';

const HOUR = 3600_000;
const lastKey = (patternId: string) => `schedule:last:${patternId}`;

export class ScheduleRunner {
  private readonly jobs = new Map<string, { cron: Cron; version: number }>();
  /** The last slot fired per pattern (second resolution): no slot ever fires twice. */
  private readonly lastSlot = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly activity: TriggerActivity,
    private readonly log: { error(o: unknown, m?: string): void },
  ) {}

  /** Brings the job of one pattern in line with its live deployment. */
  sync(patternId: string): void {
    const l = this.engine.get(patternId);
    const job = this.jobs.get(patternId);
    const wanted = l && l.status !== 'undeployed' && l.trigger.type === 'OnSchedule';
    if (job && (!wanted || job.version !== l!.version)) {
      job.cron.stop();
      this.jobs.delete(patternId);
    }
    if (wanted && !this.jobs.has(patternId)) {
      const { cron, timezone } = l!.trigger.config as { cron: string; timezone: string };
      // A redeploy continues from the next matching time after now.
      const job2 = new Cron(cron, { timezone, protect: true, catch: (e) => this.log.error({ err: e, patternId }, 'schedule tick failed') }, () =>
        this.fire(patternId, new Date(), 'tick'),
      );
      this.jobs.set(patternId, { cron: job2, version: l!.version });
    }
  }

  nextFire(patternId: string): string | null {
    return this.jobs.get(patternId)?.cron.nextRun()?.toISOString() ?? null;
  }

  private async fire(patternId: string, at: Date, why: 'tick' | 'catch-up'): Promise<void> {
    const slot = Math.floor(at.getTime() / 1000);
    if ((this.lastSlot.get(patternId) ?? -1) >= slot) return;
    this.lastSlot.set(patternId, slot);
    const l = this.engine.get(patternId);
    if (!l || l.status === 'undeployed') return;
    const a = this.activity.of(patternId).schedule;
    if (l.status === 'paused') {
      a.skipped++;
      return;
    }
    a.fired++;
    if (why === 'catch-up') a.caughtUp++;
    a.lastFire = new Date(slot * 1000).toISOString();
    await this.store.setValue(lastKey(patternId), a.lastFire).catch((e) => this.log.error({ err: e }, "saving a schedule's last fire failed"));
    await this.engine.run(l, l.compiled ?? (await l.load()), { timestamp: a.lastFire }, { triggeredBy: 'schedule' });
  }

  /** Starts every deployed schedule, catching up what was missed while the server was down. */
  async start(now = new Date()): Promise<void> {
    for (const l of this.engine.all()) {
      this.sync(l.patternId);
      const job = this.jobs.get(l.patternId);
      if (!job) continue;
      const last = await this.store.getValue(lastKey(l.patternId));
      if (!last) continue;
      const missed: Date[] = [];
      let from = new Date(last);
      while (missed.length < 10_000) {
        const next = job.cron.nextRuns(1, from)[0];
        if (!next || next > now) break;
        missed.push(next);
        from = next;
      }
      if (missed.length === 0) continue;
      const latest = missed[missed.length - 1]!;
      const a = this.activity.of(l.patternId).schedule;
      if (now.getTime() - latest.getTime() < HOUR) {
        a.missed += missed.length - 1;
        await this.fire(l.patternId, latest, 'catch-up');
      } else a.missed += missed.length;
    }
  }

  stop(): void {
    for (const j of this.jobs.values()) j.cron.stop();
    this.jobs.clear();
  }
}

export type { Live };
