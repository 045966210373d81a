// The submit of the two account forms (sign in, first run): post, hand the session over, or show why not.
import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import type { User } from '../types.js';
import { errorText } from '../ui/format.js';

export function useAuthSubmit(path: string, body: () => unknown, onDone: (token: string, user: User) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ token: string; user: User }>(path, body());
      onDone(r.token, r.user);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
