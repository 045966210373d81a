// The patterns list: search, tag filter, a status badge per pattern, and "New Pattern".
import { useEffect, useState } from 'react';
import { api, qs } from '../api.js';
import type { Pattern } from '../types.js';
import { Link, navigate } from '../router.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { errorText, when } from '../ui/format.js';
import { NewPatternDialog } from './NewPatternDialog.js';

export function PatternsPage() {
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [items, setItems] = useState<Pattern[] | null>(null);
  const [total, setTotal] = useState(0);
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.list<Pattern>(`/api/patterns${qs({ search, tag, limit: 200 })}`).then((page) => {
        if (!live) return;
        setItems(page.data);
        setTotal(page.meta.total);
        // The tag filter offers every tag seen so far.
        setTags((old) => [...new Set([...old, ...page.data.flatMap((p) => p.tags ?? [])])].sort());
        setError(null);
      }, (e) => live && setError(errorText(e)));
    }, search ? 200 : 0);
    return () => { live = false; clearTimeout(t); };
  }, [search, tag]);

  return (
    <section className="page">
      <div className="page-head">
        <h1>Patterns</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>New Pattern</button>
      </div>
      <div className="filters">
        <label>Search<input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or description" /></label>
        <label>Tag
          <select value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All tags</option>
            {tags.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {items && items.length === 0 && !search && !tag && <p className="empty">No patterns yet. Start one with <b>New Pattern</b>.</p>}
      {items && (items.length > 0 || search || tag) && (
        <table className="table">
          <caption className="sr-only">{total} pattern(s)</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Tags</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Updated</th></tr></thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td><Link to={`/patterns/${p.id}`}>{p.name || p.id}</Link>{p.description && <div className="muted small">{p.description}</div>}</td>
                <td>{(p.tags ?? []).map((t) => <span key={t} className="tag">{t}</span>)}</td>
                <td><StatusBadge status={p.deployment?.status} title={p.deployment?.pausedReason ?? undefined} /></td>
                <td>{p.deployment ? `v${p.deployment.version}` : '—'}</td>
                <td>{when(p.updatedAt)}</td>
              </tr>
            ))}
            {items.length === 0 && <tr><td colSpan={5} className="muted">No pattern matches.</td></tr>}
          </tbody>
        </table>
      )}
      {creating && <NewPatternDialog onClose={() => setCreating(false)} onCreated={(p) => navigate(`/patterns/${p.id}`)} />}
    </section>
  );
}
