// The node log as the execution history stores it (StoredLog): written from a finished execution's
// trace (encodeNodeLog, once per run), read back into the SPEC §8 form (expandLog). Secrets and
// connection credentials an execution read are masked here, before anything is stored.
import { encodeTape, type TapeEntry } from '../runtime/tape.js';
import { maskDeep, preview, type Mask } from '../runtime/preview.js';
import type { Trace, TraceEntry, TraceEvent, TraceSummary } from '../runtime/trace.js';

/** [µs after the trace's start, node index, event code (EVENTS), output?, duration µs?] — the stored
 * form itself (StoredLog `e`), so storing the log is one JSON.stringify of this array. Times are
 * integers (small integers to V8: no number objects, and cheap to write as text). */
export type Kept = [number, number, number] | [number, number, number, unknown] | [number, number, number, unknown, number];

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

/** A tape entry with every string (and key) masked; bytes left as they are. */
function maskTapeEntry(t: TapeEntry, mask: Mask): TapeEntry {
  return t.length === 3 ? [t[0], null, { ...t[2], message: mask(t[2].message) }] : [t[0], maskDeep(t[1], mask)];
}

/** A trace's log as stored in the execution history: compact JSON (see StoredLog), made once per run
 * by the history recorder (Trace.stored). The entries are kept in their stored form, so this is one
 * native JSON.stringify plus the names and counts of the nodes that ran (text made once per plan). */
export function encodeNodeLog(trace: Trace): string {
  const f = fragmentsOf(trace.nodes);
  const kept = trace.kept;
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
  for (let k = 0; k < trace.c.length; k++) {
    const c = trace.c[k]!;
    if (c > 0) {
      total += c;
      runs += `${runs ? ',' : ''}${f.ids[k] ?? `"":`}${c}`;
    }
  }
  const mask = trace.mask;
  const e = mask ? kept.map((x): Kept => (x.length > 3 ? ([x[0], x[1], x[2], maskDeep(x[3], mask), ...x.slice(4)] as Kept) : x)) : kept;
  // The tape whole, or `false` when it is too large to keep (inspection then says it is inexact).
  // Secrets and connection credentials a node's result holds (a service that echoes its key) are
  // masked there too: no stored log holds a credential, at the price of an inexact replay.
  const taped = trace.tape === undefined ? undefined : mask ? trace.tape.map((t): TapeEntry => maskTapeEntry(t, mask)) : trace.tape;
  const tape = taped === undefined ? '' : `,"tape":${encodeTape(taped) ?? 'false'}`;
  const secrets = trace.secretDigests === undefined ? '' : `,"secrets":${JSON.stringify(trace.secretDigests)}`;
  // The response is kept only when a replay could not rebuild it alone (the execution played a tape
  // or read secrets): otherwise the same code on the same event answers the same (semantics.md).
  const response =
    trace.response === undefined || (trace.tape === undefined && trace.secretDigests === undefined)
      ? ''
      : `,"response":${JSON.stringify(preview(trace.response, 0, mask))}`;
  return `{"v":4,"t":${trace.t0},"n":{${n}},"e":${JSON.stringify(e)},"dropped":${Math.max(0, total - trace.recorded)},"runs":{${runs}}${tape}${secrets}${response}}`;
}

/** The stored form of a log with no entries (an execution ended before it ran, by its pool). */
export const emptyLog = (t: number): string => `{"v":4,"t":${t},"n":{},"e":[],"dropped":0,"runs":{}}`;

const EVENTS: TraceEvent[] = ['start', 'finish', 'log', 'error'];

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
