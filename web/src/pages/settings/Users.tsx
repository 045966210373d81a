// Users, for admins (GET /api/users): who has an account, and "Add user" (POST /api/auth/register
// with the admin's token: the new user signs in with the email and password given here). The server
// has no removal of users (docs/api.md): their patterns, deployments and history would go with them.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import type { User } from '../../types.js';
import { errorText, when } from '../../ui/format.js';
import { Messages, TableHead } from '../../ui/Messages.js';

export function UsersPage({ me }: { me: User }) {
  const [list, setList] = useState<(User & { createdAt: string })[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const load = useCallback(
    () =>
      api.get<(User & { createdAt: string })[]>('/api/users').then(
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
  if (me.role !== 'admin')
    return (
      <section className="page">
        <h1>Users</h1>
        <p className="error" role="alert">
          Only an admin manages users.
        </p>
      </section>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      // The answer carries a session for the new user: it is not kept (this browser stays the admin's).
      const r = await api.post<{ user: User }>('/api/auth/register', { name: form.name.trim(), email: form.email.trim(), password: form.password });
      setNotice(`Added ${r.user.email}: they sign in with that email and the password you chose.`);
      setForm({ name: '', email: '', password: '' });
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <section className="page">
      <div className="page-head">
        <h1>Users</h1>
      </div>
      <form className="settings-form" onSubmit={submit} aria-label="Add a user">
        <label>
          Name
          <input value={form.name} onChange={set('name')} />
        </label>
        <label>
          User email
          <input type="email" value={form.email} onChange={set('email')} />
        </label>
        <label>
          Initial password
          <input type="password" autoComplete="new-password" minLength={12} value={form.password} onChange={set('password')} />
        </label>
        <button type="submit" className="primary" disabled={!form.name.trim() || !form.email.trim() || form.password.length < 12}>
          Add user
        </button>
      </form>
      <p className="hint">At least 12 characters, not a common password. Users are not removed: their patterns and history stay theirs.</p>
      <Messages notice={notice} error={error} />
      {list && (
        <table className="table">
          <caption className="sr-only">{list.length} user(s)</caption>
          <TableHead columns={['Name', 'Email', 'Role', 'Since']} />
          <tbody>
            {list.map((u) => (
              <tr key={u.id} className={u.id === me.id ? 'current' : undefined}>
                <td>
                  {u.name}
                  {u.id === me.id && (
                    <span className="tag" style={{ marginLeft: 6 }}>
                      you
                    </span>
                  )}
                </td>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{when(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
