// The patterns list: search, tag filter, 50 a page (the page in the URL, ?page=2), a status badge per
// pattern, "New Pattern" and "Import" (a .pattern.json file), and per pattern Duplicate, Export and
// Delete (confirmed in a dialog). With no patterns yet it offers the project's examples ("Start from
// an example").
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { api, fetchFile, qs, saveFile } from '../api.js';
import type { Pattern } from '../types.js';
import { Link, navigate } from '../router.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { count, errorText, when } from '../ui/format.js';
import { PAGE_SIZE, Pager, usePageParam } from '../ui/Pager.js';
import { useDebounced } from '../ui/useDebounced.js';
import { NewPatternDialog } from './NewPatternDialog.js';
import { Examples } from './patterns/Examples.js';
import { exportFileName, readPatternFile } from './patterns/files.js';
import { Messages, TableHead } from '../ui/Messages.js';

type Notice = { text: string; error?: boolean; link?: { to: string; label: string } };

export function PatternsPage() {
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [page, setPage] = usePageParam();
  const query = useDebounced(search, search ? 200 : 0);
  const [items, setItems] = useState<Pattern[] | null>(null);
  const [total, setTotal] = useState(0);
  const [shownPage, setShownPage] = useState(0); // the page `items` are (`page` runs ahead while it loads)
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Pattern | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [reload, setReload] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const refresh = useCallback(() => setReload((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    api.list<Pattern>(`/api/patterns${qs({ search: query, tag, limit: PAGE_SIZE, offset: page * PAGE_SIZE })}`).then(
      (res) => {
        if (!live) return;
        // Past the end (the last rows deleted, or an old link): the last page instead.
        if (res.data.length === 0 && page > 0 && res.meta.total > 0) return setPage(Math.ceil(res.meta.total / PAGE_SIZE) - 1, true);
        setItems(res.data);
        setTotal(res.meta.total);
        setShownPage(page);
        // The tag filter offers every tag seen so far.
        setTags((old) => [...new Set([...old, ...res.data.flatMap((p) => p.tags ?? [])])].sort());
        setError(null);
      },
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [query, tag, page, setPage, reload]);

  const doing = async (f: () => Promise<Notice>) => {
    try {
      setNotice(await f());
    } catch (e) {
      setNotice({ text: errorText(e), error: true });
    }
    refresh();
  };
  const nameOf = (p: Pattern) => p.name || p.id;

  // The server keeps the file's id when it can, else gives a new one: the notice says which.
  const onImport = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be chosen again
    if (!file) return;
    void doing(async () => {
      const read = readPatternFile(await file.text(), file.name);
      if (!read.ok) return { text: read.error, error: true };
      const p = await api.post<Pattern>('/api/patterns/import', read.doc);
      const kept = typeof read.doc.id === 'string' && read.doc.id === p.id;
      const was = !kept && typeof read.doc.id === 'string' ? `, a new copy (the file's id is ${read.doc.id})` : '';
      return { text: `Imported “${nameOf(p)}” as ${p.id}${was}.`, link: { to: `/patterns/${p.id}`, label: 'Open it' } };
    });
  };
  const duplicate = (p: Pattern) =>
    doing(async () => {
      const copy = await api.post<Pattern>(`/api/patterns/${encodeURIComponent(p.id)}/clone`, {});
      return { text: `Duplicated “${nameOf(p)}” as “${nameOf(copy)}” (${copy.id}).`, link: { to: `/patterns/${copy.id}`, label: 'Open it' } };
    });
  const exportOne = (p: Pattern) =>
    doing(async () => {
      const { text, filename } = await fetchFile(`/api/patterns/${encodeURIComponent(p.id)}/export`);
      const name = exportFileName(p.id, filename);
      saveFile(name, text);
      return { text: `Exported “${nameOf(p)}” to ${name}.` };
    });
  const remove = (p: Pattern) =>
    doing(async () => {
      await api.del(`/api/patterns/${encodeURIComponent(p.id)}`);
      setDeleting(null);
      return { text: `Deleted “${nameOf(p)}”.` };
    });

  const empty = items && total === 0 && !search && !tag;
  return (
    <section className="page">
      <div className="page-head">
        <h1>Patterns</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New Pattern
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="sr-only"
          tabIndex={-1}
          aria-label="Pattern file to import"
          onChange={onImport}
        />
      </div>
      {notice && (
        <p className={notice.error ? 'notice error' : 'notice'} role={notice.error ? 'alert' : 'status'}>
          {notice.text}
          {notice.link && (
            <>
              {' '}
              <Link to={notice.link.to}>{notice.link.label}</Link>
            </>
          )}
          <button type="button" className="link small" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </p>
      )}
      {!empty && (
        <div className="filters">
          <label>
            Search
            <input
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(0, true);
              }}
              placeholder="Name or description"
            />
          </label>
          <label>
            Tag
            <select
              value={tag}
              onChange={(e) => {
                setTag(e.target.value);
                setPage(0, true);
              }}
            >
              <option value="">All tags</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          {items && <Pager label="Patterns pages" page={shownPage} shown={items.length} total={total} onPage={setPage} />}
        </div>
      )}
      <Messages error={error} />
      {empty && (
        <>
          <p className="empty">
            No patterns yet. Start one with <b>New Pattern</b>, <b>Import</b> a <code>.pattern.json</code> file, or start from an example.
          </p>
          <Examples onStarted={(p) => navigate(`/patterns/${p.id}`)} />
        </>
      )}
      {items && !empty && (
        <table className="table">
          <caption className="sr-only">{count(total)} pattern(s)</caption>
          <TableHead columns={['Name', 'Tags', 'Status', 'Version', 'Updated']} actions />
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/patterns/${p.id}`}>{nameOf(p)}</Link>
                  {p.description && <div className="muted small">{p.description}</div>}
                </td>
                <td>
                  {(p.tags ?? []).map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </td>
                <td>
                  <StatusBadge status={p.deployment?.status} title={p.deployment?.pausedReason ?? undefined} />
                </td>
                <td>{p.deployment ? `v${p.deployment.version}` : '—'}</td>
                <td>{when(p.updatedAt)}</td>
                <td className="row-actions">
                  <button type="button" className="small" onClick={() => void duplicate(p)} aria-label={`Duplicate ${nameOf(p)}`}>
                    Duplicate
                  </button>
                  <button type="button" className="small" onClick={() => void exportOne(p)} aria-label={`Export ${nameOf(p)}`}>
                    Export
                  </button>
                  <button type="button" className="small danger" onClick={() => setDeleting(p)} aria-label={`Delete ${nameOf(p)}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
            {items.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No pattern matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {creating && <NewPatternDialog onClose={() => setCreating(false)} onCreated={(p) => navigate(`/patterns/${p.id}`)} />}
      {deleting && (
        <ConfirmDialog title={`Delete “${nameOf(deleting)}”?`} confirm="Delete" onClose={() => setDeleting(null)} onConfirm={() => remove(deleting)}>
          <p>
            The draft, its deployment{deleting.deployment && deleting.deployment.status !== 'undeployed' ? ' (live now: its webhook stops answering)' : ''} and
            its versions are deleted; its execution history stays. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
