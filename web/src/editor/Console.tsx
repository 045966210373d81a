// The console under the canvas: the last test run (status, Log output, node-by-node log) or the
// last deploy's outcome with its compile problems. Clicking a node's name selects it. A test run is
// also inspected node by node beside the canvas (Inputs / Outputs, Previous / Next step).
import type { DeployResult, Diagnostic, TestRun } from '../types.js';
import { RunStatus } from '../ui/StatusBadge.js';
import { RunLog } from '../ui/RunLog.js';
import { ms } from '../ui/format.js';

export type ConsoleEntry =
  | { kind: 'running' }
  | { kind: 'run'; run: TestRun; inspectError?: string }
  | { kind: 'deployed'; result: DeployResult }
  | { kind: 'problems'; title: string; errors: Diagnostic[]; warnings: Diagnostic[] }
  | { kind: 'message'; text: string; error?: boolean };

export function Console({
  entry,
  onNode,
  inspecting,
}: {
  entry: ConsoleEntry | null;
  onNode: (id: string) => void;
  /** The run is inspected on the canvas: whether the step panel is open, and its toggle. */
  inspecting?: { open: boolean; toggle: () => void };
}) {
  if (!entry) return <p className="muted pad">Run the pattern to see its execution here, node by node.</p>;
  switch (entry.kind) {
    case 'running':
      return (
        <p className="pad" role="status">
          Running…
        </p>
      );
    case 'message':
      return (
        <p className={entry.error ? 'error pad' : 'pad'} role={entry.error ? 'alert' : 'status'}>
          {entry.text}
        </p>
      );
    case 'deployed':
      return (
        <div className="pad">
          <p role="status">
            Deployed version {entry.result.version}: {entry.result.triggers.map((t) => t.type).join(', ')}.
          </p>
          <DiagList list={entry.result.warnings} onNode={onNode} />
        </div>
      );
    case 'problems':
      return (
        <div className="pad">
          <p className="error" role="alert">
            {entry.title}
          </p>
          <DiagList list={[...entry.errors, ...entry.warnings]} onNode={onNode} />
        </div>
      );
    case 'run': {
      const r = entry.run;
      return (
        <div className="pad">
          <p className="run-head">
            <RunStatus status={r.status} /> <span>{ms(r.durationMs)}</span> <span className="muted mono">{r.runId}</span>
            {inspecting && (
              <button type="button" className="ghost small" aria-pressed={inspecting.open} onClick={inspecting.toggle}>
                {inspecting.open ? 'Hide inspection' : 'Inspect on canvas'}
              </button>
            )}
            {!inspecting && !entry.inspectError && <span className="muted small">inspecting…</span>}
          </p>
          {entry.inspectError && <p className="muted small">Not inspected: {entry.inspectError}</p>}
          {r.error && (
            <p className="error">
              {r.error.code}: {r.error.message}
              {r.error.nodeId ? (
                <>
                  {' '}
                  —{' '}
                  <button type="button" className="link" onClick={() => onNode(r.error!.nodeId!)}>
                    {r.error.nodeId}
                  </button>
                </>
              ) : null}
            </p>
          )}
          {r.response && (
            <p className="small">
              <span className="muted">Response</span> <strong>{r.response.status}</strong>{' '}
              <code className="mono">
                {typeof r.response.body === 'string' ? r.response.body.slice(0, 300) : JSON.stringify(r.response.body)?.slice(0, 300)}
              </code>
            </p>
          )}
          {r.outputs && (
            <p className="small">
              <span className="muted">Outputs</span> <code className="mono">{JSON.stringify(r.outputs).slice(0, 300)}</code>
            </p>
          )}
          {r.logs.length > 0 && (
            <ul className="logs" aria-label="Log messages">
              {r.logs.map((l, i) => (
                <li key={i} className={`lvl-${l.level}`}>
                  <span className="muted">[{l.level}]</span> {l.message}{' '}
                  {l.nodeId !== null && (
                    <button type="button" className="link small" onClick={() => onNode(l.nodeId ?? '')}>
                      {l.nodeId}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <RunLog log={r.log} onNode={onNode} />
        </div>
      );
    }
  }
}

function DiagList({ list, onNode }: { list: Diagnostic[]; onNode: (id: string) => void }) {
  if (!list.length) return null;
  return (
    <ul className="problems">
      {list.map((d, i) => (
        <li key={i} className={d.severity === 'warning' ? 'warn' : 'error'}>
          <b>{d.code}</b> {d.message}
          {d.nodeId && (
            <>
              {' '}
              —{' '}
              <button type="button" className="link" onClick={() => onNode(d.nodeId!)}>
                {d.nodeId}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
