// Connections (SPEC §14): your saved credentials for outside services (GET /api/connections), with a
// status badge; "Add Connection" (a provider of the installed packs; the fields its authType asks
// for, secrets in password fields; OAuth authorization code: the provider's consent page), "Test"
// (the pack's verify request), "Reconnect" (OAuth: authorize again; others: new credentials),
// delete. `/connections?add=<provider>` opens Add Connection with the provider chosen;
// `/connections?authorize=<state>` (the link `dragops connection add --oauth` prints) continues an
// authorization the signed-in user started, in this browser (src/connections/binding.ts). A value typed
// goes to the server and is never shown again: the dialog is closed (its state dropped) once saved.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import type { ConnectionResource, ConnectionTest, OAuthStart, PackInfo } from '../types.js';
import { Link, useQueryParam } from '../router.js';
import { Modal } from '../ui/Modal.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { errorText, when } from '../ui/format.js';
import { credentialsToSend, providersOf, statusLabel, testText, type Provider } from './integrations/model.js';
import { Messages, TableHead } from '../ui/Messages.js';

/** Sends the browser to the provider's consent page; the server's callback page links back here. */
const authorize = (s: OAuthStart) => window.location.assign(s.authorizationUrl);

export function ConnectionsPage() {
  const [list, setList] = useState<ConnectionResource[] | null>(null);
  const [providers, setProviders] = useState<Provider[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [add, setAdd] = useQueryParam('add');
  const [pending] = useQueryParam('authorize');
  // Its own message: the list's reload clears `error`, not this.
  const [continueError, setContinueError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [reconnecting, setReconnecting] = useState<ConnectionResource | null>(null);
  const [deleting, setDeleting] = useState<ConnectionResource | null>(null);
  const [tests, setTests] = useState<Record<string, { busy: boolean; result?: ConnectionTest; error?: string }>>({});
  const load = useCallback(async () => {
    try {
      const [c, p] = await Promise.all([api.get<ConnectionResource[]>('/api/connections'), api.get<PackInfo[]>('/api/packs')]);
      setList(c);
      setProviders(providersOf(p).filter((x) => x.flow !== 'none'));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (add !== '') setAdding(true);
  }, [add]);
  useEffect(() => {
    if (pending === '') return;
    api.post<OAuthStart>('/api/connections/oauth/continue', { state: pending }).then(authorize, (e: unknown) => setContinueError(errorText(e)));
  }, [pending]);
  const closeAdd = () => {
    setAdding(false);
    if (add !== '') setAdd('', true);
  };
  const test = async (c: ConnectionResource) => {
    setTests((t) => ({ ...t, [c.id]: { busy: true } }));
    try {
      const result = await api.post<ConnectionTest>(`/api/connections/${encodeURIComponent(c.id)}/test`);
      setTests((t) => ({ ...t, [c.id]: { busy: false, result } }));
    } catch (e) {
      setTests((t) => ({ ...t, [c.id]: { busy: false, error: errorText(e) } }));
    }
  };
  const reconnect = async (c: ConnectionResource) => {
    setError(null);
    if (c.authType !== 'oauth2_authorization_code') return setReconnecting(c);
    try {
      authorize(await api.get<OAuthStart>(`/api/connections/oauth/start?connectionId=${encodeURIComponent(c.id)}`));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const byProvider = new Map(providers.map((p) => [p.provider, p]));

  return (
    <section className="page">
      <div className="page-head">
        <h1>Connections</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setAdding(true)} disabled={providers.length === 0}>
          Add Connection
        </button>
      </div>
      <p className="hint">
        Your credentials for the services of the installed <Link to="/integrations">integration packs</Link>, encrypted at rest and never shown again. Pack
        nodes name a connection in their config; only you can see or use yours. For values your patterns read themselves, use <Link to="/secrets">Secrets</Link>
        .
      </p>
      {providers.length === 0 && list !== null && (
        <p className="notice" role="note">
          No installed pack needs a connection yet: install one on the <Link to="/integrations">Integrations</Link> page.
        </p>
      )}
      <Messages notice={notice} error={error} />
      {continueError && (
        <p className="error" role="alert">
          Authorization not continued: {continueError}
        </p>
      )}
      {list && list.length === 0 && <p className="empty">No connections yet.</p>}
      {list && list.length > 0 && (
        <table className="table connections">
          <TableHead columns={['Name', 'Provider', 'Status', 'Updated']} actions />
          <tbody>
            {list.map((c) => {
              const t = tests[c.id];
              return (
                <tr key={c.id} data-connection={c.id}>
                  <td>
                    <b>{c.displayName}</b> <span className="mono muted small">{c.id}</span>
                  </td>
                  <td>
                    <span className="mono">{c.provider}</span> <span className="small muted">{c.authType}</span>
                  </td>
                  <td>
                    <span className={`badge conn-${c.status}`}>{statusLabel(c)}</span>
                    {c.statusMessage && <div className="small muted">{c.statusMessage}</div>}
                    {t && (
                      <div className={`small test-result ${t.result?.ok ? 'ok' : 'error'}`} role="status" aria-label={`Test of ${c.displayName}`}>
                        {t.busy ? 'Testing…' : t.result ? testText(t.result) : `failed — ${t.error}`}
                      </div>
                    )}
                  </td>
                  <td>{when(c.updatedAt)}</td>
                  <td className="row-actions">
                    <button type="button" className="small" onClick={() => void test(c)} disabled={t?.busy} aria-label={`Test ${c.displayName}`}>
                      Test
                    </button>
                    <button
                      type="button"
                      className="small"
                      onClick={() => void reconnect(c)}
                      disabled={!byProvider.has(c.provider)}
                      title={byProvider.has(c.provider) ? undefined : 'its pack is not installed'}
                      aria-label={`Reconnect ${c.displayName}`}
                    >
                      Reconnect
                    </button>
                    <button type="button" className="small danger" onClick={() => setDeleting(c)} aria-label={`Delete ${c.displayName}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {adding && list !== null && (
        <ConnectionDialog
          providers={providers}
          initial={add}
          onClose={closeAdd}
          onSaved={async (c) => {
            closeAdd();
            setNotice(`Added the connection ${c.displayName} (${c.id}).`);
            await load();
          }}
        />
      )}
      {reconnecting && byProvider.get(reconnecting.provider) && (
        <ConnectionDialog
          providers={providers}
          initial={reconnecting.provider}
          reconnect={reconnecting}
          onClose={() => setReconnecting(null)}
          onSaved={async (c) => {
            setReconnecting(null);
            setNotice(`Saved new credentials for ${c.displayName}.`);
            await load();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the connection ${deleting.displayName}?`}
          confirm="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.del(`/api/connections/${encodeURIComponent(deleting.id)}`);
            setDeleting(null);
            setNotice(`Deleted the connection ${deleting.displayName}.`);
            await load();
          }}
        >
          <p>Pack nodes that name it fail with CONNECTION_ERROR, and deploying a pattern that names it is refused.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Saves what the dialog was given: new credentials (Reconnect), a connection, or the start of an
 * OAuth authorization (the browser goes to the provider; nothing is returned then). */
async function save(p: Provider, displayName: string, credentials: Record<string, string>, reconnect?: ConnectionResource): Promise<ConnectionResource | null> {
  if (reconnect) return api.put<ConnectionResource>(`/api/connections/${encodeURIComponent(reconnect.id)}`, { credentials });
  if (p.flow === 'oauth') {
    authorize(
      await api.get<OAuthStart>(`/api/connections/oauth/start?provider=${encodeURIComponent(p.provider)}&displayName=${encodeURIComponent(displayName)}`),
    );
    return null;
  }
  const made = await api.post<ConnectionResource>('/api/connections', { provider: p.provider, displayName, credentials });
  if (p.flow !== 'oauth-own-client') return made;
  authorize(await api.get<OAuthStart>(`/api/connections/oauth/start?connectionId=${encodeURIComponent(made.id)}`));
  return null;
}

const OAUTH_HINT: Partial<Record<Provider['flow'], string>> = {
  oauth: "Continue opens the service's consent page; it sends you back here once you allow access.",
  'oauth-own-client': "The connection is saved with its OAuth client; Continue then opens the service's consent page.",
};

/** Add Connection (or, with `reconnect`, new credentials for one): the provider's fields. */
function ConnectionDialog({
  providers,
  initial,
  reconnect,
  onClose,
  onSaved,
}: {
  providers: Provider[];
  initial: string;
  reconnect?: ConnectionResource;
  onClose: () => void;
  onSaved: (c: ConnectionResource) => Promise<void>;
}) {
  const [chosen, setProvider] = useState(initial);
  const p = providers.find((x) => x.provider === chosen) ?? (reconnect ? undefined : providers[0]);
  const [name, setName] = useState('');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const unknown = initial !== '' && !providers.some((x) => x.provider === initial);
  const [error, setError] = useState<string | null>(unknown && !reconnect ? `No installed pack declares the provider ${initial}.` : null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!p) return;
    const { credentials, missing } = credentialsToSend(p.fields, typed, reconnect !== undefined);
    if (missing.length > 0) return setError(`Fill in ${missing.join(', ')}.`);
    setBusy(true);
    setError(null);
    try {
      const saved = await save(p, name.trim() || p.packName || p.provider, credentials, reconnect);
      if (saved) await onSaved(saved);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  const hint = reconnect ? undefined : OAUTH_HINT[p?.flow ?? 'none'];
  return (
    <Modal title={reconnect ? `Reconnect ${reconnect.displayName}` : 'Add Connection'} onClose={onClose}>
      <form className="stack" onSubmit={submit} autoComplete="off">
        {reconnect ? (
          <p className="small">Enter the credentials again: the fields you fill in replace the stored ones; the others are kept.</p>
        ) : (
          <ProviderAndName providers={providers} provider={p?.provider ?? ''} onProvider={setProvider} name={name} onName={setName} placeholder={p?.packName} />
        )}
        {p && <CredentialInputs provider={p} typed={typed} onTyped={setTyped} allOptional={reconnect !== undefined} />}
        {hint && <p className="small muted">{hint}</p>}
        <Messages error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !p}>
            {reconnect ? 'Save' : hint ? 'Continue' : 'Add'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ProviderAndName({
  providers,
  provider,
  onProvider,
  name,
  onName,
  placeholder,
}: {
  providers: Provider[];
  provider: string;
  onProvider: (v: string) => void;
  name: string;
  onName: (v: string) => void;
  placeholder: string | undefined;
}) {
  return (
    <>
      <label>
        Provider
        <select value={provider} onChange={(e) => onProvider(e.target.value)} autoFocus>
          {providers.map((x) => (
            <option key={x.provider} value={x.provider}>
              {x.provider} ({x.packName}, {x.authType})
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input value={name} onChange={(e) => onName(e.target.value)} placeholder={placeholder ?? provider} maxLength={200} />
      </label>
    </>
  );
}

/** One input per credential field; a secret one is a password field (never filled back in). */
function CredentialInputs({
  provider: p,
  typed,
  onTyped,
  allOptional,
}: {
  provider: Provider;
  typed: Record<string, string>;
  onTyped: (t: Record<string, string>) => void;
  allOptional: boolean;
}) {
  return (
    <>
      {p.fields.map((f) => (
        <label key={`${p.provider}:${f.name}`}>
          {f.label}
          {f.required && !allOptional ? '' : ' (optional)'}
          <input
            name={f.name}
            type={f.secret ? 'password' : 'text'}
            autoComplete={f.secret ? 'new-password' : 'off'}
            value={typed[f.name] ?? ''}
            onChange={(e) => onTyped({ ...typed, [f.name]: e.target.value })}
          />
        </label>
      ))}
    </>
  );
}
