// A visual diff of two deployed versions: a read-only canvas of the "To" graph plus what was removed
// since "From" (added green, removed red and dashed, changed amber), a legend and a text summary.
import { useEffect, useMemo, useState } from 'react';
import { Background, BackgroundVariant, Controls, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { api } from '../../api.js';
import type { DocNode, NodeDescription, PatternDocument, PinsByNode, VersionDiff, VersionInfo, Wire } from '../../types.js';
import { errorText } from '../../ui/format.js';
import { toFlow, type FlowEdge, type FlowNode } from '../../editor/graph.js';
import { PatternNode } from '../../editor/PatternNode.js';
import { EditorContext, wiredKey, type EditorCtx } from '../../editor/context.js';
import { Messages } from '../../ui/Messages.js';

/** GET /api/patterns/:id/versions/:a/diff/:b (src/api/types.ts). */
type DiffResult = VersionDiff<DocNode, Wire>;
interface Version {
  document: PatternDocument;
  pins: PinsByNode;
}
interface Loaded {
  a: Version;
  b: Version;
  diff: DiffResult;
  defs: Map<string, NodeDescription>;
}

const NODE_TYPES = { pattern: PatternNode };
const COLOR = { added: '#22c55e', removed: '#ef4444' };
const NO_PROBLEMS = new Map();
/** The same id graph.ts gives the edge of a wire. */
const wireId = (w: Wire) => `${w.from.node}:${w.from.pin}->${w.to.node}:${w.to.pin}`;
const wireText = (w: Wire) => `${w.from.node}.${w.from.pin} → ${w.to.node}.${w.to.pin}`;

/** The union of both graphs, each node and wire marked with what happened to it. */
function unionFlow({ a, b, diff, defs }: Loaded): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const before = toFlow(a.document, defs, a.pins),
    after = toFlow(b.document, defs, b.pins);
  const added = new Set(diff.nodes.added.map((n) => n.id)),
    removed = new Set(diff.nodes.removed.map((n) => n.id));
  const changed = new Set(diff.nodes.changed.map((c) => c.id));
  const wiresAdded = new Set(diff.wires.added.map(wireId)),
    wiresRemoved = new Set(diff.wires.removed.map(wireId));
  const mark = (id: string) => (added.has(id) ? 'diff-added' : changed.has(id) ? 'diff-changed' : undefined);
  // A removed node goes below any node of "To" that sits where it was (laid-out documents collide).
  const taken = after.nodes.map((n) => n.position);
  const free = (p: { x: number; y: number }) => {
    while (taken.some((t) => Math.abs(t.x - p.x) < 200 && Math.abs(t.y - p.y) < 110)) p = { x: p.x, y: p.y + 130 };
    taken.push(p);
    return p;
  };
  return {
    nodes: [
      ...after.nodes.map((n) => ({ ...n, className: mark(n.id) })),
      ...before.nodes.filter((n) => removed.has(n.id)).map((n) => ({ ...n, position: free(n.position), className: 'diff-removed' })),
    ],
    edges: [
      ...after.edges.map((e) => (wiresAdded.has(e.id) ? { ...e, style: { ...e.style, stroke: COLOR.added, strokeWidth: 3 } } : e)),
      ...before.edges
        .filter((e) => wiresRemoved.has(e.id))
        .map((e) => ({ ...e, style: { ...e.style, stroke: COLOR.removed, strokeDasharray: '6 4', opacity: 0.8 } })),
    ],
  };
}

/** The default pair: the version before the live one → the live one. */
function defaults(sorted: number[], live: number): { from: number; to: number } {
  const to = sorted.includes(live) ? live : sorted[0]!;
  return { to, from: sorted.find((v) => v < to) ?? sorted.find((v) => v !== to) ?? to };
}

export function VersionDiff({ patternId, versions, liveVersion }: { patternId: string; versions: VersionInfo[]; liveVersion: number }) {
  const sorted = useMemo(() => versions.map((v) => v.version).sort((x, y) => y - x), [versions]);
  const [pick, setPick] = useState<{ from: number; to: number } | null>(null);
  const { from, to } = pick ?? (sorted.length ? defaults(sorted, liveVersion) : { from: 0, to: 0 });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const enough = sorted.length > 1;

  useEffect(() => {
    if (!enough) return;
    let live = true;
    setLoaded(null);
    setError(null);
    const base = `/api/patterns/${patternId}/versions`;
    Promise.all([
      api.get<Version>(`${base}/${from}`),
      api.get<Version>(`${base}/${to}`),
      api.get<DiffResult>(`${base}/${from}/diff/${to}`),
      api.get<NodeDescription[]>('/api/nodes'),
    ]).then(
      ([va, vb, diff, defs]) => live && setLoaded({ a: va, b: vb, diff, defs: new Map(defs.map((d) => [d.type, d])) }),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [patternId, from, to, enough]);

  const flow = useMemo(() => (loaded ? unionFlow(loaded) : null), [loaded]);
  const ctx = useMemo<EditorCtx>(() => {
    const wired = new Set<string>();
    for (const e of flow?.edges ?? []) {
      wired.add(wiredKey(e.source, e.sourceHandle ?? ''));
      wired.add(wiredKey(e.target, e.targetHandle ?? ''));
    }
    return { wired, problems: NO_PROBLEMS, clearPin: () => {} };
  }, [flow]);

  const select = (label: 'From' | 'To', value: number) => (
    <label className="inline">
      {label}
      <select value={value} onChange={(e) => setPick({ from, to, [label === 'From' ? 'from' : 'to']: Number(e.target.value) })}>
        {sorted.map((v) => (
          <option key={v} value={v}>
            v{v}
            {v === liveVersion ? ' (live)' : ''}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-label="Version diff" className="vdiff">
      <h2>Compare versions</h2>
      {!enough ? (
        <p className="muted">Only one version so far: deploy again to compare.</p>
      ) : (
        <>
          <div className="toolbar-row">
            {select('From', from)}
            {select('To', to)}
            <span className="spacer" />
            <span className="vdiff-legend" aria-hidden="true">
              <span className="vdiff-key vdiff-key-added">Added</span>
              <span className="vdiff-key vdiff-key-removed">Removed</span>
              <span className="vdiff-key vdiff-key-changed">Changed</span>
            </span>
          </div>
          <Messages error={error} />
          {!error && !loaded && <p role="status">Loading diff…</p>}
          {loaded && flow && (
            <>
              <div className="vdiff-canvas">
                <EditorContext.Provider value={ctx}>
                  <ReactFlow<FlowNode, FlowEdge>
                    key={`${from}-${to}`}
                    nodes={flow.nodes}
                    edges={flow.edges}
                    nodeTypes={NODE_TYPES}
                    colorMode="dark"
                    nodesDraggable={false}
                    nodesConnectable={false}
                    elementsSelectable={false}
                    nodesFocusable={false}
                    edgesFocusable={false}
                    deleteKeyCode={null}
                    zoomOnScroll={false}
                    preventScrolling={false}
                    minZoom={0.2}
                    fitView
                    fitViewOptions={{ maxZoom: 1, padding: 0.15 }}
                  >
                    <Background variant={BackgroundVariant.Dots} gap={20} />
                    <Controls showInteractive={false} />
                  </ReactFlow>
                </EditorContext.Provider>
              </div>
              <Summary diff={loaded.diff} />
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The same diff as text, so that it reads without the canvas. */
function Summary({ diff }: { diff: DiffResult }) {
  const items = [
    ...diff.nodes.added.map((n) => ({ kind: 'added', text: `Added node ${n.id} (${n.type})` })),
    ...diff.nodes.removed.map((n) => ({ kind: 'removed', text: `Removed node ${n.id} (${n.type})` })),
    ...diff.nodes.changed.map((c) => ({ kind: 'changed', text: `Changed node ${c.id}: ${c.fields.join(', ')}` })),
    ...diff.wires.added.map((w) => ({ kind: 'added', text: `Added wire ${wireText(w)}` })),
    ...diff.wires.removed.map((w) => ({ kind: 'removed', text: `Removed wire ${wireText(w)}` })),
    ...(diff.changedFields.length ? [{ kind: 'changed', text: `Changed pattern fields: ${diff.changedFields.join(', ')}` }] : []),
  ];
  return (
    <>
      <h3>
        Changes from v{diff.from} to v{diff.to}
      </h3>
      {items.length === 0 ? (
        <p className="muted">No differences.</p>
      ) : (
        <ul className="vdiff-list">
          {items.map((it, i) => (
            <li key={i} className={`vdiff-key vdiff-key-${it.kind}`}>
              {it.text}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
