// Which step of an inspected execution is shown and which node is selected: Previous / Next step
// walk every node run in `seq` order; selecting a node on the canvas shows its run nearest the
// current step (or says it did not run).
import { useCallback, useMemo, useState } from 'react';
import type { Inspection } from '../types.js';
import { failedNode, stepsOf, type Step } from './steps.js';

export interface Stepper {
  steps: Step[];
  /** Index into steps (null when nothing ran); the selected node may be one that did not run. */
  at: number | null;
  selected: string | null;
  go: (at: number) => void;
  select: (nodeId: string | null) => void;
}

export function useSteps(ins: Inspection | null): Stepper {
  const steps = useMemo(() => (ins ? stepsOf(ins) : []), [ins]);
  // Starts on the failed node's run when the execution failed, else on the first step.
  const initial = useMemo(() => {
    if (!ins || steps.length === 0) return { at: null, selected: null };
    const failed = failedNode(ins);
    const i = failed ? steps.findLastIndex((s) => s.nodeId === failed) : -1;
    return i >= 0 ? { at: i, selected: failed } : { at: 0, selected: steps[0]!.nodeId };
  }, [ins, steps]);
  const [state, setState] = useState<{ for: Inspection | null; at: number | null; selected: string | null }>({ for: ins, ...initial });
  const cur = state.for === ins ? state : { for: ins, ...initial };

  const go = useCallback(
    (at: number) => {
      const s = steps[at];
      if (s) setState({ for: ins, at, selected: s.nodeId });
    },
    [ins, steps],
  );

  const select = useCallback(
    (nodeId: string | null) => {
      setState((prev) => {
        const base = prev.for === ins ? prev : { for: ins, ...initial };
        if (nodeId === null) return { ...base, selected: null };
        const mine = steps.map((s, i) => ({ s, i })).filter((x) => x.s.nodeId === nodeId);
        if (mine.length === 0) return { ...base, selected: nodeId };
        if (base.at !== null && steps[base.at]?.nodeId === nodeId) return { ...base, selected: nodeId };
        // Its latest run up to the current step, else its first.
        const seq = base.at === null ? -Infinity : steps[base.at]!.run.seq;
        const before = mine.filter((x) => x.s.run.seq <= seq);
        return { for: ins, at: (before.length ? before[before.length - 1]! : mine[0]!).i, selected: nodeId };
      });
    },
    [ins, initial, steps],
  );

  return { steps, at: cur.at, selected: cur.selected, go, select };
}
