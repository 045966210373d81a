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
  /** Events not kept once the limit was reached, and how many times each node ran in all. */
  dropped: number;
  runs: Record<string, number>;
}

const MAX_STRING = 1000;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;

/** A bounded, JSON-safe copy of a value for the log ("large values truncated", SPEC §8). */
export function preview(v: unknown, depth = 0): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string') return v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}… (${v.length} chars)` : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return `<binary ${v.length} bytes>`;
  if (depth >= MAX_DEPTH) return Array.isArray(v) ? `<array ${v.length}>` : '<object>';
  if (Array.isArray(v)) {
    const out = v.slice(0, MAX_ITEMS).map((x) => preview(x, depth + 1));
    if (v.length > MAX_ITEMS) out.push(`… (${v.length - MAX_ITEMS} more items)`);
    return out;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k of Object.keys(v)) {
    if (n++ === MAX_ITEMS) { Object.defineProperty(out, '…', { value: `${Object.keys(v).length - MAX_ITEMS} more keys`, enumerable: true }); break; }
    Object.defineProperty(out, k, { value: preview((v as any)[k], depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export class Trace {
  private readonly kept: [number, number, TraceEvent, unknown, number | undefined][] = [];
  private readonly counts: Int32Array;
  private dropped = 0;
  constructor(private readonly nodes: readonly { id: string; name: string }[], private readonly limit: number) {
    this.counts = new Int32Array(nodes.length);
  }
  /** A node starts; returns the start time for `f`. */
  s(k: number): number {
    this.counts[k]!++;
    if (this.kept.length >= this.limit) { this.dropped++; return 0; }
    const t = performance.now();
    this.kept.push([Date.now(), k, 'start', undefined, undefined]);
    return t;
  }
  /** A node finishes with `output`. */
  f(k: number, t0: number, output: unknown): void {
    if (t0 === 0 || this.kept.length >= this.limit) { this.dropped++; return; }
    this.kept.push([Date.now(), k, 'finish', preview(output), performance.now() - t0]);
  }
  event(k: number, event: TraceEvent, output: unknown): void {
    if (event === 'finish') this.counts[k]!++;
    if (this.kept.length >= this.limit) { this.dropped++; return; }
    this.kept.push([Date.now(), k, event, preview(output), undefined]);
  }
  summary(): TraceSummary {
    const entries = this.kept.map(([ts, k, event, output, d]) => {
      const n = this.nodes[k] ?? { id: '', name: '' };
      const e: TraceEntry = { timestamp: new Date(ts).toISOString(), nodeId: n.id, nodeName: n.name, event };
      if (output !== undefined) e.output = output;
      if (d !== undefined) e.durationMs = Math.round(d * 1000) / 1000;
      return e;
    });
    const runs: Record<string, number> = {};
    this.counts.forEach((c, k) => { if (c > 0) Object.defineProperty(runs, this.nodes[k]!.id, { value: c, enumerable: true }); });
    return { entries, dropped: this.dropped, runs };
  }
}

/** A trace that records nothing: for plans compiled without the node log. Stateless, so shared. */
class NoTrace extends Trace {
  constructor() { super([], 0); }
  override s(): number { return 0; }
  override f(): void {}
  override event(): void {}
}
export const NO_TRACE: Trace = new NoTrace();
