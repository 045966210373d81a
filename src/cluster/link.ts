// What this instance tells the others, and does when told (SPEC §13), over a Bus (bus.ts):
// - a deploy, redeploy, rollback, pause, resume, undeploy, delete or rotated webhook secret made here
//   is announced before the API answers; the others read that deployment again from the database;
// - packs installed or removed, an owner's secrets changed: the others read them again;
// - breaker counts, every BATCH_MS: every instance's breaker counts every instance's executions, and
//   the pause that trips it is a conditional write (one lands);
// - live events of executions here, every BATCH_MS, only while a dashboard elsewhere is listening;
// - jobs queued here: the others claim at once instead of at their next poll (a second), so work
//   queued on a busy instance starts on an idle one within milliseconds (at most one message every
//   JOBS_GAP_MS per instance, however many jobs).
// After the message connection comes back, everything is read again (messages may have been lost).
import type { Bus, ClusterMessage } from './bus.js';
import type { Engine } from '../deploy/engine.js';
import type { EventHub } from '../deploy/event-hub.js';
import type { SecretStore } from '../accounts/secret-store.js';

/** How often breaker counts and live events are sent (a few messages a second per instance, however
 * busy: NOTIFY serialises commits, so it must stay a hint, not a stream). */
const BATCH_MS = 200;
/** How often an instance with dashboards connected says so; a claim older than 3× this has lapsed. */
const WATCH_MS = 5000;
/** Live events held for one batch at most; beyond, the oldest are dropped (dashboards elsewhere
 * miss them; their history is in the database). */
const MAX_PENDING = 2000;
/** At most one "jobs queued" message per this many ms from one instance. */
const JOBS_GAP_MS = 20;

/** What the engine calls after this instance changed a deployment (the others read it again);
 * nothing when the bus is not shared (one instance). */
export function announcer(bus: Bus): ((patternId: string) => Promise<void>) | undefined {
  return bus.shared ? (patternId) => bus.publish({ t: 'deployment', patternId }) : undefined;
}

export class ClusterLink {
  private timer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private pending: [string, string, unknown][] = [];
  /** Instances with live-event subscribers, and when they last said so. */
  private readonly watchers = new Map<string, number>();
  private lastWatching = 0;
  private lastJobs = 0;
  private jobsTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly engine: Engine,
    private readonly events: EventHub,
    private readonly secrets: SecretStore,
    private readonly log: { error(o: unknown, m?: string): void },
    /** Claims jobs now (the queue's kick), when another instance queued some. */
    private readonly claimJobs: () => void = () => {},
  ) {}

  /** A job was queued here: the others are told at once, or at the end of the gap since the last time. */
  jobsQueued(): void {
    if (!this.bus.shared || this.jobsTimer) return;
    const wait = this.lastJobs + JOBS_GAP_MS - Date.now();
    const send = () => {
      this.jobsTimer = undefined;
      this.lastJobs = Date.now();
      void this.bus.publish({ t: 'jobs' });
    };
    if (wait <= 0) send();
    else {
      this.jobsTimer = setTimeout(send, wait);
      this.jobsTimer.unref();
    }
  }

  start(): void {
    if (!this.bus.shared) return;
    this.bus.subscribe((m, from) => this.receive(m, from));
    this.bus.onResync(() => void this.resync());
    this.engine.breakers.share();
    this.secrets.onChange = (ownerId) => void this.bus.publish({ t: 'secrets', ownerId });
    this.timer = setInterval(() => void this.flush(), BATCH_MS);
    this.timer.unref();
    this.watchTimer = setInterval(() => void this.sayWatching(false), WATCH_MS);
    this.watchTimer.unref();
  }

  /** Packs were installed or removed here. */
  packsChanged(): Promise<void> {
    return this.bus.publish({ t: 'packs' });
  }

  /** A live event of this instance (execution started or ended, deployment changed): sent to the
   * others in the next batch when a dashboard elsewhere listens. */
  event(ownerId: string, type: string, data: unknown): void {
    if (this.watchers.size === 0) return;
    this.pending.push([ownerId, type, data]);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
  }

  /** A dashboard connected or left here: the others learn at once when the first comes or the last goes. */
  subscribersChanged(): void {
    void this.sayWatching(true);
  }

  private async sayWatching(changed: boolean): Promise<void> {
    const n = this.events.size;
    if (n === 0 && !(changed && this.lastWatching > 0)) return;
    if (changed && n > 0 === this.lastWatching > 0) return;
    this.lastWatching = n;
    await this.bus.publish({ t: 'watching', subscribers: n });
  }

  private async flush(): Promise<void> {
    const counts = this.engine.breakers.take();
    if (counts.length) await this.bus.publish({ t: 'breaker', counts });
    const now = Date.now();
    for (const [id, at] of this.watchers) if (now - at > 3 * WATCH_MS) this.watchers.delete(id);
    if (this.pending.length) {
      const events = this.pending;
      this.pending = [];
      if (this.watchers.size) await this.bus.publish({ t: 'events', events });
    }
  }

  private receive(m: ClusterMessage, from: string): void {
    switch (m.t) {
      case 'deployment':
        this.engine.reload(m.patternId).catch((e) => this.log.error({ err: e, patternId: m.patternId }, 'reloading a deployment changed elsewhere failed'));
        return;
      case 'packs':
        this.engine.loadPacks(false).catch((e) => this.log.error({ err: e }, 'reloading the packs failed'));
        return;
      case 'secrets':
        this.secrets.refresh(m.ownerId).catch((e) => this.log.error({ err: e }, 'reading secrets changed elsewhere failed'));
        return;
      case 'events':
        for (const [ownerId, type, data] of m.events) this.events.publish(ownerId, type, data);
        return;
      case 'watching':
        if (m.subscribers > 0) this.watchers.set(from, Date.now());
        else this.watchers.delete(from);
        return;
      case 'breaker':
        this.engine.breakers.merge(m.counts);
        return;
      case 'jobs':
        this.claimJobs();
        return;
    }
  }

  private async resync(): Promise<void> {
    try {
      await this.engine.loadPacks(false);
      await this.engine.resync();
      await this.secrets.refreshAll();
      await this.sayWatching(false);
    } catch (e) {
      this.log.error({ err: e }, 'reading deployments again after the message connection came back failed');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.jobsTimer) clearTimeout(this.jobsTimer);
    await this.flush().catch(() => {});
    await this.bus.close();
  }
}
