// Execution history, written off the hot path: starts and ends of runs are collected in memory and
// saved in one transaction every `intervalMs` (or sooner when many are waiting). A run that starts
// and ends between two flushes costs one row write.
import type { RunLog, RunRecord, Store } from '../store/types.js';

type Pending = RunRecord & { log?: RunLog };
const SLICE = 50;

export class RunRecorder {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  constructor(private readonly store: Store, private readonly onError: (e: unknown) => void, private readonly intervalMs = 200, private readonly maxPending = 1000) {}

  started(r: RunRecord): void { this.put(r); }
  finished(r: RunRecord, log?: RunLog): void { this.put(log ? { ...r, log } : r); }

  private put(r: Pending): void {
    this.pending.set(r.id, r);
    if (this.pending.size >= this.maxPending) void this.flush();
    else this.timer ??= setTimeout(() => { void this.flush(); }, this.intervalMs);
  }

  /** Saves everything collected so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.pending.size === 0) return this.flushing;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.flushing.then(() => this.save(batch));
    return this.flushing;
  }

  /** Writes in slices, letting requests through between them: one big synchronous SQLite
   * transaction would hold the event loop for tens of milliseconds under load (p99 latency). */
  private async save(batch: Pending[]): Promise<void> {
    for (let i = 0; i < batch.length; i += SLICE) {
      const slice = batch.slice(i, i + SLICE);
      try {
        await this.store.saveRuns(slice);
      } catch (e) {
        // Keep what failed for the next flush rather than lose history.
        for (const r of slice) if (!this.pending.has(r.id)) this.pending.set(r.id, r);
        this.onError(e);
      }
      if (i + SLICE < batch.length) await new Promise<void>((r) => setImmediate(r));
    }
  }
}
