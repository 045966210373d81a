// API tokens (POST/GET/DELETE /api/tokens): for the CLI and scripts. A new token is shown once, here,
// with a Copy button; the list has names, kinds and dates, never a token. Revoking asks first; the
// session this page runs on is marked and cannot be revoked from here (Sign out does that).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { CopyField } from '../../ui/CopyField.js';
import type { TokenInfo } from '../../types.js';
import { errorText, when } from '../../ui/format.js';
import { Messages, TableHead } from '../../ui/Messages.js';

/** A token as GET /api/tokens shows it (the API's own type). */
export type TokenView = TokenInfo;
const EXPIRY = [
  ['30', '30 days'],
  ['90', '90 days'],
  ['365', '1 year'],
  ['never', 'Never'],
] as const;

export function TokensPage() {
  const [list, setList] = useState<TokenView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>('90');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const load = useCallback(
    () =>
      api.get<TokenView[]>('/api/tokens').then(
        (l) => {
          setList(l);
          setError(null);
        },
        (e) => setError(errorText(e)),
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const t = await api.post<TokenView & { token: string }>('/api/tokens', { name: name.trim(), expiresInDays: expiry === 'never' ? null : Number(expiry) });
      setCreated({ name: t.name, token: t.token });
      setName('');
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const apiTokens = list?.filter((t) => t.kind === 'api') ?? [];
  const sessions = list?.filter((t) => t.kind === 'session') ?? [];
  return (
    <section className="page">
      <div className="page-head">
        <h1>API tokens</h1>
      </div>
      <p className="hint">
        For the <code>dragops</code> command (<code>--token</code>) and scripts: <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once, when
        it is created.
      </p>
      <form className="settings-form" onSubmit={submit} aria-label="Create an API token">
        <label>
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="CI deploys" maxLength={200} />
        </label>
        <label>
          Expires after
          <select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRY.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create token
        </button>
      </form>
      {created && (
        <div className="shown-once" role="status">
          <b>Token “{created.name}” created. Copy it now: it will not be shown again.</b>
          <CopyField label="New API token" copyLabel="Copy the token" text={created.token} />
          <button type="button" className="small" style={{ alignSelf: 'flex-start' }} onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <Messages error={error} />
      <TokenTable title="API tokens" rows={apiTokens} empty="No API tokens." onRevoke={setRevoking} />
      <TokenTable title="Sessions" rows={sessions} empty="No other sessions." onRevoke={setRevoking} />
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirm="Revoke"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.del(`/api/tokens/${encodeURIComponent(revoking.id)}`);
            setRevoking(null);
            await load();
          }}
        >
          <p>Anything using it gets 401 from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function TokenTable({ title, rows, empty, onRevoke }: { title: string; rows: TokenView[]; empty: string; onRevoke: (t: TokenView) => void }) {
  return (
    <>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="table" aria-label={title}>
          <TableHead columns={['Name', 'Created', 'Expires', 'Last used']} actions />
          <tbody>
            {rows.map((t) => (
              <tr key={t.id} className={t.current ? 'current' : undefined}>
                <td>
                  {t.name}
                  {t.current && (
                    <span className="tag" style={{ marginLeft: 6 }}>
                      this session
                    </span>
                  )}
                </td>
                <td>{when(t.createdAt)}</td>
                <td>{t.expiresAt ? when(t.expiresAt) : 'never'}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td className="row-actions">
                  {!t.current && (
                    <button type="button" className="small danger" onClick={() => onRevoke(t)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
