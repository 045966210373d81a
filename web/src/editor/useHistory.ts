// Undo/redo over whole documents: each settled change (not every frame of a drag) pushes the
// document before it; typing in one field is one step (changes less than a second apart while a text
// field has focus). Restoring a document rebuilds the canvas from it, which gives back the same
// JSON, so a restore is not itself recorded.
import { useCallback, useEffect, useRef } from 'react';

const MAX = 100;
const TYPING_MS = 1000;
const typingIn = (e: Element | null): Element | null => (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement ? e : null);

export function useHistory(json: string, settled: boolean, restore: (json: string) => void) {
  const past = useRef<string[]>([]);
  const future = useRef<string[]>([]);
  const current = useRef(json);

  const typed = useRef<{ field: Element; at: number } | null>(null);

  useEffect(() => {
    if (!settled || json === current.current) return;
    const field = typingIn(document.activeElement),
      now = Date.now();
    const sameTyping = field !== null && typed.current?.field === field && now - typed.current.at < TYPING_MS;
    typed.current = field ? { field, at: now } : null;
    if (sameTyping) {
      current.current = json;
      future.current = [];
      return;
    }
    past.current.push(current.current);
    if (past.current.length > MAX) past.current.shift();
    future.current = [];
    current.current = json;
  }, [json, settled]);

  const step = useCallback(
    (from: string[], to: string[]) => {
      const target = from.pop();
      if (target === undefined) return;
      to.push(current.current);
      current.current = target;
      typed.current = null;
      restore(target);
    },
    [restore],
  );

  return {
    undo: useCallback(() => step(past.current, future.current), [step]),
    redo: useCallback(() => step(future.current, past.current), [step]),
  };
}
