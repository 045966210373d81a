// The node-by-node execution log, bounded: the first `limit` events are kept in full, after that
// only per-node counts, so a million-iteration loop costs a counter increment per node run. It also
// carries the execution's tape (tape.ts) and digests of the secrets it read, for inspection.
import { encodeTape, type TapeEntry } from './tape.js';

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

/** Values one preview shows in all (past it, `…`): depth and items per level alone still allow
 * 50^6 values when a pattern reuses one object at every level. */
const MAX_PREVIEW_VALUES = 10_000;
let previewLeft = 0;

/** A bounded, JSON-safe copy of a value for the log ("large values truncated", SPEC §8). Secrets are
 * masked before truncating, so a secret cut at the edge cannot show its first characters. */
export function preview(v: unknown, depth = 0, mask?: Mask): unknown {
  if (depth === 0) previewLeft = MAX_PREVIEW_VALUES;
  if (--previewLeft < 0) return '…';
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
    if (n++ === MAX_ITEMS) {
      Object.defineProperty(out, '…', { value: `${Object.keys(v).length - MAX_ITEMS} more keys`, enumerable: true });
      break;
    }
    const key = mask ? mask(k) : k;
    const value = preview((v as any)[k], depth + 1, mask);
    // `__proto__` is a plain key here, not the prototype (defineProperty for it alone: it is slow).
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** Masks the strings and keys of an already bounded preview (for records kept before a secret was read). */
function maskPreview(v: unknown, mask: Mask): unknown {
  if (typeof v === 'string') return mask(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => maskPreview(x, mask));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v))
    Object.defineProperty(out, mask(k), { value: maskPreview((v as any)[k], mask), enumerable: true, writable: true, configurable: true });
  return out;
}

/** A value with every string (and key) masked, a copy; bytes left as they are. */
export function maskDeep(v: unknown, mask: Mask): unknown {
  if (typeof v === 'string') return mask(v);
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((x) => maskDeep(x, mask));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v))
    Object.defineProperty(out, mask(k), { value: maskDeep((v as Record<string, unknown>)[k], mask), enumerable: true, writable: true, configurable: true });
  return out;
}

/** A tape entry with every string (and key) masked; bytes left as they are. */
function maskTapeEntry(t: TapeEntry, mask: Mask): TapeEntry {
  return t.length === 3 ? [t[0], null, { ...t[2], message: mask(t[2].message) }] : [t[0], maskDeep(t[1], mask)];
}

/** [µs after the trace's start, node index, event code (EVENTS), output?, duration µs?] — the stored
 * form itself (StoredLog `e`), so storing the log is one JSON.stringify of this array. Times are
 * integers (small integers to V8: no number objects, and cheap to write as text). */
type Kept = [number, number, number] | [number, number, number, unknown] | [number, number, number, unknown, number];

/** The JSON text of each node's `"index":["id","name"]` and `"id":` (for `runs`), made once per plan. */
const fragments = new WeakMap<readonly { id: string; name: string }[], { names: string[]; ids: string[] }>();
function fragmentsOf(nodes: readonly { id: string; name: string }[]): { names: string[]; ids: string[] } {
  let f = fragments.get(nodes);
  if (!f) {
    f = { names: nodes.map((n, k) => `"${k}":${JSON.stringify([n.id, n.name])}`), ids: nodes.map((n) => `${JSON.stringify(n.id)}:`) };
    fragments.set(nodes, f);
  }
  return f;
}

export class Trace {
  private readonly kept: Kept[] = [];
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
  private recorded = 0;
  /** The time of the record kept last (µs): records never go back in time (`event` reads the
   * millisecond clock — V8 slows a hot loop that inlines performance.now() — `s`/`f` the fine one). */
  private last = 0;
  /** When the trace began: the epoch millisecond and the same instant on the monotonic clock. */
  private readonly t0: number;
  private readonly p0: number;
  /** `t0`, `p0`: the start as its execution read it (epoch ms, performance.now()); now by default. */
  constructor(
    private readonly nodes: readonly { id: string; name: string }[],
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

  /** The log as stored in the execution history: compact JSON (see StoredLog), made once per run
   * by the history recorder. The entries are kept in their stored form, so this is one native
   * JSON.stringify plus the names and counts of the nodes that ran (text made once per plan). */
  stored(): string {
    const f = fragmentsOf(this.nodes);
    const kept = this.kept;
    const seen: boolean[] = [];
    let n = '';
    for (let i = 0; i < kept.length; i++) {
      const k = kept[i]![1];
      if (seen[k] !== true) {
        seen[k] = true;
        const name = f.names[k] ?? `"${k}":["",""]`;
        n += n ? `,${name}` : name;
      }
    }
    let runs = '';
    let total = 0;
    for (let k = 0; k < this.c.length; k++) {
      const c = this.c[k]!;
      if (c > 0) {
        total += c;
        runs += `${runs ? ',' : ''}${f.ids[k] ?? `"":`}${c}`;
      }
    }
    const mask = this.mask;
    const e = mask ? kept.map((x): Kept => (x.length > 3 ? ([x[0], x[1], x[2], maskPreview(x[3], mask), ...x.slice(4)] as Kept) : x)) : kept;
    // The tape whole, or `false` when it is too large to keep (inspection then says it is inexact).
    // Secrets and connection credentials a node's result holds (a service that echoes its key) are
    // masked there too: no stored log holds a credential, at the price of an inexact replay.
    const taped = this.tape === undefined ? undefined : mask ? this.tape.map((t): TapeEntry => maskTapeEntry(t, mask)) : this.tape;
    const tape = taped === undefined ? '' : `,"tape":${encodeTape(taped) ?? 'false'}`;
    const secrets = this.secretDigests === undefined ? '' : `,"secrets":${JSON.stringify(this.secretDigests)}`;
    // The response is kept only when a replay could not rebuild it alone (the execution played a tape
    // or read secrets): otherwise the same code on the same event answers the same (semantics.md).
    const response =
      this.response === undefined || (this.tape === undefined && this.secretDigests === undefined)
        ? ''
        : `,"response":${JSON.stringify(preview(this.response, 0, mask))}`;
    return `{"v":4,"t":${this.t0},"n":{${n}},"e":${JSON.stringify(e)},"dropped":${Math.max(0, total - this.recorded)},"runs":{${runs}}${tape}${secrets}${response}}`;
  }

  summary(): TraceSummary {
    return expandLog(this.stored());
  }
}

/** The stored form of a log with no entries (an execution ended before it ran, by its pool). */
export const emptyLog = (t: number): string => `{"v":4,"t":${t},"n":{},"e":[],"dropped":0,"runs":{}}`;

const EVENTS: TraceEvent[] = ['start', 'finish', 'log', 'error'];
const EVENT_CODES: Record<TraceEvent, number> = { start: 0, finish: 1, log: 2, error: 3 };

/** [ms after `t`, index into `n`, event code (EVENTS), output?, durationMs?] */
type StoredEntryV2 = [number, number, number, unknown?, number?];
/** The node log as the history stores it. v4 (now): v3 plus the execution's tape and the digests of
 * the secrets it read (`tape`, `secrets`, for inspection; a v3 log, stored until 2026-12, has none).
 * v3: entries as Kept (µs after `t`, the node's index
 * in the plan, event code, output?, duration µs?), `n` the id and name of each node that ran by its
 * index. v2 (stored until 2026-11): times in ms, `n` a list indexed by the entries. The API answers
 * the SPEC §8 form (expandLog). */
type StoredLog =
  | { v: 3 | 4; t: number; n: Record<string, [string, string]>; e: Kept[]; dropped: number; runs: Record<string, number> }
  | { v: 2; t: number; n: [string, string][]; e: StoredEntryV2[]; dropped: number; runs: Record<string, number> };

/** The SPEC §8 form of a stored log (also reads logs stored before the compact form: TraceSummary JSON). */
export function expandLog(text: string): TraceSummary {
  const log = JSON.parse(text) as StoredLog | TraceSummary;
  if (!('v' in log)) return log;
  const us = log.v >= 3 ? 1000 : 1; // v3 and v4 times are in microseconds, v2 in milliseconds
  const names = log.n as Record<number, [string, string] | undefined>;
  const entries = (log.e as StoredEntryV2[]).map(([dt, j, code, output, d]): TraceEntry => {
    const [nodeId, nodeName] = names[j] ?? ['', ''];
    const e: TraceEntry = { timestamp: new Date(log.t + dt / us).toISOString(), nodeId, nodeName, event: EVENTS[code] ?? 'log' };
    if (output !== undefined) e.output = output;
    if (d !== undefined) e.durationMs = d / us;
    return e;
  });
  return { entries, dropped: log.dropped, runs: log.runs };
}

/** A trace that records nothing: for plans compiled without the node log. Stateless, so shared. */
class NoTrace extends Trace {
  constructor() {
    super([], 0);
  }
  override event(): void {}
  override setMask(): void {} // shared by every execution: never holds one execution's secrets
}
export const NO_TRACE: Trace = new NoTrace();
