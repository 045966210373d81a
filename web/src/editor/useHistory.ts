// Undo/redo over whole documents: each settled change (not every frame of a drag) pushes the
// document before it. Restoring a document rebuilds the canvas from it, which gives back the same
// JSON, so a restore is not itself recorded.
import { useCallback, useEffect, useRef } from 'react';

const MAX = 100;

export function useHistory(json: string, settled: boolean, restore: (json: string) => void) {
  const past = useRef<string[]>([]);
  const future = useRef<string[]>([]);
  const current = useRef(json);

  useEffect(() => {
    if (!settled || json === current.current) return;
    past.current.push(current.current);
    if (past.current.length > MAX) past.current.shift();
    future.current = [];
    current.current = json;
  }, [json, settled]);

  const step = useCallback((from: string[], to: string[]) => {
    const target = from.pop();
    if (target === undefined) return;
    to.push(current.current);
    current.current = target;
    restore(target);
  }, [restore]);

  return {
    undo: useCallback(() => step(past.current, future.current), [step]),
    redo: useCallback(() => step(future.current, past.current), [step]),
  };
}
