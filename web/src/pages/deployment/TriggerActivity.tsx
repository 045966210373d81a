// Trigger activity of one deployment (GET …/triggers): webhook requests, schedule fires and pattern
// calls by caller, counted in memory since the server started; only the sections that apply.
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api.js';
import type { TriggerActivityInfo } from '../../types.js';
import { Link } from '../../router.js';
import { count, errorText, when } from '../../ui/format.js';
import { Messages } from '../../ui/Messages.js';

export function TriggerActivity({ deploymentId, refreshKey }: { deploymentId: string; refreshKey: number }) {
  const [a, setA] = useState<TriggerActivityInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.get<TriggerActivityInfo>(`/api/deployments/${deploymentId}/triggers`).then(
      (x) => {
        if (live) {
          setA(x);
          setError(null);
        }
      },
      (e) => {
        if (live) setError(errorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [deploymentId, refreshKey]);

  const w = a?.webhook,
    s = a?.schedule;
  const rejected = Object.entries(w?.rejected ?? {}).sort((x, y) => y[1] - x[1]);
  const callers = Object.entries(a?.patternCalls.byCaller ?? {}).sort((x, y) => y[1] - x[1]);
  const showWebhook = !!w && (a!.type === 'OnWebhook' || w.received > 0);
  const showCalls = a?.type === 'OnPatternCall' || callers.length > 0;
  // Not a named region, so that "Trigger" stays the one label of the executions filter.
  return (
    <section>
      <h2>Trigger activity</h2>
      <Messages error={error} />
      {!a ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          {showWebhook && (
            <>
              <h3>Webhook</h3>
              {w!.received === 0 ? (
                <p className="hint">No requests yet.</p>
              ) : (
                <dl className="kv">
                  <dt>Received</dt>
                  <dd>{count(w!.received)}</dd>
                  <dt>Accepted</dt>
                  <dd>{count(w!.accepted)}</dd>
                  <dt>Rejected</dt>
                  <dd>{count(rejected.reduce((n, [, c]) => n + c, 0))}</dd>
                  {rejected.map(([code, c]) => (
                    <RowKV key={code} k={<code>{code}</code>} v={count(c)} sub />
                  ))}
                  <dt>Last received</dt>
                  <dd>{when(w!.lastReceived)}</dd>
                </dl>
              )}
            </>
          )}
          {s && (
            <>
              <h3>Schedule</h3>
              <p className="hint">
                <code>{s.cron}</code>
                {s.timezone ? ` (${s.timezone})` : ''}
              </p>
              <dl className="kv">
                {s.fired + s.skipped + s.missed + s.caughtUp === 0 ? (
                  <>
                    <dt>Fired</dt>
                    <dd>not yet</dd>
                  </>
                ) : (
                  <>
                    <dt>Fired</dt>
                    <dd>{count(s.fired)}</dd>
                    <dt>Skipped</dt>
                    <dd>
                      {count(s.skipped)} <span className="muted">(paused)</span>
                    </dd>
                    <dt>Missed</dt>
                    <dd>{count(s.missed)}</dd>
                    <dt>Caught up</dt>
                    <dd>{count(s.caughtUp)}</dd>
                    <dt>Last fire</dt>
                    <dd>{when(s.lastFire)}</dd>
                  </>
                )}
                <dt>Next fire</dt>
                <dd>{when(s.nextFire)}</dd>
              </dl>
            </>
          )}
          {showCalls && (
            <>
              <h3>Pattern calls by caller</h3>
              {callers.length === 0 ? (
                <p className="hint">No calls yet.</p>
              ) : (
                <dl className="kv">
                  {callers.map(([caller, c]) => (
                    <RowKV
                      key={caller}
                      k={
                        <Link to={`/patterns/${caller}`} className="mono">
                          {caller}
                        </Link>
                      }
                      v={count(c)}
                    />
                  ))}
                </dl>
              )}
            </>
          )}
          {!showWebhook && !s && !showCalls && (
            <p className="hint">
              {a.type === 'OnStart'
                ? 'Started by hand or through the API: no trigger to count.'
                : a.type
                  ? `No activity for ${a.type}.`
                  : 'No trigger is loaded: the deployment is not live.'}
            </p>
          )}
          <p className="hint">Since the server started ({when(a.since)}): counters are kept in memory and restart with the server.</p>
        </>
      )}
    </section>
  );
}

// One term and its value in a .kv list; `sub` indents it under the term above.
function RowKV({ k, v, sub }: { k: ReactNode; v: string; sub?: boolean }) {
  return (
    <>
      <dt className={sub ? 'sub' : undefined}>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}
