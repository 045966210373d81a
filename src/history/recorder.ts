// Execution history, written off the hot path: starts and ends of runs are collected in memory and
// saved in one transaction every `intervalMs` (or sooner when many are waiting). A run that starts
// and ends between two flushes costs one row write. What waits is already in its stored form — the
// trigger data and the node log as JSON text beside a small record — so the execution's objects
// (event, log records, previews) die young: kept until the flush they would survive the young
// generation and cost old-generation collections (bench/README.md). For the same reason the wait is
// short (50 ms, or 200 runs): whatever waits is copied by every young-generation collection, and a
// 1,000-run buffer made those collections three times as costly (GC 831 → 304 ms in a 5 s load).
import type { SavedRun, Store } from '../store/types.js';
import type { NodeLog } from '../runtime/execute.js';
import type { PatternDocument } from '../pattern/schema.js';
import type { ExecutionHistory, RunEvent } from './types.js';

type Pending = SavedRun;
const SLICE = 50;

export class RunRecorder implements ExecutionHistory {
  /** What waits for the next flush, in order; a run's start and end in one batch become one entry. */
  private pending: Pending[] = [];
  /** Runs whose start waits in `pending` (by id: their index there), for their end to replace. */
  private starts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  constructor(
    private readonly store: Store,
    private readonly onError: (e: unknown) => void,
    private readonly intervalMs = 50,
    private readonly maxPending = 200,
  ) {}

  /** `run` without its trigger data, given apart as JSON (see deploy/executions.ts). */
  started(run: RunEvent, triggerJson: string | null): void {
    this.starts.set(run.id, this.pending.length);
    this.put({ run, triggerData: triggerJson });
  }
  finished(run: RunEvent, triggerJson: string | null, log?: NodeLog, doc?: PatternDocument): void {
    const p: Pending = {
      run,
      triggerData: triggerJson,
      log: log === undefined ? undefined : doc === undefined ? log.stored() : withDocument(log.stored(), doc),
    };
    const i = this.starts.size === 0 ? undefined : this.starts.get(run.id);
    if (i !== undefined) {
      this.starts.delete(run.id);
      this.pending[i] = p;
      return;
    }
    this.put(p);
  }

  private put(p: Pending): void {
    this.pending.push(p);
    if (this.pending.length >= this.maxPending) void this.flush();
    else
      this.timer ??= setTimeout(() => {
        void this.flush();
      }, this.intervalMs);
  }

  /** Saves everything collected so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return this.flushing;
    const batch = this.pending;
    this.pending = [];
    this.starts = new Map();
    this.flushing = this.flushing.then(() => this.save(batch));
    return this.flushing;
  }

  /** Writes in slices, letting requests through between them: one big synchronous SQLite
   * transaction would hold the event loop for tens of milliseconds under load (p99 latency). A slice
   * is at least SLICE runs and grows with the backlog (an eighth of it), so that writing keeps up
   * however many requests each turn of the event loop brings. */
  private async save(batch: Pending[]): Promise<void> {
    for (let i = 0; i < batch.length;) {
      const size = Math.max(SLICE, Math.ceil((batch.length - i + this.pending.length) / 8));
      const slice = batch.slice(i, i + size);
      i += size;
      try {
        await this.store.saveRuns(slice);
      } catch (e) {
        // Keep what failed for the next flush rather than lose history (a start whose end is already
        // waiting is not needed; and a saved run never goes back to running, whatever the order).
        const waiting = new Set(this.pending.map((p) => p.run.id));
        for (const p of slice)
          if (!waiting.has(p.run.id)) {
            if (p.run.status === 'running') this.starts.set(p.run.id, this.pending.length);
            this.pending.push(p);
          }
        this.timer ??= setTimeout(() => {
          void this.flush();
        }, this.intervalMs); // tried again soon, not at the next run
        this.onError(e);
      }
      if (i < batch.length) await new Promise<void>((r) => setImmediate(r));
    }
  }
}

/** A test run's node log also stores the document that ran, so that it can be inspected after the
 * draft changed. */
function withDocument(stored: string, doc: PatternDocument): string {
  return `${stored.slice(0, -1)},"doc":${JSON.stringify(doc)}}`;
}
