// The per-node profile of a deployment (SPEC §12): runs, errors and duration percentiles of each
// node over a period, from the node logs of its newest executions — the slow or failing node stands
// out. Run counts come from each log's per-node counters (every run, also past the kept entries);
// durations and errors from the entries it kept.
import { expandLog } from '../history/node-log.js';

export interface NodeProfile {
  id: string;
  runs: number;
  errors: number;
  durationMs: { p50: number | null; p95: number | null; max: number | null };
}

const pct = (sorted: number[], q: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export function profile(nodeIds: readonly string[], logs: readonly string[]): NodeProfile[] {
  const runs = new Map<string, number>(),
    errors = new Map<string, number>(),
    durations = new Map<string, number[]>();
  for (const text of logs) {
    let log;
    try {
      log = expandLog(text);
    } catch {
      continue;
    }
    for (const [id, n] of Object.entries(log.runs)) runs.set(id, (runs.get(id) ?? 0) + n);
    for (const e of log.entries) {
      if (e.event === 'error') errors.set(e.nodeId, (errors.get(e.nodeId) ?? 0) + 1);
      else if (e.event === 'finish' && e.durationMs !== undefined) (durations.get(e.nodeId) ?? durations.set(e.nodeId, []).get(e.nodeId)!).push(e.durationMs);
    }
  }
  return nodeIds.map((id) => {
    const d = (durations.get(id) ?? []).sort((a, b) => a - b);
    return {
      id,
      runs: runs.get(id) ?? 0,
      errors: errors.get(id) ?? 0,
      durationMs: { p50: pct(d, 0.5), p95: pct(d, 0.95), max: d.length ? d[d.length - 1]! : null },
    };
  });
}
