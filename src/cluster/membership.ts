// This process among the instances sharing a database (SPEC §13). It registers itself (a row, a
// run-id slot), renews its lease every third of it, and reaps the instances whose lease ran out:
// their executions that were not queued become `interrupted`, their queued ones are put back for any
// instance to run again under the same run id. Nothing is taken from an instance whose lease is
// current. SQLite is one process per data folder, so there every other instance is gone at start.
import type { Store } from '../store/types.js';

export interface MembershipOptions {
  /** Registered as (SPEC §13: `host:pid:random`). */
  id: string;
  host: string;
  pid: number;
  /** An instance not seen for this long is taken for dead (`--lease-seconds`). */
  leaseMs: number;
  /** One process per database (SQLite): every other instance is gone at start, whatever its lease. */
  single: boolean;
  log: { error(o: unknown, m?: string): void; info(o: unknown, m?: string): void };
  /** Told when another instance reaped this one (its lease ran out: a pause longer than the lease,
   * or the database unreachable that long): its queued work may be running elsewhere already. */
  onFenced?: (() => void) | undefined;
  /** Told after a reaping put queued executions back (to claim them now). */
  onReleased?: (() => void) | undefined;
}

export interface InstanceInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
  alive: boolean;
}

/** Instances gone this long ago are still listed (`alive: false`). */
const LISTED_GONE_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

export class Membership {
  private beat: NodeJS.Timeout | undefined;
  private reaper: NodeJS.Timeout | undefined;
  private fenced = false;
  constructor(
    private readonly store: Store,
    readonly o: MembershipOptions,
  ) {}

  /** Registers this instance and reaps those gone (at start: also work from before migration 015). */
  async join(): Promise<void> {
    const now = Date.now();
    // The lease cutoff, or (one process per database) now: every other instance is gone.
    const cutoff = this.o.single ? iso(now + 1) : iso(now - this.o.leaseMs);
    const reaped = await this.store.reapInstances(iso(now), cutoff, true);
    this.report(reaped);
    await this.store.registerInstance({ id: this.o.id, host: this.o.host, pid: this.o.pid, now: iso(Date.now()) });
    // Renewed every third of the lease (SPEC §13); looked for dead instances more often, so that a
    // queued execution of one is run again within the lease and a few seconds of its death.
    this.beat = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.o.leaseMs / 3)));
    this.beat.unref();
    if (!this.o.single) {
      this.reaper = setInterval(() => void this.reap(), Math.max(100, Math.min(3000, Math.floor(this.o.leaseMs / 10))));
      this.reaper.unref();
    }
  }

  private async renew(): Promise<void> {
    if (this.fenced) return;
    try {
      if (await this.store.heartbeat(iso(Date.now()))) return;
      this.fenced = true;
      this.o.log.error(
        { instanceId: this.o.id },
        'this instance was taken for dead by another (its lease ran out) and its queued work was given to others; it must restart',
      );
      this.o.onFenced?.();
    } catch (e) {
      this.o.log.error({ err: e }, 'renewing this instance’s lease failed');
    }
  }

  private async reap(): Promise<void> {
    try {
      const now = Date.now();
      this.report(await this.store.reapInstances(iso(now), iso(now - this.o.leaseMs)));
    } catch (e) {
      this.o.log.error({ err: e }, 'looking for instances that died failed');
    }
  }

  private report(r: Awaited<ReturnType<Store['reapInstances']>>): void {
    if (r.instances.length === 0 && r.interrupted === 0 && r.released === 0) return;
    this.o.log.info(
      { instances: r.instances, interrupted: r.interrupted, requeued: r.released },
      'instances gone: their running executions marked interrupted, their queued ones put back to run again',
    );
    if (r.released > 0) this.o.onReleased?.();
  }

  /** A clean stop: timers off, the row marked stopped (its slot free; anything it left is reaped). */
  async leave(): Promise<void> {
    if (this.beat) clearInterval(this.beat);
    if (this.reaper) clearInterval(this.reaper);
    await this.store.stopInstance(iso(Date.now()));
  }

  /** GET /api/cluster: live instances, and those gone in the last 5 minutes. */
  async instances(): Promise<InstanceInfo[]> {
    const now = Date.now();
    const rows = await this.store.listInstances(iso(now - LISTED_GONE_MS));
    const cutoff = iso(now - this.o.leaseMs);
    return rows.map((r) => ({
      id: r.id,
      host: r.host,
      pid: r.pid,
      startedAt: r.startedAt,
      lastSeenAt: r.lastSeenAt,
      alive: r.stoppedAt === null && r.reapedAt === null && r.lastSeenAt >= cutoff,
    }));
  }
}
