// Execution inspection (SPEC §12, docs/semantics.md "Inspecting an execution"): every node that ran,
// pure nodes included, with the values on its pins — rebuilt on demand by running the execution's
// own version again against what the execution recorded (its trigger data and its tape), in an
// execution process like any execution. `exact` says whether every value is what the execution saw;
// when the server cannot vouch for that it says why.
import { createHash } from 'node:crypto';
import { COMPILER_VERSION, type CompiledPattern } from '../compiler/index.js';
import { decodeTape, type TapeEntry } from '../runtime/tape.js';
import { preview } from '../runtime/preview.js';
import type { ErrorInfo } from '../errors/error.js';
import type { RunOptions, RunResult } from '../runtime/execute.js';
import type { NodeRun } from '../runtime/inspector.js';
import type { RunLog, RunRecord } from '../store/types.js';

export interface InspectedNodeView {
  id: string;
  type: string;
  name: string;
  runs: NodeRun[];
  truncatedRuns?: number;
}

export interface Inspection {
  runId: string;
  patternId: string;
  version: number | null;
  status: string;
  request: unknown;
  response: unknown;
  outputs: unknown;
  error: ErrorInfo | null;
  nodes: InspectedNodeView[];
  exact: boolean;
  reason?: string;
}

/** What a stored log carries for inspection (runtime/trace.ts v4). */
export interface Recording {
  /** The stored log's format: before 4, nothing was recorded for inspection. */
  v: number;
  tape: TapeEntry[] | false;
  secrets: Record<string, string>;
  /** Test runs (no version): the draft that ran. */
  doc?: unknown;
  /** The response the execution sent (a preview), when it sent one. */
  response?: unknown;
}

export function recordingOf(text: string | null): Recording {
  if (!text) return { v: 0, tape: [], secrets: {} };
  const o = JSON.parse(text) as { v?: number; tape?: unknown[] | false; secrets?: Record<string, string>; doc?: unknown; response?: unknown };
  return {
    v: o.v ?? 0,
    tape: o.tape === false ? false : decodeTape(o.tape ?? []),
    secrets: o.secrets ?? {},
    ...(o.doc !== undefined ? { doc: o.doc } : {}),
    ...(o.response !== undefined ? { response: o.response } : {}),
  };
}

const digest = (v: string) => createHash('sha256').update(v).digest('hex').slice(0, 16);

export interface InspectDeps {
  /** Runs the plan's inspection variant against the tape (isolated like any execution). */
  replay(plan: CompiledPattern, event: Record<string, unknown>, options: RunOptions, tape: TapeEntry[]): Promise<RunResult>;
  secret(name: string): string | undefined;
  environment?: ((name: string) => string | undefined) | undefined;
  /** Replays stop after this long (an execution that timed out may loop for ever). */
  timeoutMs?: number;
}

/** Inspects one recorded run of `plan` (the version it ran, compiled again). */
export async function inspect(
  run: RunRecord & { log: RunLog | null },
  rec: Recording,
  plan: CompiledPattern,
  compilerVersion: number,
  deps: InspectDeps,
): Promise<Inspection> {
  const reasons: string[] = [];
  if (rec.v < 4 && plan.taped) reasons.push('the execution was recorded by an older release, which kept no values of its non-deterministic nodes');
  if (rec.tape === false) reasons.push('a value of a non-deterministic node was too large to keep (over 1 MiB)');
  if (compilerVersion !== COMPILER_VERSION) reasons.push(`the version was compiled by compiler ${compilerVersion}; this server runs ${COMPILER_VERSION}`);
  for (const [name, d] of Object.entries(rec.secrets)) {
    const now = deps.secret(name);
    if (now === undefined || digest(now) !== d) reasons.push(`secret ${JSON.stringify(name)} has changed since the execution (values made from it may differ)`);
  }
  const event = (run.triggerData ?? {}) as Record<string, unknown>;
  if (readsMaskedCredentials(plan, event)) reasons.push("the request's credentials are stored masked (***), and the pattern reads them");
  if (run.status === 'timeout') reasons.push('the execution timed out: the replay runs past where it stopped');
  if (run.status === 'running' || run.status === 'interrupted') reasons.push(`the execution is ${run.status}: its recording is not complete`);

  const r = await deps.replay(
    plan,
    event,
    {
      runId: run.id,
      timeoutMs: deps.timeoutMs ?? 10_000,
      secret: deps.secret,
      environment: deps.environment,
    },
    rec.tape === false ? [] : rec.tape,
  );
  const data = r.inspection;
  if (!data) reasons.push('the replay could not run (its execution process stopped)');
  if (data?.diverged) reasons.push(`the replay left the recording: ${data.diverged}`);
  else if (data && !data.finished && run.status !== 'timeout') reasons.push('the replay did not use every recorded value');
  if (run.status !== 'timeout' && data && (r.status !== statusOf(run.status) || (r.error?.code ?? null) !== (run.error?.code ?? null))) {
    reasons.push(`the replay ended ${r.status}${r.error ? ` (${r.error.code})` : ''}, the execution ${run.status}${run.error ? ` (${run.error.code})` : ''}`);
  }

  if (rec.response !== undefined && data && run.status !== 'timeout' && JSON.stringify(preview(r.response)) !== JSON.stringify(rec.response)) {
    reasons.push('the replay answered differently from the response the execution sent');
  }

  // Durations of action nodes' runs, in order, from the node log (pure nodes have none of their own).
  const durations = new Map<string, number[]>();
  for (const e of run.log?.entries ?? [])
    if (e.event === 'finish' && e.durationMs !== undefined) (durations.get(e.nodeId) ?? durations.set(e.nodeId, []).get(e.nodeId)!).push(e.durationMs);
  const nodes = [...(data?.nodes ?? [])]
    .filter((n) => n.runs.length > 0 || n.truncatedRuns > 0)
    .sort((a, b) => (a.runs[0]?.seq ?? Infinity) - (b.runs[0]?.seq ?? Infinity))
    .map((n): InspectedNodeView => {
      const info = plan.nodes[n.index]!;
      const d = durations.get(info.id) ?? [];
      let i = 0;
      const runs = n.runs.map((x) => ({ ...x, durationMs: x.durationMs ?? d[i++] ?? null }));
      return { id: info.id, type: info.type, name: info.name, runs, ...(n.truncatedRuns > 0 ? { truncatedRuns: n.truncatedRuns } : {}) };
    });
  return {
    runId: run.id,
    patternId: run.patternId,
    version: run.version,
    status: run.status,
    // The response as stored when the execution sent one (since v4), else as the replay rebuilt it.
    request: run.triggerData ?? null,
    response: rec.response ?? (r.response ? preview(r.response) : null),
    outputs: r.outputs ? preview(r.outputs) : null,
    error: run.error,
    nodes,
    exact: reasons.length === 0,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

const statusOf = (s: string) => (s === 'dead_letter' ? 'failed' : s);

/** A webhook execution whose stored request has masked credentials, when the pattern reads them. */
function readsMaskedCredentials(plan: CompiledPattern, event: Record<string, unknown>): boolean {
  if (plan.trigger.type !== 'OnWebhook') return false;
  if (!JSON.stringify([event.headers, event.query, event.url]).includes('***')) return false;
  return plan.document.wires.some((w) => w.from.node === plan.trigger.nodeId && (w.from.pin === 'headers' || w.from.pin === 'query' || w.from.pin === 'url'));
}
