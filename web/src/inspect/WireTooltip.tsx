// Hovering a data wire of an inspected execution shows the value it carried at the current step:
// its source pin's output in the source node's latest run up to that step.
import { useCallback, useState, type MouseEvent as ReactMouseEvent } from 'react';
import type { FlowEdge } from '../editor/graph.js';
import { pinOf } from '../editor/pins.js';
import type { Inspection } from '../types.js';
import { json, pinValueAt, type Step } from './steps.js';

interface Tip {
  x: number;
  y: number;
  title: string;
  text: string;
}

export function useWireTooltip(ins: Inspection | null, steps: readonly Step[], at: number | null) {
  const [tip, setTip] = useState<Tip | null>(null);
  const show = useCallback(
    (e: ReactMouseEvent, edge: FlowEdge) => {
      if (!ins || edge.data?.type === 'Exec') {
        setTip(null);
        return;
      }
      const pin = pinOf(edge.sourceHandle);
      const v = pinValueAt(ins, steps, at, edge.source, pin);
      const title = `${edge.source}.${pin} → ${edge.target}.${pinOf(edge.targetHandle)}${v && v.of > 1 ? ` (run ${v.nth + 1} of ${v.of})` : ''}`;
      const text = v ? json(v.value) : 'no value: its node did not run';
      setTip({ x: e.clientX, y: e.clientY, title, text: text.length > 2000 ? `${text.slice(0, 2000)}…` : text });
    },
    [ins, steps, at],
  );
  const hide = useCallback(() => setTip(null), []);
  const handlers = ins ? { onEdgeMouseEnter: show, onEdgeMouseMove: show, onEdgeMouseLeave: hide } : {};
  const element = tip && (
    <div
      className="wire-tip"
      role="tooltip"
      style={{ left: Math.min(tip.x + 14, window.innerWidth - 340), top: Math.min(tip.y + 14, window.innerHeight - 200) }}
    >
      <div className="muted small mono">{tip.title}</div>
      <pre className="mono">{tip.text}</pre>
    </div>
  );
  return { handlers, element };
}
