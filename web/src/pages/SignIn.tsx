// Sign in with email and password; the session token goes to localStorage (App).
import { useState } from 'react';
import type { User } from '../types.js';
import { useAuthSubmit } from './useAuthSubmit.js';
import { Messages } from '../ui/Messages.js';

export function SignIn({ onDone }: { onDone: (token: string, user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useAuthSubmit('/api/auth/login', () => ({ email, password }), onDone);

  return (
    <main className="auth">
      <form className="card" onSubmit={submit}>
        <h1>dragops</h1>
        <p className="muted">Sign in to your patterns and deployments.</p>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <Messages error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
