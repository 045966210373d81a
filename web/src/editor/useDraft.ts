// Autosave of the draft: a change is PUT after a short pause (with the revision it was based on, so a
// save over someone else's is refused), then validated, so compile problems show while editing.
// `flush` saves now; Run and Deploy wait for it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api.js';
import type { Diagnostic, Pattern, PatternDocument, PinsByNode } from '../types.js';
import { errorText } from '../ui/format.js';

export type SaveState = { kind: 'saved' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'error'; message: string };

const DELAY_MS = 600;

export function useDraft(pattern: Pattern, doc: PatternDocument, onValidated: (errors: Diagnostic[], warnings: Diagnostic[], pins: PinsByNode) => void) {
  const json = JSON.stringify(doc);
  const saved = useRef(json);
  const revision = useRef(pattern.revision);
  const inFlight = useRef<Promise<void> | null>(null);
  const latest = useRef({ json, doc });
  latest.current = { json, doc };
  const [state, setState] = useState<SaveState>({ kind: 'saved' });
  const validatedCb = useRef(onValidated);
  validatedCb.current = onValidated;

  const validate = useCallback(async () => {
    try {
      const r = await api.post<{ errors: Diagnostic[]; warnings: Diagnostic[]; pins: PinsByNode }>(`/api/patterns/${pattern.id}/validate`);
      validatedCb.current(r.errors, r.warnings, r.pins ?? {});
    } catch {
      /* problems stay as they were; the next save tries again */
    }
  }, [pattern.id]);

  const save = useCallback(async (): Promise<void> => {
    if (inFlight.current) await inFlight.current;
    const { json: body, doc: d } = latest.current;
    if (body === saved.current) return;
    setState({ kind: 'saving' });
    const p = (async () => {
      try {
        const r = await api.put<Pattern>(`/api/patterns/${pattern.id}`, { ...d, revision: revision.current });
        revision.current = r.revision;
        saved.current = body;
        setState(latest.current.json === body ? { kind: 'saved' } : { kind: 'pending' });
        void validate();
      } catch (e) {
        setState({
          kind: 'error',
          message: e instanceof ApiError && e.code === 'CONFLICT' ? 'Saved elsewhere since you opened it: reload the page' : errorText(e),
        });
        throw e;
      }
    })();
    inFlight.current = p
      .finally(() => {
        inFlight.current = null;
      })
      .catch(() => {});
    return p;
  }, [pattern.id, validate]);

  useEffect(() => {
    // Back to what the server has (a change undone before it was saved): nothing to save.
    if (json === saved.current) {
      setState((s) => (s.kind === 'pending' ? { kind: 'saved' } : s));
      return;
    }
    setState((s) => (s.kind === 'error' ? s : { kind: 'pending' }));
    const t = setTimeout(() => {
      save().catch(() => {});
    }, DELAY_MS);
    return () => clearTimeout(t);
  }, [json, save]);

  useEffect(() => {
    void validate();
  }, [validate]);

  // Leaving the editor inside the app saves what is pending; closing the tab with unsaved changes asks first.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (latest.current.json !== saved.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (latest.current.json !== saved.current) saveRef.current().catch(() => {});
    };
  }, []);

  return { state, flush: save };
}
