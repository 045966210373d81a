// The node-by-node execution log, bounded: the first `limit` events are kept in full, after that
// only per-node counts, so a million-iteration loop costs a counter increment per node run. It also
// carries the execution's tape (tape.ts) and digests of the secrets it read, for inspection.
import type { TapeEntry } from './tape.js';
import { preview, type Mask } from './preview.js';
import { encodeNodeLog, expandLog, type Kept } from '../history/node-log.js';

export type TraceEvent = 'start' | 'finish' | 'log' | 'error';

export interface TraceEntry {
  timestamp: string;
  nodeId: string;
  nodeName: string;
  event: TraceEvent;
  output?: unknown;
  durationMs?: number;
}

export interface TraceSummary {
  entries: TraceEntry[];
  /** Node runs not recorded once the log was full, and how many times each node ran in all. */
  dropped: number;
  runs: Record<string, number>;
}

export class Trace {
  /** The records kept, in their stored form (read by history/node-log.ts). */
  readonly kept: Kept[] = [];
  /** Runs per node. Generated code increments it directly (`$T.c[k]++`): after the log is full
   * that increment is all a node run costs, with no call, so logging vanishes from hot loops. */
  readonly c: number[];
  /** Set by the execution once it has read a secret (ExecutionContext.secret). */
  mask: Mask | undefined;
  /** Results of the non-deterministic nodes, in order (ExecutionContext.keep); none for most runs. */
  tape: TapeEntry[] | undefined;
  /** A short SHA-256 of each secret read, by name. */
  secretDigests: Record<string, string> | undefined;
  /** The response the execution sent (stored as a preview, for inspection, when it had a tape or read secrets). */
  response: unknown;
  /** True while the log still takes entries. */
  open: boolean;
  /** Node runs recorded (the rest are `dropped` in the stored log). */
  recorded = 0;
  /** The time of the record kept last (µs): records never go back in time (`event` reads the
   * millisecond clock — V8 slows a hot loop that inlines performance.now() — `s`/`f` the fine one). */
  private last = 0;
  /** When the trace began: the epoch millisecond and the same instant on the monotonic clock. */
  readonly t0: number;
  private readonly p0: number;
  /** `t0`, `p0`: the start as its execution read it (epoch ms, performance.now()); now by default. */
  constructor(
    readonly nodes: readonly { id: string; name: string }[],
    private readonly limit: number,
    t0?: number,
    p0?: number,
  ) {
    // A plain array: a typed array's buffer allocation costs more than a whole short execution.
    this.c = new Array<number>(nodes.length).fill(0);
    this.open = limit > 0;
    this.t0 = t0 ?? (limit > 0 ? Date.now() : 0);
    this.p0 = p0 ?? (limit > 0 ? performance.now() : 0);
  }
  /** Finishes owed to starts kept (a loop's finish comes after its body's records): room is kept for them. */
  private owed = 0;
  private push(entry: Kept): void {
    this.kept.push(entry);
    if (this.kept.length + this.owed >= this.limit) this.open = false;
  }
  /** A node starts (call only while `open`); returns the start time for `f`. */
  s(k: number): number {
    // A start needs room for its finish too (`f` always keeps it), so the log never passes `limit`.
    if (this.kept.length + this.owed + 2 > this.limit) {
      this.open = false;
      return -1;
    }
    this.recorded++;
    this.owed++;
    const t = performance.now();
    this.kept.push([(this.last = Math.max(this.last, Math.round((t - this.p0) * 1000))), k, 0]);
    if (this.kept.length + this.owed >= this.limit) this.open = false;
    return t;
  }
  /** The node started at `t0` (by `s`) finishes with `output`. Always kept, so starts have ends. */
  f(k: number, t0: number, output: unknown): void {
    if (this.owed > 0) this.owed--;
    const t = performance.now();
    this.kept.push([(this.last = Math.max(this.last, Math.round((t - this.p0) * 1000))), k, 1, preview(output, 0, this.mask), Math.round((t - t0) * 1000)]);
  }
  /** One record of a node run (control-flow and variable nodes), or of a log line or an error. */
  event(k: number, event: TraceEvent, output: unknown): void {
    if (!this.open) return;
    if (event === 'start' || event === 'finish') this.recorded++;
    // Date.now(), not performance.now(): this runs inside generated loops (SetVariable), and V8
    // inlining performance.now() into a hot loop slows the whole loop ~4× (bench/README.md).
    // One timeline: this clock (ms) never shows a record before the one kept last (µs, from `s`/`f`).
    const t = Math.max((Date.now() - this.t0) * 1000, this.last);
    this.last = t;
    this.push([t, k, EVENT_CODES[event], preview(output, 0, this.mask)]);
  }
  setMask(mask: Mask): void {
    this.mask = mask;
  }

  /** The log as stored in the execution history (history/node-log.ts), made once per run by the
   * history recorder. */
  stored(): string {
    return encodeNodeLog(this);
  }

  summary(): TraceSummary {
    return expandLog(this.stored());
  }
}

const EVENT_CODES: Record<TraceEvent, number> = { start: 0, finish: 1, log: 2, error: 3 };

/** A trace that records nothing: for plans compiled without the node log. Stateless, so shared. */
class NoTrace extends Trace {
  constructor() {
    super([], 0);
  }
  override event(): void {}
  override setMask(): void {} // shared by every execution: never holds one execution's secrets
}
export const NO_TRACE: Trace = new NoTrace();
