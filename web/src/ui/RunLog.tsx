// The node-by-node log of one execution (GET /api/runs/:id `log`, or a test run's `log`): order,
// time since the start, node, event, duration and output. Clicking a node can select it (editor).
import type { TraceEntry } from '../types.js';
import { ms, short } from './format.js';

export function RunLog({ log, onNode, label = 'Execution log' }: { log: TraceEntry[]; onNode?: (nodeId: string) => void; label?: string }) {
  if (log.length === 0) return <p className="muted">No node ran.</p>;
  const t0 = Date.parse(log[0]!.timestamp);
  return (
    <table className="table log" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">At</th>
          <th scope="col">Node</th>
          <th scope="col">Event</th>
          <th scope="col">Took</th>
          <th scope="col">Output</th>
        </tr>
      </thead>
      <tbody>
        {log.map((e, i) => (
          <tr key={i} className={`ev-${e.event}`}>
            <td>{i + 1}</td>
            <td className="num">+{Math.max(0, Date.parse(e.timestamp) - t0)} ms</td>
            <td>
              {onNode ? (
                <button type="button" className="link" onClick={() => onNode(e.nodeId)}>
                  {e.nodeName || e.nodeId}
                </button>
              ) : (
                e.nodeName || e.nodeId
              )}
            </td>
            <td>{e.event}</td>
            <td className="num">{e.durationMs === undefined ? '' : ms(e.durationMs)}</td>
            <td className="mono" title={typeof e.output === 'string' ? e.output : undefined}>
              {short(e.output, 160)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
