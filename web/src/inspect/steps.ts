// An inspected execution as steps: every node run in `seq` order, which node each belongs to and
// which of that node's runs it is ("3 of 10" in a loop), the marks the canvas shows per node, and
// the value a data wire carried at a step.
import type { Inspection, NodeRun } from '../types.js';
import type { NodeNote } from '../editor/context.js';

export interface Step {
  nodeId: string;
  run: NodeRun;
  /** 0-based: which run of its node this is. */
  nth: number;
  /** Runs of its node shown (the API keeps the first 100), and those only counted beyond them. */
  of: number;
  truncated: number;
}

export function stepsOf(ins: Inspection): Step[] {
  const steps: Step[] = [];
  for (const n of ins.nodes) n.runs.forEach((run, nth) => steps.push({ nodeId: n.id, run, nth, of: n.runs.length, truncated: n.truncatedRuns ?? 0 }));
  return steps.sort((a, b) => a.run.seq - b.run.seq);
}

/** The node the execution failed at: the one its error names, else the last with a failed run. */
export function failedNode(ins: Inspection): string | null {
  if (ins.error?.nodeId) return ins.error.nodeId;
  const withError = ins.nodes.filter((n) => n.runs.some((r) => r.error));
  return withError.length ? withError[withError.length - 1]!.id : null;
}

/** Per node of the graph: ran (with how many runs), failed, or did not run (dimmed); the node of
 * the current step stands out. */
export function runNotes(ins: Inspection, nodeIds: readonly string[], current: string | null): Map<string, NodeNote> {
  const byId = new Map(ins.nodes.map((n) => [n.id, n]));
  const failed = failedNode(ins);
  const notes = new Map<string, NodeNote>();
  for (const id of nodeIds) {
    const n = byId.get(id);
    const runs = n ? n.runs.length + (n.truncatedRuns ?? 0) : 0;
    const cls = [n ? (id === failed || n.runs.some((r) => r.error) ? 'ins-failed' : 'ins-ran') : 'ins-idle'];
    if (id === current) cls.push('ins-current');
    notes.set(id, {
      className: cls.join(' '),
      badge: !n ? undefined : id === failed ? 'failed' : runs > 1 ? `×${runs}` : '✓',
      badgeTitle: !n ? undefined : `${runs} run${runs === 1 ? '' : 's'}${id === failed ? ', failed' : ''}`,
    });
  }
  return notes;
}

/** The value an output pin held at step `at` (its node's latest run up to that step's seq, or its
 * first run when none yet — pure nodes run when first needed); undefined when the node never ran. */
export function pinValueAt(
  ins: Inspection,
  steps: readonly Step[],
  at: number | null,
  nodeId: string,
  pin: string,
): { value: unknown; nth: number; of: number } | undefined {
  const n = ins.nodes.find((x) => x.id === nodeId);
  if (!n || n.runs.length === 0) return undefined;
  const seq = at === null ? Infinity : (steps[at]?.run.seq ?? Infinity);
  let nth = 0;
  n.runs.forEach((r, i) => {
    if (r.seq <= seq) nth = i;
  });
  const run = n.runs[nth]!;
  if (!Object.hasOwn(run.outputs, pin)) return undefined;
  return { value: run.outputs[pin], nth, of: n.runs.length };
}

/** Readable JSON of a pin value (strings as JSON too, so that "" and "1" read as strings). */
export function json(v: unknown): string {
  if (v === undefined) return 'undefined';
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}
