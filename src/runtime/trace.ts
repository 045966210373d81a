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

  /** The log as stored in the execution history: compact JSON (see StoredLog), made once per run
   * off the hot path by the history recorder. */
  stored(): string {
    const names: [string, string][] = [];
    const local: number[] = []; // node index → index in `names`
    const kept = this.kept;
    const t0 = kept.length ? Math.floor(kept[0]![0]) : 0;
    // Written out rather than built as arrays and stringified: this runs once per execution. Numbers
    // from `preview` are finite, so String(n) is their JSON.
    let e = '';
    for (let i = 0; i < kept.length; i++) {
      const [ts, k, event, output, d] = kept[i]!;
      let j = local[k];
      if (j === undefined) {
        j = local[k] = names.length;
        const n = this.nodes[k];
        names.push([n?.id ?? '', n?.name ?? '']);
      }
      e += `${i ? ',' : ''}[${Math.round((ts - t0) * 1000) / 1000},${j},${EVENT_CODES[event]}`;
      if (output !== undefined) {
        const out = this.mask ? maskPreview(output, this.mask) : output;
        e += `,${typeof out === 'number' ? String(out) : (JSON.stringify(out) ?? 'null')}`;
        if (d !== undefined) e += `,${Math.round(d * 1000) / 1000}`;
      }
      e += ']';
    }
    // No prototype: a node id such as `__proto__` is a plain key.
    const runs: Record<string, number> = Object.create(null);
    let total = 0;
    for (let k = 0; k < this.c.length; k++) { const c = this.c[k]!; total += c; if (c > 0) runs[this.nodes[k]!.id] = c; }
    return `{"v":2,"t":${t0},"n":${JSON.stringify(names)},"e":[${e}],"dropped":${Math.max(0, total - this.recorded)},"runs":${JSON.stringify(runs)}}`;
  }

  summary(): TraceSummary { return expandLog(this.stored()); }
}

const EVENTS: TraceEvent[] = ['start', 'finish', 'log', 'error'];
const EVENT_CODES: Record<TraceEvent, number> = { start: 0, finish: 1, log: 2, error: 3 };

/** [ms after `t`, index into `n`, event code (EVENTS), output?, durationMs?] */
type StoredEntry = [number, number, number] | [number, number, number, unknown] | [number, number, number, unknown, number];
/** The node log as the history stores it: node ids and names once, times relative to the first
 * entry, events as numbers. The API answers the SPEC §8 form (expandLog). */
interface StoredLog { v: 2; t: number; n: [string, string][]; e: StoredEntry[]; dropped: number; runs: Record<string, number> }

/** The SPEC §8 form of a stored log (also reads logs stored before the compact form: TraceSummary JSON). */
export function expandLog(text: string): TraceSummary {
  const log = JSON.parse(text) as StoredLog | TraceSummary;
  if (!('v' in log)) return log;
  const entries = log.e.map(([dt, j, code, output, d]): TraceEntry => {
    const [nodeId, nodeName] = log.n[j] ?? ['', ''];
    const e: TraceEntry = { timestamp: new Date(log.t + dt).toISOString(), nodeId, nodeName, event: EVENTS[code] ?? 'log' };
    if (output !== undefined) e.output = output;
    if (d !== undefined) e.durationMs = d;
    return e;
  });
  return { entries, dropped: log.dropped, runs: log.runs };
}

/** A trace that records nothing: for plans compiled without the node log. Stateless, so shared. */
class NoTrace extends Trace {
  constructor() { super([], 0); }
  override event(): void {}
  override setMask(): void {} // shared by every execution: never holds one execution's secrets
}
export const NO_TRACE: Trace = new NoTrace();
