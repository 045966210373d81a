// The node-by-node execution log, bounded: the first `limit` events are kept in full, after that
// only per-node counts, so a million-iteration loop costs a counter increment per node run.

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

const MAX_STRING = 1000;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;

/** Replaces every secret value read by the execution with `***` (set once a secret is read). */
export type Mask = (s: string) => string;

/** A bounded, JSON-safe copy of a value for the log ("large values truncated", SPEC §8). Secrets are
 * masked before truncating, so a secret cut at the edge cannot show its first characters. */
export function preview(v: unknown, depth = 0, mask?: Mask): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string') {
    const t = mask ? mask(v) : v;
    return t.length > MAX_STRING ? `${t.slice(0, MAX_STRING)}… (${t.length} chars)` : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return `<binary ${v.length} bytes>`;
  if (depth >= MAX_DEPTH) return Array.isArray(v) ? `<array ${v.length}>` : '<object>';
  if (Array.isArray(v)) {
    const out = v.slice(0, MAX_ITEMS).map((x) => preview(x, depth + 1, mask));
    if (v.length > MAX_ITEMS) out.push(`… (${v.length - MAX_ITEMS} more items)`);
    return out;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k of Object.keys(v)) {
    if (n++ === MAX_ITEMS) { Object.defineProperty(out, '…', { value: `${Object.keys(v).length - MAX_ITEMS} more keys`, enumerable: true }); break; }
    Object.defineProperty(out, mask ? mask(k) : k, { value: preview((v as any)[k], depth + 1, mask), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Masks the strings and keys of an already bounded preview (for records kept before a secret was read). */
function maskPreview(v: unknown, mask: Mask): unknown {
  if (typeof v === 'string') return mask(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => maskPreview(x, mask));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) Object.defineProperty(out, mask(k), { value: maskPreview((v as any)[k], mask), enumerable: true, writable: true, configurable: true });
  return out;
}

export class Trace {
  private readonly kept: [number, number, TraceEvent, unknown, number | undefined][] = [];
  /** Runs per node. Generated code increments it directly (`$T.c[k]++`): after the log is full
   * that increment is all a node run costs, with no call, so logging vanishes from hot loops. */
  readonly c: number[];
  /** Set by the execution once it has read a secret (ExecutionContext.secret). */
  mask: Mask | undefined;
  /** True while the log still takes entries. */
  open: boolean;
  private recorded = 0;
  constructor(private readonly nodes: readonly { id: string; name: string }[], private readonly limit: number) {
    // A plain array: a typed array's buffer allocation costs more than a whole short execution.
    this.c = new Array<number>(nodes.length).fill(0);
    this.open = limit > 0;
  }
  private push(entry: [number, number, TraceEvent, unknown, number | undefined]): void {
    this.kept.push(entry);
    if (this.kept.length >= this.limit) this.open = false;
  }
  /** A node starts (call only while `open`); returns the start time for `f`. */
  s(k: number): number {
    // A start needs room for its finish too (`f` always keeps it), so the log never passes `limit`.
    if (this.kept.length + 2 > this.limit) { this.open = false; return -1; }
    this.recorded++;
    const t = performance.now();
    this.kept.push([performance.timeOrigin + t, k, 'start', undefined, undefined]);
    if (this.kept.length + 1 >= this.limit) this.open = false;
    return t;
  }
  /** The node started at `t0` (by `s`) finishes with `output`. Always kept, so starts have ends. */
  f(k: number, t0: number, output: unknown): void {
    const t = performance.now();
    this.kept.push([performance.timeOrigin + t, k, 'finish', preview(output, 0, this.mask), t - t0]);
  }
  /** One record of a node run (control-flow and variable nodes), or of a log line or an error. */
  event(k: number, event: TraceEvent, output: unknown): void {
    if (!this.open) return;
    if (event === 'start' || event === 'finish') this.recorded++;
    // Date.now(), not performance.now(): this runs inside generated loops (SetVariable), and V8
    // inlining performance.now() into a hot loop slows the whole loop ~4× (bench/README.md).
    this.push([Date.now(), k, event, preview(output, 0, this.mask), undefined]);
  }
  setMask(mask: Mask): void { this.mask = mask; }
  summary(): TraceSummary {
    const entries = this.kept.map(([ts, k, event, output, d]) => {
      const n = this.nodes[k] ?? { id: '', name: '' };
      const e: TraceEntry = { timestamp: new Date(ts).toISOString(), nodeId: n.id, nodeName: n.name, event };
      if (output !== undefined) e.output = this.mask ? maskPreview(output, this.mask) : output;
      if (d !== undefined) e.durationMs = Math.round(d * 1000) / 1000;
      return e;
    });
    const runs: Record<string, number> = {};
    let total = 0;
    this.c.forEach((c, k) => { total += c; if (c > 0) Object.defineProperty(runs, this.nodes[k]!.id, { value: c, enumerable: true }); });
    return { entries, dropped: Math.max(0, total - this.recorded), runs };
  }
}

/** A trace that records nothing: for plans compiled without the node log. Stateless, so shared. */
class NoTrace extends Trace {
  constructor() { super([], 0); }
  override event(): void {}
  override setMask(): void {} // shared by every execution: never holds one execution's secrets
}
export const NO_TRACE: Trace = new NoTrace();
