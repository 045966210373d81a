// Integrations (SPEC §14): the installed integration packs (GET /api/packs) with their nodes and pins
// (GET /api/nodes), "Install pack" from a .dragops-pack.json file or pasted text (POST /api/packs: an
// invalid pack lists every problem the server found and installs nothing), delete with confirmation.
// Installing and deleting are an admin's; others see the list read-only, with the reason.
import { useCallback, useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import type { NodeDescription, PackInfo, PackInstalled, User } from '../types.js';
import { Link } from '../router.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { errorText, when } from '../ui/format.js';
import { addConnectionHref, packProblems, pointerText, readPackText, type PackProblem } from './integrations/model.js';
import { Messages, TableHead } from '../ui/Messages.js';

const ADMIN_ONLY = 'Only an admin can install or delete integration packs.';

export function IntegrationsPage({ me }: { me: User }) {
  const isAdmin = me.role === 'admin';
  const [packs, setPacks] = useState<PackInfo[] | null>(null);
  const [nodes, setNodes] = useState<NodeDescription[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<PackInfo | null>(null);
  const load = useCallback(async () => {
    try {
      const [p, n] = await Promise.all([api.get<PackInfo[]>('/api/packs'), api.get<NodeDescription[]>('/api/nodes')]);
      setPacks(p);
      setNodes(n);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page">
      <div className="page-head">
        <h1>Integrations</h1>
      </div>
      <p className="hint">
        Integration packs add nodes for an outside service (the library lists them under the pack's name). Their nodes use a{' '}
        <Link to="/connections">connection</Link> with your credentials for the service.
      </p>
      {isAdmin ? (
        <InstallPack
          onInstalled={async (r) => {
            setNotice(`Installed ${r.slug} ${r.version}: ${r.nodes.length} node${r.nodes.length === 1 ? '' : 's'}.`);
            await load();
          }}
        />
      ) : (
        <p className="notice" role="note">
          {ADMIN_ONLY} You can use the installed packs' nodes and add connections for them.
        </p>
      )}
      <Messages notice={notice} error={error} />
      {packs && packs.length === 0 && <p className="empty">No integration packs installed yet.</p>}
      {packs && packs.length > 0 && (
        <table className="table packs">
          <TableHead columns={['Pack', 'Version', 'Provider', 'Nodes', 'Installed']} actions />
          <tbody>
            {packs.map((p) => (
              <PackRow key={p.slug} pack={p} nodes={nodes.filter((n) => n.type.startsWith(`${p.slug}.`))} isAdmin={isAdmin} onDelete={() => setDeleting(p)} />
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the pack ${deleting.name}?`}
          confirm="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.del(`/api/packs/${encodeURIComponent(deleting.slug)}`);
            setDeleting(null);
            setNotice(`Deleted the pack ${deleting.slug}.`);
            await load();
          }}
        >
          <p>
            Its {deleting.nodes.length} node{deleting.nodes.length === 1 ? '' : 's'} leave the library: new deploys that use them fail to compile. Running
            deployments keep the version they were compiled with; connections are kept.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function PackRow({ pack: p, nodes, isAdmin, onDelete }: { pack: PackInfo; nodes: NodeDescription[]; isAdmin: boolean; onDelete: () => void }) {
  const [open, setOpen] = useState(false);
  const listId = `pack-nodes-${p.slug}`;
  return (
    <>
      <tr>
        <td>
          <b>{p.name}</b> <span className="mono muted">{p.slug}</span>
          {p.description && <div className="small muted">{p.description}</div>}
        </td>
        <td className="mono">{p.version}</td>
        <td>
          <span className="mono">{p.provider}</span> <span className="small muted">{p.authType}</span>
        </td>
        <td>
          <button type="button" className="small" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
            {p.nodes.length} node{p.nodes.length === 1 ? '' : 's'}
          </button>
        </td>
        <td>{when(p.installedAt)}</td>
        <td className="row-actions">
          {p.authType !== 'none' && (
            <Link to={addConnectionHref(p.provider)} className="small" aria-label={`Add connection for ${p.name}`}>
              Add connection
            </Link>
          )}{' '}
          <button
            type="button"
            className="small danger"
            disabled={!isAdmin}
            title={isAdmin ? undefined : ADMIN_ONLY}
            onClick={onDelete}
            aria-label={`Delete ${p.slug}`}
          >
            Delete
          </button>
        </td>
      </tr>
      {open && (
        <tr className="pack-nodes">
          <td colSpan={6}>
            <ul id={listId} aria-label={`Nodes of ${p.name}`} className="pack-node-list">
              {(nodes.length > 0 ? nodes : p.nodes.map((type) => ({ type, label: type, inputs: [], outputs: [] }) as unknown as NodeDescription)).map((n) => (
                <li key={n.type}>
                  <b>{n.label}</b> <span className="mono muted">{n.type}</span>
                  <div className="small">
                    in: {n.inputs.map((i) => `${i.id}: ${i.type}`).join(', ') || '—'} · out: {n.outputs.map((o) => `${o.id}: ${o.type}`).join(', ') || '—'}
                  </div>
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

/** Install pack: a file or pasted text; every problem of an invalid pack, nothing installed. */
function InstallPack({ onInstalled }: { onInstalled: (r: PackInstalled) => Promise<void> }) {
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<PackProblem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (!f) return;
    setText(await f.text());
    setProblems(null);
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblems(null);
    setError(null);
    const read = readPackText(text);
    if (!read.ok) return setProblems(read.problems);
    setBusy(true);
    try {
      const r = await api.post<PackInstalled>('/api/packs', read.value);
      setText('');
      await onInstalled(r);
    } catch (err) {
      const list = err instanceof ApiError && err.code === 'INVALID_PACK' ? packProblems(err.details) : [];
      if (list.length > 0) setProblems(list);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="install-pack stack" onSubmit={submit} aria-label="Install pack">
      <h2>Install pack</h2>
      <label>
        Pack file (.dragops-pack.json)
        <input type="file" accept=".json,application/json" onChange={(e) => void pick(e)} />
      </label>
      <label>
        or paste the pack
        <textarea rows={4} className="mono" value={text} onChange={(e) => setText(e.target.value)} placeholder='{"packVersion": "1.0", …}' />
      </label>
      <div>
        <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
          Install pack
        </button>
      </div>
      {problems && (
        <div role="alert" className="error">
          <p>
            The pack has {problems.length} problem{problems.length === 1 ? '' : 's'}; nothing was installed.
          </p>
          <ul aria-label="Pack problems">
            {problems.map((p, i) => (
              <li key={i}>
                <code title={p.path}>{pointerText(p.path)}</code>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Messages error={error} />
    </form>
  );
}
