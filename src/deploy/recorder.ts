// Execution history, written off the hot path: starts and ends of runs are collected in memory and
// saved in one transaction every `intervalMs` (or sooner when many are waiting). A run that starts
// and ends between two flushes costs one row write. What waits is already in its stored form — the
// trigger data and the node log as JSON text beside a small record — so the execution's objects
// (event, log records, previews) die young: kept until the flush they would survive the young
// generation and cost old-generation collections (bench/README.md). For the same reason the wait is
// short (50 ms, or 200 runs): whatever waits is copied by every young-generation collection, and a
// 1,000-run buffer made those collections three times as costly (GC 831 → 304 ms in a 5 s load).
import type { RunRecord, SavedRun, Store } from '../store/types.js';
import type { Trace } from '../runtime/trace.js';

type Pending = SavedRun;
const SLICE = 50;

export class RunRecorder {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  constructor(private readonly store: Store, private readonly onError: (e: unknown) => void, private readonly intervalMs = 50, private readonly maxPending = 200) {}

  /** `run` without its trigger data, given apart as JSON (see Engine.run). */
  started(run: Omit<RunRecord, 'triggerData'>, triggerJson: string | null): void { this.put({ run, triggerData: triggerJson }); }
  finished(run: Omit<RunRecord, 'triggerData'>, triggerJson: string | null, log?: Trace): void { this.put({ run, triggerData: triggerJson, log: log?.stored() }); }

  private put(p: Pending): void {
    this.pending.set(p.run.id, p);
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
   * transaction would hold the event loop for tens of milliseconds under load (p99 latency). A slice
   * is at least SLICE runs and grows with the backlog (an eighth of it), so that writing keeps up
   * however many requests each turn of the event loop brings. */
  private async save(batch: Pending[]): Promise<void> {
    for (let i = 0; i < batch.length;) {
      const size = Math.max(SLICE, Math.ceil((batch.length - i + this.pending.size) / 8));
      const slice = batch.slice(i, i + size);
      i += size;
      try {
        await this.store.saveRuns(slice);
      } catch (e) {
        // Keep what failed for the next flush rather than lose history.
        for (const p of slice) if (!this.pending.has(p.run.id)) this.pending.set(p.run.id, p);
        this.timer ??= setTimeout(() => { void this.flush(); }, this.intervalMs); // tried again soon, not at the next run
        this.onError(e);
      }
      if (i < batch.length) await new Promise<void>((r) => setImmediate(r));
    }
  }
}
