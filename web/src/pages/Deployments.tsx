// All deployments of the signed-in user: pattern, status, trigger type, version, last deployed.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import type { DeploymentListed as Deployment } from '../types.js';
import { Link } from '../router.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { errorText, when } from '../ui/format.js';
import { useLiveEvents } from '../live.js';

export function DeploymentsPage() {
  const [items, setItems] = useState<Deployment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useRef(() => {});
  useEffect(() => {
    let live = true;
    const load = () =>
      api.list<Deployment>('/api/deployments').then(
        (p) => {
          if (live) {
            setItems(p.data);
            setError(null);
          }
        },
        (e) => live && setError(errorText(e)),
      );
    void load();
    reload.current = () => void load();
    const t = setInterval(load, 10_000); // behind the live events, in case the stream is down
    return () => {
      live = false;
      clearInterval(t);
    };
  }, []);
  useLiveEvents((type) => {
    if (type === 'deployment.changed') reload.current();
  });
  return (
    <section className="page">
      <div className="page-head">
        <h1>Deployments</h1>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && (
        <p className="empty">
          Nothing is deployed yet. Open a pattern and press <b>Deploy</b>.
        </p>
      )}
      {items && items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Pattern</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Version</th>
              <th scope="col">Last deployed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/deployments/${d.id}`}>{d.patternName || d.patternId}</Link>
                </td>
                <td>
                  <StatusBadge status={d.status} title={d.pausedReason ?? undefined} />
                </td>
                <td>{d.trigger ?? '—'}</td>
                <td>v{d.version}</td>
                <td>{when(d.deployedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
