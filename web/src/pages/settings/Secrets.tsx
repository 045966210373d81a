// Secrets (GET/PUT/DELETE /api/secrets): the names your patterns' GetSecret nodes read. A value goes
// in and never comes back: the list has names and update times only, and setting a name that exists
// replaces its value.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import type { SecretInfo } from '../../types.js';
import { errorText, when } from '../../ui/format.js';
import { Messages, TableHead } from '../../ui/Messages.js';

type Secret = SecretInfo;
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export function SecretsPage() {
  const [list, setList] = useState<Secret[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api.get<Secret[]>('/api/secrets').then(
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
  const nameOk = SECRET_NAME.test(name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const replacing = list?.some((s) => s.name === name);
    try {
      await api.put(`/api/secrets/${encodeURIComponent(name)}`, { value });
      setNotice(`${replacing ? 'Replaced' : 'Set'} the secret ${name}.`);
      setName('');
      setValue('');
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="page">
      <div className="page-head">
        <h1>Secrets</h1>
      </div>
      <p className="hint">
        Values your patterns read with <b>Get Secret</b>, encrypted at rest. A value is never shown again once set; setting a name again replaces it.
      </p>
      <form className="settings-form" onSubmit={submit} aria-label="Set a secret">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="STRIPE_KEY" aria-invalid={name !== '' && !nameOk ? true : undefined} />
        </label>
        <label>
          Value
          <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={!nameOk || value === ''}>
          Set secret
        </button>
      </form>
      {name !== '' && !nameOk && <p className="error small">A name starts with a letter or _ and has up to 100 letters, digits, _ . -</p>}
      <Messages notice={notice} error={error} />
      {list && list.length === 0 && <p className="empty">No secrets yet.</p>}
      {list && list.length > 0 && (
        <table className="table">
          <TableHead columns={['Name', 'Updated']} actions />
          <tbody>
            {list.map((s) => (
              <tr key={s.name}>
                <td className="mono">{s.name}</td>
                <td>{when(s.updatedAt)}</td>
                <td className="row-actions">
                  <button type="button" className="small danger" onClick={() => setDeleting(s.name)} aria-label={`Delete ${s.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the secret ${deleting}?`}
          confirm="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.del(`/api/secrets/${encodeURIComponent(deleting)}`);
            setDeleting(null);
            setNotice(`Deleted the secret ${deleting}.`);
            await load();
          }}
        >
          <p>Patterns that read it fail at their Get Secret node until it is set again.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
