// Schedules (SPEC §6, §13). One timer for all of them: each deployed OnSchedule pattern waits in the
// slot (epoch second) of its next time, computed by croner in the node's time zone and shared by every
// schedule with the same expression; at each slot the due ticks are written to the ledger in one
// statement per 500, and the ticks this instance recorded first run. So 10,000 schedules due in one
// second cost one timer, one croner step per distinct expression and a few inserts, not 10,000 timers
// and writes (issue 16), and of several instances only one runs a tick (the ledger's key).
// A paused deployment's ticks are recorded as skipped, as is a tick while the schedule's previous
// execution still runs. On start, ticks missed while no instance ran are recorded as missed, and the
// latest fires if it is under an hour old ("caught up").
import { Cron } from 'croner';
import type { Engine } from '../deploy/engine.js';
import type { Live } from '../deploy/registry.js';
import type { ScheduleTick, Store } from '../store/types.js';
import type { TriggerActivity } from './activity.js';

const HOUR = 3600_000;
/** At most this many missed ticks of one schedule are recorded at start (older ones are counted). */
const MISSED_RECORDED = 1000;

/** A cron expression in a time zone, shared by the schedules that use it. */
class Expression {
  private readonly cron: Cron;
  private after = NaN;
  private next: number | null = null;
  constructor(pattern: string, timezone: string | undefined) {
    this.cron = new Cron(pattern, { timezone, paused: true });
  }
  /** The first slot after `slot` (cached: every schedule of this expression asks the same). */
  nextAfter(slot: number): number | null {
    if (slot !== this.after) {
      const d = this.cron.nextRun(new Date(slot * 1000 + 999));
      this.after = slot;
      this.next = d ? Math.floor(d.getTime() / 1000) : null;
    }
    return this.next;
  }
}

interface Job {
  version: number;
  expression: Expression;
  slot: number | null;
}

const slotNow = (): number => Math.floor(Date.now() / 1000);
const iso = (slot: number): string => new Date(slot * 1000).toISOString();

export class ScheduleRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly expressions = new Map<string, Expression>();
  /** slot → the patterns due then. */
  private readonly due = new Map<number, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private timerSlot = Infinity;
  /** Patterns whose last fired execution has not ended. */
  private readonly running = new Set<string>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly activity: TriggerActivity,
    private readonly log: { error(o: unknown, m?: string): void },
    /** Who records ticks in the ledger (SPEC §13: every tick names the instance that handled it). */
    private readonly instanceId = 'local',
  ) {}

  /** Brings the job of one pattern in line with its live deployment. */
  sync(patternId: string): void {
    const l = this.engine.get(patternId);
    const job = this.jobs.get(patternId);
    const wanted = l && l.status !== 'undeployed' && l.trigger.type === 'OnSchedule';
    if (job && (!wanted || job.version !== l!.version)) {
      this.unschedule(patternId, job);
      this.jobs.delete(patternId);
    }
    if (wanted && !this.jobs.has(patternId)) {
      const { cron, timezone } = l!.trigger.config as { cron: string; timezone?: string };
      const key = `${timezone ?? ''}\u0000${cron}`;
      let expression = this.expressions.get(key);
      if (!expression) this.expressions.set(key, (expression = new Expression(cron, timezone)));
      // A redeploy continues from the next matching time after now.
      const j: Job = { version: l!.version, expression, slot: null };
      this.jobs.set(patternId, j);
      this.schedule(patternId, j, expression.nextAfter(slotNow()));
    }
  }

  nextFire(patternId: string): string | null {
    const slot = this.jobs.get(patternId)?.slot;
    return slot === null || slot === undefined ? null : iso(slot);
  }

  private schedule(patternId: string, j: Job, slot: number | null): void {
    j.slot = slot;
    if (slot === null || this.stopped) return;
    let set = this.due.get(slot);
    if (!set) this.due.set(slot, (set = new Set()));
    set.add(patternId);
    if (slot < this.timerSlot) this.arm(slot);
  }

  private unschedule(patternId: string, j: Job): void {
    if (j.slot === null) return;
    const set = this.due.get(j.slot);
    set?.delete(patternId);
    if (set?.size === 0) this.due.delete(j.slot);
  }

  private arm(slot: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerSlot = slot;
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, slot * 1000 - Date.now()));
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerSlot = Infinity;
    const now = Date.now();
    const batch: { patternId: string; slot: number }[] = [];
    for (const [slot, ids] of this.due) {
      if (slot * 1000 > now) continue;
      this.due.delete(slot);
      for (const patternId of ids) {
        const j = this.jobs.get(patternId)!;
        batch.push({ patternId, slot });
        // The next time after this one, or after now if this tick came late (a blocked process).
        this.schedule(patternId, j, j.expression.nextAfter(Math.max(slot, Math.floor(now / 1000))));
      }
    }
    let next = Infinity;
    for (const slot of this.due.keys()) if (slot < next) next = slot;
    if (next !== Infinity && next < this.timerSlot) this.arm(next);
    if (batch.length > 0) this.fire(batch, 'fired').catch((e: unknown) => this.log.error({ err: e }, 'schedule tick failed'));
  }

  /** Records the ticks in the ledger and runs those this instance recorded first; settles when those
   * executions have ended. */
  private async fire(ticks: { patternId: string; slot: number }[], why: 'fired' | 'caught_up'): Promise<void> {
    const rows: ScheduleTick[] = [];
    const lives: (Live | undefined)[] = [];
    const recordedAt = new Date().toISOString();
    for (const { patternId, slot } of ticks) {
      const l = this.engine.get(patternId);
      if (!l || l.status === 'undeployed') continue;
      const outcome = l.status === 'paused' || this.running.has(patternId) ? 'skipped' : why;
      rows.push({ patternId, at: iso(slot), outcome, instanceId: this.instanceId, recordedAt });
      lives.push(outcome === 'skipped' ? undefined : l);
    }
    if (rows.length === 0) return;
    const runs: Promise<unknown>[] = [];
    for (const i of await this.store.recordTicks(rows)) {
      const t = rows[i]!;
      const a = this.activity.of(t.patternId).schedule;
      if (t.outcome === 'skipped') {
        a.skipped++;
        continue;
      }
      a.fired++;
      if (t.outcome === 'caught_up') a.caughtUp++;
      a.lastFire = t.at;
      runs.push(this.run(lives[i]!, t.at));
    }
    await Promise.all(runs);
  }

  private run(l: Live, at: string): Promise<void> {
    this.running.add(l.patternId);
    const go = (plan: NonNullable<Live['compiled']>) => this.engine.run(l, plan, { timestamp: at }, { triggeredBy: 'schedule' });
    const plan = l.compiled;
    return (plan ? go(plan) : l.load().then(go)).then(
      () => void this.running.delete(l.patternId),
      (e: unknown) => {
        this.running.delete(l.patternId);
        this.log.error({ err: e, patternId: l.patternId }, 'schedule tick failed');
      },
    );
  }

  /** Starts every deployed schedule; records the ticks missed while no instance ran, and fires the
   * latest of them if it is under an hour old. */
  async start(now = new Date()): Promise<void> {
    this.stopped = false;
    const last = await this.store.lastTicks();
    const catchUp: { patternId: string; slot: number }[] = [];
    const missed: ScheduleTick[] = [];
    const recordedAt = now.toISOString();
    const nowSlot = Math.floor(now.getTime() / 1000);
    for (const l of this.engine.all()) {
      this.sync(l.patternId);
      const job = this.jobs.get(l.patternId);
      const from = last.get(l.patternId);
      if (!job || !from) continue;
      const slots: number[] = [];
      for (let s = job.expression.nextAfter(Math.floor(Date.parse(from) / 1000)); s !== null && s <= nowSlot && slots.length < 10_000;) {
        slots.push(s);
        s = job.expression.nextAfter(s);
      }
      if (slots.length === 0) continue;
      const latest = slots.pop()!;
      const a = this.activity.of(l.patternId).schedule;
      if (now.getTime() - latest * 1000 < HOUR) catchUp.push({ patternId: l.patternId, slot: latest });
      else slots.push(latest);
      a.missed += slots.length;
      for (const s of slots.slice(-MISSED_RECORDED))
        missed.push({ patternId: l.patternId, at: iso(s), outcome: 'missed', instanceId: this.instanceId, recordedAt });
    }
    if (missed.length > 0) await this.store.recordTicks(missed);
    if (catchUp.length > 0) await this.fire(catchUp, 'caught_up');
  }

  /** Compiles the plans of the schedules (soonest first) in the background, one at a time between
   * other work, so that ticks do not wait for compiles. */
  async warm(): Promise<void> {
    const order = [...this.jobs.entries()].sort((a, b) => (a[1].slot ?? Infinity) - (b[1].slot ?? Infinity));
    for (const [patternId] of order) {
      if (this.stopped) return;
      const l = this.engine.get(patternId);
      if (l && !l.compiled) await l.load().catch(() => undefined); // a broken one is reported when it fires
      await new Promise((r) => setImmediate(r));
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerSlot = Infinity;
    this.due.clear();
    this.jobs.clear();
  }
}

export type { Live };
