// A pack node's `connection` config field (schema `x-ref: "connection"`, `x-provider`): a select of
// your connections for that provider (GET /api/connections, read again when the window regains
// focus, so one added in another tab shows up), and a link to add one.
import { useEffect, useState } from 'react';
import { api } from '../api.js';
import type { ConnectionResource } from '../types.js';
import { addConnectionHref, connectionsFor, statusLabel } from '../pages/integrations/model.js';
import { errorText } from '../ui/format.js';

export function ConnectionField({
  label,
  provider,
  value,
  onChange,
}: {
  label: string;
  provider: string | undefined;
  value: unknown;
  onChange: (v: string | undefined) => void;
}) {
  const [list, setList] = useState<ConnectionResource[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.get<ConnectionResource[]>('/api/connections').then(
        (l) => live && (setList(l), setError(null)),
        (e) => live && setError(errorText(e)),
      );
    void load();
    window.addEventListener('focus', load);
    return () => {
      live = false;
      window.removeEventListener('focus', load);
    };
  }, []);
  const options = connectionsFor(list ?? [], provider);
  const current = typeof value === 'string' ? value : '';
  const known = current === '' || options.some((c) => c.id === current);
  return (
    <div className="connection-field">
      <label>
        {label}
        {provider ? ` (${provider})` : ''}
        <select value={current} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">{list === null ? 'loading…' : options.length === 0 ? 'no connection yet' : 'choose a connection…'}</option>
          {!known && <option value={current}>{current} (not one of yours)</option>}
          {options.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName} ({statusLabel(c)})
            </option>
          ))}
        </select>
      </label>
      {error && <p className="error small">{error}</p>}
      {provider && (
        <a className="small" href={addConnectionHref(provider)} target="_blank" rel="noopener">
          Add connection
        </a>
      )}
    </div>
  );
}
