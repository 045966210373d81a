// All deployments of the signed-in user, newest deploy first: pattern, status, trigger type, version,
// last deployed. Searched by the pattern's name or description; 50 a page (the page in the URL, ?page=2).
import { useEffect, useRef, useState } from 'react';
import { api, qs } from '../api.js';
import type { DeploymentListed as Deployment } from '../types.js';
import { Link } from '../router.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { count, errorText, when } from '../ui/format.js';
import { PAGE_SIZE, Pager, usePageParam } from '../ui/Pager.js';
import { useDebounced } from '../ui/useDebounced.js';
import { useLiveEvents } from '../live.js';
import { Messages, TableHead } from '../ui/Messages.js';

export function DeploymentsPage() {
  const [search, setSearch] = useState('');
  const [page, setPage] = usePageParam();
  const query = useDebounced(search, search ? 200 : 0);
  const [items, setItems] = useState<Deployment[] | null>(null);
  const [total, setTotal] = useState(0);
  const [shownPage, setShownPage] = useState(0); // the page `items` are (`page` runs ahead while it loads)
  const [error, setError] = useState<string | null>(null);
  const reload = useRef(() => {});
  useEffect(() => {
    let live = true;
    const load = () =>
      api.list<Deployment>(`/api/deployments${qs({ search: query, limit: PAGE_SIZE, offset: page * PAGE_SIZE })}`).then(
        (p) => {
          if (!live) return;
          // Past the end (undeployed and deleted since, or an old link): the last page instead.
          if (p.data.length === 0 && page > 0 && p.meta.total > 0) return setPage(Math.ceil(p.meta.total / PAGE_SIZE) - 1, true);
          setItems(p.data);
          setTotal(p.meta.total);
          setShownPage(page);
          setError(null);
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
  }, [query, page, setPage]);
  useLiveEvents((type) => {
    if (type === 'deployment.changed') reload.current();
  });
  const empty = items && total === 0 && !search;
  return (
    <section className="page">
      <div className="page-head">
        <h1>Deployments</h1>
      </div>
      <Messages error={error} />
      {empty && (
        <p className="empty">
          Nothing is deployed yet. Open a pattern and press <b>Deploy</b>.
        </p>
      )}
      {items && !empty && (
        <div className="filters">
          <label>
            Search
            <input
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(0, true);
              }}
              placeholder="Pattern name or description"
            />
          </label>
          <Pager label="Deployments pages" page={shownPage} shown={items.length} total={total} onPage={setPage} />
        </div>
      )}
      {items && !empty && (
        <table className="table">
          <caption className="sr-only">{count(total)} deployment(s)</caption>
          <TableHead columns={['Pattern', 'Status', 'Trigger', 'Version', 'Last deployed']} />
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
            {items.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No deployment matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
