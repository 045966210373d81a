// What the editor's buttons do against the API: test run, deploy, pause, resume, undeploy. Each
// returns what the console should show, and compile problems when the draft does not compile.
import { api, ApiError } from '../api.js';
import type { DeployResult, Diagnostic, DeploymentStatus, TestRun } from '../types.js';
import type { ConsoleEntry } from './Console.js';
import type { LiveState } from './Toolbar.js';
import { errorText } from '../ui/format.js';

export interface Outcome {
  console: ConsoleEntry;
  live?: LiveState;
  problems?: { errors: Diagnostic[]; warnings: Diagnostic[] };
}

function problems(what: string, errors: Diagnostic[], warnings: Diagnostic[]): Outcome {
  return {
    console: { kind: 'problems', title: `${what} failed: the draft has ${errors.length} compile error(s)`, errors, warnings },
    problems: { errors, warnings },
  };
}

function failure(e: unknown, what: string): Outcome {
  if (e instanceof ApiError && e.code === 'COMPILE_FAILED') {
    const d = (e.details ?? {}) as { errors?: Diagnostic[]; warnings?: Diagnostic[] };
    return problems(what, d.errors ?? [], d.warnings ?? []);
  }
  return { console: { kind: 'message', text: `${what} failed: ${errorText(e)}`, error: true } };
}

/** Compiles the saved draft first (always a 200), so a draft with errors is shown as such without
 * a refused request; the run or deploy itself still reports anything found later. */
async function precheck(patternId: string, what: string): Promise<Outcome | null> {
  const r = await api.post<{ errors: Diagnostic[]; warnings: Diagnostic[] }>(`/api/patterns/${patternId}/validate`);
  return r.errors.length ? problems(what, r.errors, r.warnings) : null;
}

/** What a test run runs on: a sample event, or the trigger data of an execution ("Run draft with this input"). */
export type RunInput = { event: Record<string, unknown> } | { fromRun: string };

export async function runDraft(patternId: string, input: RunInput): Promise<Outcome> {
  try {
    const refused = await precheck(patternId, 'Run');
    if (refused) return refused;
    return { console: { kind: 'run', run: await api.post<TestRun>(`/api/patterns/${patternId}/run`, input) } };
  } catch (e) {
    return failure(e, 'Run');
  }
}

export async function deploy(patternId: string): Promise<Outcome> {
  try {
    const refused = await precheck(patternId, 'Deploy');
    if (refused) return refused;
    const r = await api.post<DeployResult>(`/api/patterns/${patternId}/deploy`, {});
    return {
      console: { kind: 'deployed', result: r },
      live: { status: r.status, version: r.version, pausedReason: null },
      problems: { errors: [], warnings: r.warnings ?? [] },
    };
  } catch (e) {
    return failure(e, 'Deploy');
  }
}

export async function lifecycle(patternId: string, what: 'pause' | 'resume' | 'undeploy'): Promise<Outcome> {
  try {
    const base = `/api/patterns/${patternId}`;
    const d = await (what === 'undeploy'
      ? api.del<{ status: DeploymentStatus; version: number; pausedReason: string | null }>(`${base}/deploy`)
      : api.post<{ status: DeploymentStatus; version: number; pausedReason: string | null }>(`${base}/${what}`, {}));
    const text = {
      pause: 'Paused: webhooks answer 503 and schedules skip until Resume.',
      resume: 'Resumed: the deployment is active again.',
      undeploy: 'Undeployed: the triggers are removed; the draft, versions and history remain.',
    }[what];
    return { console: { kind: 'message', text }, live: { status: d.status, version: d.version, pausedReason: d.pausedReason } };
  } catch (e) {
    return failure(e, what.charAt(0).toUpperCase() + what.slice(1));
  }
}

/** Problems by node id ('' for the pattern as a whole), warnings marked as such. */
export function groupProblems(errors: Diagnostic[], warnings: Diagnostic[]): Map<string, Diagnostic[]> {
  const m = new Map<string, Diagnostic[]>();
  for (const d of [...errors.map((e) => ({ ...e, severity: 'error' as const })), ...warnings.map((w) => ({ ...w, severity: 'warning' as const }))]) {
    const k = d.nodeId ?? '';
    m.set(k, [...(m.get(k) ?? []), d]);
  }
  return m;
}
