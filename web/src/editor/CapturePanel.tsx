// "Capture a request" in the Run dialog (capture mode, SPEC §7): while the pattern is not deployed its
// webhook keeps the requests it receives; this panel starts capture, shows a curl to send, polls the
// samples every second and hands the chosen one's event back. Capture stops when the panel closes.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import type { CaptureSample, CaptureState } from '../types.js';
import { errorText, short } from '../ui/format.js';
import { CopyField } from '../ui/CopyField.js';

/** A field of a captured event (a preview of the webhook's event: the API types it `unknown`). */
const fieldOf = (e: unknown, k: string): unknown => (typeof e === 'object' && e !== null ? Object.getOwnPropertyDescriptor(e, k)?.value : undefined);

const SECONDS = 120;

/** The capture controls and the list of captured samples (newest first) for one OnWebhook pattern. */
export function CapturePanel({ patternId, deployed, onPick }: { patternId: string; deployed: boolean; onPick: (event: unknown) => void }) {
  const base = `/api/patterns/${patternId}/webhook-capture`;
  const [session, setSession] = useState<{ url: string; until: string } | null>(null);
  const [capturing, setCapturing] = useState(false);
  const [samples, setSamples] = useState<CaptureSample[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  const start = async () => {
    setError(null);
    try {
      const r = await api.post<{ until: string; webhookUrl: string }>(base, { seconds: SECONDS });
      started.current = true;
      setSession({ url: r.webhookUrl, until: r.until });
      setSamples([]);
      setPicked(null);
      setCapturing(true);
    } catch (e) {
      setError(errorText(e));
    }
  };

  // Poll every second while capturing (one request at a time); stop when the server says it ended.
  useEffect(() => {
    if (!capturing) return;
    let alive = true,
      timer = 0;
    const tick = async () => {
      try {
        const r = await api.get<CaptureState>(base);
        if (!alive) return;
        setSamples(r.samples);
        if (!r.capturing) {
          setCapturing(false);
          return;
        }
      } catch (e) {
        if (alive) setError(errorText(e));
      }
      if (alive) timer = window.setTimeout(tick, 1000);
    };
    timer = window.setTimeout(tick, 1000);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [capturing, base]);

  // Closing the dialog ends capture mode, so the webhook answers 404 NOT_DEPLOYED again.
  useEffect(
    () => () => {
      if (started.current) api.del(base).catch(() => {});
    },
    [base],
  );

  const choose = (key: string, s: CaptureSample) => {
    setPicked(key);
    onPick(s.event);
  };
  const curl = session ? `curl -X POST '${session.url}' -H 'content-type: application/json' -d '{"hello":"world"}'` : '';
  return (
    <section className="capture" aria-label="Capture a request">
      <div className="capture-head">
        <button type="button" onClick={start} disabled={deployed || capturing}>
          {session && !capturing ? 'Capture again' : 'Capture a request'}
        </button>
        <span className="hint" role="status">
          {deployed
            ? 'Capture works while the pattern is not deployed: its webhook runs the deployment now.'
            : capturing
              ? `Listening until ${new Date(session!.until).toLocaleTimeString()}: send a request to the webhook.`
              : session
                ? 'Capture ended.'
                : 'Send a real request to the webhook and use it as the sample.'}
        </span>
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {session && <CopyField label="Example request (curl)" copyLabel="Copy the curl command" text={curl} />}
      {session && (
        <>
          <p className="hint" role="status">
            {samples.length === 0 ? 'No request captured yet.' : `${samples.length} request(s) captured: choose one to use it.`}
          </p>
          {samples.length > 0 && (
            <ul className="capture-list" aria-label="Captured requests">
              {keyed(samples)
                .reverse()
                .map(([key, s]) => (
                  <li key={key}>
                    <button type="button" className="capture-item" aria-pressed={picked === key} onClick={() => choose(key, s)}>
                      <span className="muted">{new Date(s.at).toLocaleTimeString()}</span> <b>{String(fieldOf(s.event, 'method') ?? '?')}</b>{' '}
                      <code>{short(fieldOf(s.event, 'body') ?? '', 60) || '(no body)'}</code>
                    </button>
                  </li>
                ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Samples with keys that stay the same as newer ones arrive (two can share a millisecond). */
function keyed(samples: CaptureSample[]): [string, CaptureSample][] {
  const seen = new Map<string, number>();
  return samples.map((s) => {
    const n = seen.get(s.at) ?? 0;
    seen.set(s.at, n + 1);
    return [`${s.at}#${n}`, s];
  });
}
