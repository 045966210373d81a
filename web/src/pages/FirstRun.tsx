// First run: no user exists yet, so the first account is created here, as the admin (SPEC §9).
import { useState } from 'react';
import type { User } from '../types.js';
import { useAuthSubmit } from './useAuthSubmit.js';
import { Messages } from '../ui/Messages.js';

export function FirstRun({ onDone }: { onDone: (token: string, user: User) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useAuthSubmit('/api/auth/register', () => ({ name, email, password }), onDone);

  return (
    <main className="auth">
      <form className="card" onSubmit={submit}>
        <h1>Welcome to dragops</h1>
        <p className="muted">No account exists yet. Create the admin account to start.</p>
        <label>
          Your name
          <input required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <p className="hint">At least 12 characters, and not a common or guessable password.</p>
        <Messages error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Create admin account
        </button>
      </form>
    </main>
  );
}
