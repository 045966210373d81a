// One deployment: status (with the pause reason), Pause / Resume / Undeploy / Rollback, trigger
// activity and health charts, the version history, and executions newest first (filtered by status,
// trigger and version) with the node-by-node log of the one selected. Live from /api/events, with a
// slow poll behind it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, qs } from '../api.js';
import type { DeploymentListed as Deployment, Pattern, Run, RunDetail, RunsMeta, VersionInfo } from '../types.js';
import { Link } from '../router.js';
import { RunStatus, StatusBadge } from '../ui/StatusBadge.js';
import { RunLog } from '../ui/RunLog.js';
import { count, errorText, ms, when } from '../ui/format.js';
import { Pager } from '../ui/Pager.js';
import { useLiveEvents } from '../live.js';
import { VersionDiff } from './deployment/VersionDiff.js';
import { Modal } from '../ui/Modal.js';
import { Health } from './deployment/Health.js';
import { TriggerActivity } from './deployment/TriggerActivity.js';
import { Messages, TableHead } from '../ui/Messages.js';

const PAGE = 50;

const RUN_STATUSES = ['completed', 'failed', 'timeout', 'running', 'dead_letter', 'interrupted'];
const TRIGGERS = ['webhook', 'schedule', 'manual', 'pattern_call'];

export function DeploymentPage({ deploymentId }: { deploymentId: string }) {
  const [dep, setDep] = useState<Deployment | null>(null);
  const [pattern, setPattern] = useState<Pattern | null>(null);
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [runs, setRuns] = useState<Run[]>([]);
  const [status, setStatus] = useState('');
  const [triggeredBy, setTriggeredBy] = useState('');
  const [version, setVersion] = useState('');
  const [runsMeta, setRunsMeta] = useState<RunsMeta | null>(null);
  const [liveKey, setLiveKey] = useState(0); // bumped when the health and activity panels should refetch
  const [selected, setSelected] = useState<RunDetail | null>(null);
  const [rollbackTo, setRollbackTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The lifecycle action waiting for confirmation (Pause asks for an optional reason). */
  const [confirm, setConfirm] = useState<'pause' | 'undeploy' | 'rollback' | null>(null);
  const [reason, setReason] = useState('');
  const [page, setPage] = useState(0);

  const load = useCallback(async () => {
    const d = await api.get<Deployment>(`/api/deployments/${deploymentId}`);
    const [p, v, r] = await Promise.all([
      api.get<Pattern>(`/api/patterns/${d.patternId}`),
      api.get<VersionInfo[]>(`/api/patterns/${d.patternId}/versions`),
      api.list<Run>(`/api/deployments/${deploymentId}/runs${qs({ status, triggeredBy, version, limit: PAGE, offset: page * PAGE })}`),
    ]);
    setDep(d);
    setPattern(p);
    setVersions(v);
    setRuns(r.data);
    setRunsMeta(r.meta as RunsMeta);
  }, [deploymentId, status, triggeredBy, version, page]);
  useEffect(() => setPage(0), [status, triggeredBy, version]);

  const refresh = useRef<() => void>(() => {});
  useEffect(() => {
    let live = true;
    let queued: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const tick = () =>
      load().then(
        () => live && setError(null),
        (e) => live && setError(errorText(e)),
      );
    const all = () => {
      clearTimeout(queued);
      queued = undefined;
      last = Date.now();
      void tick();
      setLiveKey((k) => k + 1);
    };
    // Bursts of events (a run starts and ends) cost one reload; a steady stream, one a second.
    refresh.current = () => {
      queued ??= setTimeout(all, Math.max(150, last + 1000 - Date.now()));
    };
    void tick();
    const t = setInterval(all, 10_000);
    return () => {
      live = false;
      clearInterval(t);
      clearTimeout(queued);
    };
  }, [load]);
  useLiveEvents((type, data) => {
    const d = data as { id?: string; deploymentId?: string } | null;
    if ((type === 'deployment.changed' ? d?.id : d?.deploymentId) === deploymentId) refresh.current();
  });

  const act = async (what: 'pause' | 'resume' | 'undeploy' | 'rollback') => {
    if (!dep) return;
    setBusy(true);
    try {
      const base = `/api/patterns/${dep.patternId}`;
      if (what === 'undeploy') await api.del(`${base}/deploy`);
      else if (what === 'rollback') await api.post(`${base}/deploy`, { version: Number(rollbackTo), note: `rollback to v${rollbackTo}` });
      else if (what === 'pause') await api.post(`${base}/pause`, reason.trim() ? { reason: reason.trim() } : {});
      else await api.post(`${base}/${what}`, {});
      setConfirm(null);
      setReason('');
      await load();
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  // The chosen execution's log opens under the table, scrolled to and focused (keyboard users land on it).
  const executionHeading = useRef<HTMLHeadingElement>(null);
  const open = async (id: string) => {
    try {
      setSelected(await api.get<RunDetail>(`/api/runs/${id}`));
    } catch (e) {
      setError(errorText(e));
      return;
    }
    requestAnimationFrame(() => {
      executionHeading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      executionHeading.current?.focus({ preventScroll: true });
    });
  };

  if (!dep)
    return (
      <section className="page">
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p role="status">Loading…</p>
        )}
      </section>
    );
  return (
    <section className="page">
      <div className="page-head">
        <h1>{pattern?.name || dep.patternId}</h1>
        <StatusBadge status={dep.status} />
        <span className="muted">
          v{dep.version} · deployed {when(dep.deployedAt)}
        </span>
        <span className="spacer" />
        <Link to={`/deployments/${deploymentId}/canvas`}>Canvas and profile</Link>
        <Link to={`/patterns/${dep.patternId}`}>Open in editor</Link>
      </div>
      {dep.status === 'paused' && dep.pausedReason && (
        <p className="warn">
          Paused{dep.pausedBy ? ` by ${dep.pausedBy}` : ''}: {dep.pausedReason}
        </p>
      )}
      {pattern && (
        <p>
          Webhook URL: <code>{pattern.webhookUrl}</code>
        </p>
      )}
      <div className="toolbar-row">
        <button type="button" disabled={busy || dep.status !== 'active'} onClick={() => setConfirm('pause')}>
          Pause
        </button>
        <button type="button" disabled={busy || dep.status !== 'paused'} onClick={() => act('resume')}>
          Resume
        </button>
        <button type="button" disabled={busy || dep.status === 'undeployed'} onClick={() => setConfirm('undeploy')}>
          Undeploy
        </button>
        <label className="inline">
          Roll back to
          <select value={rollbackTo} onChange={(e) => setRollbackTo(e.target.value)}>
            <option value="">Choose…</option>
            {[...versions]
              .sort((a, b) => b.version - a.version)
              .filter((v) => v.version !== dep.version)
              .map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
          </select>
        </label>
        <button type="button" disabled={busy || !rollbackTo} onClick={() => setConfirm('rollback')}>
          Rollback
        </button>
      </div>
      {confirm && (
        <Modal
          title={confirm === 'pause' ? 'Pause this deployment?' : confirm === 'undeploy' ? 'Undeploy this pattern?' : `Roll back to v${rollbackTo}?`}
          onClose={() => setConfirm(null)}
        >
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void act(confirm);
            }}
          >
            <p>
              {confirm === 'pause'
                ? 'Its webhooks answer 503 and its schedule skips until you resume it.'
                : confirm === 'undeploy'
                  ? 'Its webhooks answer 404 and its triggers stop; the draft, versions and history stay. Deploy again to bring it back.'
                  : `v${rollbackTo}'s graph is deployed as a new version; the draft is not changed.`}
            </p>
            {confirm === 'pause' && (
              <label>
                Reason (optional)
                <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoFocus />
              </label>
            )}
            <div className="actions">
              <button type="button" onClick={() => setConfirm(null)}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={busy} autoFocus={confirm !== 'pause'}>
                {confirm === 'pause' ? 'Pause' : confirm === 'undeploy' ? 'Undeploy' : 'Rollback'}
              </button>
            </div>
          </form>
        </Modal>
      )}
      <Messages error={error} />

      <div className="columns overview">
        <TriggerActivity deploymentId={deploymentId} refreshKey={liveKey} />
        <Health deploymentId={deploymentId} refreshKey={liveKey} />
      </div>
      <div className="columns">
        <div>
          <h2>Versions</h2>
          <table className="table">
            <TableHead columns={['Version', 'Created', 'Note']} />
            <tbody>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <tr key={v.version} className={v.version === dep.version ? 'current' : undefined}>
                    <td>
                      v{v.version}
                      {v.version === dep.version ? ' (live)' : ''}
                    </td>
                    <td>{when(v.createdAt)}</td>
                    <td>{v.note ?? ''}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
        <div>
          <div className="page-head wrap">
            <h2>Executions</h2>
            {runsMeta && (
              <span className="muted">
                {count(runsMeta.total)}
                {runsMeta.totalIsLowerBound ? '+' : ''} {runsMeta.total === 1 && !runsMeta.totalIsLowerBound ? 'execution' : 'executions'}
              </span>
            )}
            <span className="spacer" />
            <Filter label="Status" value={status} onChange={setStatus} options={RUN_STATUSES.map((s) => [s, s])} />
            <Filter label="Trigger" value={triggeredBy} onChange={setTriggeredBy} options={TRIGGERS.map((t) => [t, t])} />
            <Filter
              label="Version"
              value={version}
              onChange={setVersion}
              options={[...versions].sort((a, b) => b.version - a.version).map((v) => [String(v.version), `v${v.version}`])}
            />
          </div>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Version</th>
                <th scope="col">Took</th>
                <th scope="col">Run</th>
                <th scope="col">
                  <span className="sr-only">Inspect</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className={selected?.id === r.id ? 'current' : undefined}>
                  <td>{when(r.startedAt)}</td>
                  <td>
                    <RunStatus status={r.status} />
                  </td>
                  <td>{r.triggeredBy}</td>
                  <td>{r.version ?? '—'}</td>
                  <td>{ms(r.durationMs)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => open(r.id)}>
                      {r.id}
                    </button>
                  </td>
                  {/* Executions of a deployment always ran a version; test runs are inspected in the editor. */}
                  <td>
                    {r.version !== null && (
                      <Link to={`/deployments/${deploymentId}/runs/${r.id}`} className="nowrap">
                        Open on canvas
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
              {runs.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {status || triggeredBy || version ? 'No executions match these filters.' : 'No executions yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {runsMeta && (page > 0 || runsMeta.total > (page + 1) * PAGE) && (
            <Pager
              label="Executions pages"
              page={Math.floor(runsMeta.offset / PAGE)} // the page shown (`page` runs ahead while it loads)
              shown={runs.length}
              total={runsMeta.total}
              size={PAGE}
              lowerBound={runsMeta.totalIsLowerBound}
              onPage={setPage}
              previous="Newer"
              next="Older"
              previousLabel="Newer executions"
              nextLabel="Older executions"
            />
          )}
        </div>
      </div>
      {selected && (
        <section aria-label="Execution">
          <h2 ref={executionHeading} tabIndex={-1}>
            Execution {selected.id} <RunStatus status={selected.status} />
          </h2>
          {selected.error && (
            <p className="error">
              {selected.error.code}: {selected.error.message}
              {selected.error.nodeId ? ` (node ${selected.error.nodeId})` : ''}
            </p>
          )}
          <RunLog log={selected.log} />
        </section>
      )}
      <VersionDiff patternId={dep.patternId} versions={versions} liveVersion={dep.version} />
    </section>
  );
}

/** One executions filter: a labelled select whose empty value means "All". */
function Filter({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: [value: string, text: string][];
}) {
  return (
    <label className="inline">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
