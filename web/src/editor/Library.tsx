// The node library: categories and search over GET /api/nodes, each entry with its description; it
// opens on "All". `compact` is the right-click search on the canvas: a search box and the first
// matches, Enter adds the first one. Entries are buttons
// (click, Enter or Space adds the node) that can also be dragged onto the canvas (NODE_MIME).
import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { NodeDescription } from '../types.js';
import { KIND_COLOR } from './pins.js';

/** The drag-and-drop type of a library entry; its data is the node type id. */
export const NODE_MIME = 'application/x-dragops-node';

const dragStart = (type: string) => (e: DragEvent) => {
  e.dataTransfer.setData(NODE_MIME, type);
  e.dataTransfer.effectAllowed = 'copy';
};

function matches(d: NodeDescription, q: string): boolean {
  const s = q.trim().toLowerCase();
  return (
    !s ||
    d.label.toLowerCase().includes(s) ||
    d.type.toLowerCase().includes(s) ||
    d.category.toLowerCase().includes(s) ||
    d.description.toLowerCase().includes(s)
  );
}

/** The category that lists every node. */
export const ALL = 'All';

/** What the library lists: matches of the search (names first, then descriptions), else the category's nodes. */
export function libraryEntries(defs: readonly NodeDescription[], q: string, category: string): NodeDescription[] {
  if (q.trim()) {
    const s = q.trim().toLowerCase();
    const byName = (d: NodeDescription) => (d.label.toLowerCase().includes(s) || d.type.toLowerCase().includes(s) ? 0 : 1);
    return defs
      .filter((d) => matches(d, q))
      .map((d, i) => [d, i] as const)
      .sort((a, b) => byName(a[0]) - byName(b[0]) || a[1] - b[1])
      .map(([d]) => d);
  }
  return category === ALL ? [...defs] : defs.filter((d) => d.category === category);
}

export function Library({
  defs,
  onAdd,
  compact,
  onClose,
}: {
  defs: readonly NodeDescription[];
  onAdd: (type: string) => void;
  compact?: boolean;
  onClose?: () => void;
}) {
  const [q, setQ] = useState('');
  const categories = useMemo(() => [ALL, ...new Set(defs.map((d) => d.category))], [defs]);
  const [category, setCategory] = useState(ALL);
  const shown = libraryEntries(defs, q, compact ? ALL : category);
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && shown[0]) {
      e.preventDefault();
      onAdd(shown[0].type);
    }
    if (e.key === 'Escape') onClose?.();
  };
  const item = (d: NodeDescription) => (
    <li key={d.type}>
      <button
        type="button"
        className="lib-item"
        title={`${d.type}: ${d.description}`}
        aria-label={d.label}
        aria-describedby={compact || !d.description ? undefined : `lib-desc-${d.type}`}
        onClick={() => onAdd(d.type)}
        draggable
        onDragStart={dragStart(d.type)}
      >
        <span className="lib-dot" style={{ background: KIND_COLOR[d.kind] }} />
        <span className="lib-text">
          <span className="lib-label">{d.label}</span>
          {!compact && d.description && (
            <span className="lib-desc" id={`lib-desc-${d.type}`}>
              {d.description}
            </span>
          )}
        </span>
      </button>
    </li>
  );
  if (compact) {
    return (
      <div className="ctx-search" role="dialog" aria-label="Add node">
        <input aria-label="Search nodes" placeholder="Search nodes…" autoFocus value={q} onChange={(e) => setQ(e.target.value)} onKeyDown={keys} />
        <ul>{shown.slice(0, 40).map(item)}</ul>
      </div>
    );
  }
  return (
    <div className="library">
      <div className="lib-side">
        <input type="search" aria-label="Search nodes" placeholder="Search nodes…" value={q} onChange={(e) => setQ(e.target.value)} onKeyDown={keys} />
        <ul className="lib-cats" aria-label="Categories">
          {categories.map((c) => (
            <li key={c}>
              <button
                type="button"
                aria-pressed={!q && c === category}
                onClick={() => {
                  setQ('');
                  setCategory(c);
                }}
              >
                {c}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <ul className="lib-items" aria-label={q ? 'Matching nodes' : `${category} nodes`}>
        {shown.map(item)}
        {shown.length === 0 && <li className="muted">No node matches “{q}”.</li>}
      </ul>
    </div>
  );
}
