// "Start from an example" (the empty Patterns page): the project's examples (GET /api/examples),
// each imported as a new pattern of yours (POST /api/patterns/import) and opened in the editor. An
// example that calls others (invoice → tax-calculator) brings the ones you do not have yet along,
// deployed (a call compiles against the callee's live version).
import { useEffect, useState } from 'react';
import { api } from '../../api.js';
import { rewriteCalls } from './files.js';
import type { ExampleSummary, Pattern } from '../../types.js';
import { errorText } from '../../ui/format.js';
import { Messages } from '../../ui/Messages.js';

export type { ExampleSummary };

const TRIGGER_LABEL: Record<string, string> = { OnWebhook: 'webhook', OnSchedule: 'schedule', OnPatternCall: 'called by patterns', OnStart: 'by hand' };

/** Imports the example as a new pattern of yours. Its callees that are examples too are imported and
 * deployed first unless you have a pattern with that id already, and its calls point at them (the
 * server may give an imported pattern a new id). */
export async function startFromExample(ex: ExampleSummary, all: readonly ExampleSummary[]): Promise<Pattern> {
  const map = new Map<string, string>();
  const callees = ex.calls.filter((c) => all.some((e) => e.id === c));
  if (callees.length) {
    const mine = new Set((await api.list<Pattern>('/api/patterns?limit=200')).data.map((p) => p.id));
    for (const callee of callees) {
      if (mine.has(callee)) continue;
      const p = await api.post<Pattern>('/api/patterns/import', await api.get(`/api/examples/${encodeURIComponent(callee)}`));
      map.set(callee, p.id);
      // A call compiles against the callee's live deployment: deployed (an OnPatternCall pattern
      // has no webhook, so nothing outside can start it).
      await api.post(`/api/patterns/${encodeURIComponent(p.id)}/deploy`, { note: `with the example ${ex.id}` });
    }
  }
  const doc = await api.get<Record<string, unknown>>(`/api/examples/${encodeURIComponent(ex.id)}`);
  return api.post<Pattern>('/api/patterns/import', rewriteCalls(doc, map));
}

export function Examples({ onStarted }: { onStarted: (p: Pattern) => void }) {
  const [list, setList] = useState<ExampleSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    api.get<ExampleSummary[]>('/api/examples').then(setList, (e) => setError(errorText(e)));
  }, []);
  const start = async (ex: ExampleSummary) => {
    setBusy(ex.id);
    try {
      onStarted(await startFromExample(ex, list ?? []));
    } catch (e) {
      setError(errorText(e));
      setBusy(null);
    }
  };
  if (!list?.length && !error) return null;
  return (
    <section aria-labelledby="examples-title" className="examples">
      <h2 id="examples-title">Start from an example</h2>
      <Messages error={error} />
      <ul className="example-list">
        {list?.map((ex) => (
          <li key={ex.id} className="example">
            <div className="example-head">
              <b>{ex.name}</b>
              {ex.trigger && <span className="tag">{TRIGGER_LABEL[ex.trigger] ?? ex.trigger}</span>}
            </div>
            <p className="muted small">
              {ex.description}
              {ex.calls.length > 0 && ` Also adds and deploys ${ex.calls.join(', ')}, which it calls.`}
            </p>
            <button type="button" className="small" disabled={busy !== null} onClick={() => void start(ex)} aria-label={`Use the example ${ex.name}`}>
              {busy === ex.id ? 'Adding…' : 'Use this example'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
