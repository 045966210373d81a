// The pattern editor: toolbar, inspector, canvas (@xyflow/react) and the bottom panel (node library,
// console). The canvas state is React Flow's; the document PUT by autosave is derived from it. A test
// run is inspected on the canvas (nodes marked, the step panel beside it); `?fromRun=run_…` (from
// "Run draft with this input") opens Run on that execution's trigger data.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  useUpdateNodeInternals,
  type Connection,
  type Edge,
  type XYPosition,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { api, inspectRun } from '../api.js';
import type { Diagnostic, DocNode, Inspection, NodeDescription, Pattern, PatternDocument, PinsByNode } from '../types.js';
import { errorText } from '../ui/format.js';
import { edgeOf, graphOf, metaOf, newNodeId, toDocument, toFlow, withDefault, withPins, type FlowEdge, type FlowNode, type Meta } from './graph.js';
import { canConnect, handleType } from './pins.js';
import { PatternNode } from './PatternNode.js';
import { EditorContext, wiredKey } from './context.js';
import { Library, NODE_MIME } from './Library.js';
import { Inspector, type OnWire } from './Inspector.js';
import { Toolbar, type LiveState } from './Toolbar.js';
import { Console, type ConsoleEntry } from './Console.js';
import { RunDialog, sampleEvent } from './RunDialog.js';
import { useDraft } from './useDraft.js';
import { usePanelHeight } from './usePanelHeight.js';
import { estimateSize, fitInside, placeNode, type Box } from './placement.js';
import { useHistory } from './useHistory.js';
import { useShortcuts } from './useShortcuts.js';
import { deploy, groupProblems, lifecycle, runDraft, type Outcome } from './actions.js';
import { useLiveEvents } from '../live.js';
import { useSteps } from '../inspect/useSteps.js';
import { StepPanel } from '../inspect/StepPanel.js';
import { runNotes } from '../inspect/steps.js';
import { useWireTooltip } from '../inspect/WireTooltip.js';
import { isTriggerType } from '../../../src/pattern/trigger.js';

const NODE_TYPES = { pattern: PatternNode };

export function Editor({ patternId }: { patternId: string }) {
  const [loaded, setLoaded] = useState<{ pattern: Pattern; defs: NodeDescription[]; pins: PinsByNode } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([
      api.get<Pattern>(`/api/patterns/${patternId}`),
      api.get<NodeDescription[]>('/api/nodes'),
      // The first drawing already has each node's configured pins (wires into them need them).
      api.post<{ pins: PinsByNode }>(`/api/patterns/${patternId}/validate`).then(
        (r) => r.pins ?? {},
        () => ({}),
      ),
    ]).then(
      ([pattern, defs, pins]) => setLoaded({ pattern, defs, pins }),
      (e) => setError(errorText(e)),
    );
  }, [patternId]);
  if (error)
    return (
      <section className="page">
        <p className="error" role="alert">
          {error}
        </p>
      </section>
    );
  if (!loaded)
    return (
      <section className="page">
        <p role="status">Loading…</p>
      </section>
    );
  return (
    <ReactFlowProvider>
      <EditorView pattern={loaded.pattern} defs={loaded.defs} initialPins={loaded.pins} />
    </ReactFlowProvider>
  );
}

function EditorView({ pattern, defs, initialPins }: { pattern: Pattern; defs: NodeDescription[]; initialPins: PinsByNode }) {
  const defMap = useMemo(() => new Map(defs.map((d) => [d.type, d])), [defs]);
  const initial = useMemo(() => toFlow(pattern, defMap, initialPins), [pattern, defMap, initialPins]);
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowEdge>(initial.edges);
  const [meta, setMeta] = useState<Meta>(() => metaOf(pattern));
  const [problems, setProblems] = useState<Map<string, Diagnostic[]>>(new Map());
  const [live, setLive] = useState<LiveState | null>(
    pattern.deployment ? { status: pattern.deployment.status, version: pattern.deployment.version, pausedReason: pattern.deployment.pausedReason } : null,
  );
  const [consoleEntry, setConsole] = useState<ConsoleEntry | null>(null);
  const [tab, setTab] = useState<'library' | 'console'>('library');
  const [inspectorOpen, setInspectorOpen] = useState(true);
  const [runOpen, setRunOpen] = useState(false);
  /** The last test run node by node (GET /api/runs/:id/inspect), shown on the canvas and beside it. */
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [inspectOpen, setInspectOpen] = useState(true);
  /** "Run draft with this input": the execution, and its trigger data for the Run dialog. */
  const [fromRun, setFromRun] = useState<{ runId: string; event: unknown } | null>(null);
  const [busy, setBusy] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number; at: XYPosition } | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const shared = useRef<HTMLDivElement>(null);
  const panel = usePanelHeight(shared);
  const flow = useReactFlow<FlowNode, FlowEdge>();

  const doc = useMemo(() => toDocument(meta, nodes, edges), [meta, nodes, edges]);
  const json = useMemo(() => JSON.stringify(doc), [doc]);
  // Nodes whose pins follow their config (MakeObject's keys, a variable's type…) are redrawn with the
  // pins the server resolved for the saved draft; React Flow is told their handles changed.
  const pins = useRef<PinsByNode>(initialPins);
  const updateInternals = useUpdateNodeInternals();
  const applyPins = useCallback(
    (next: PinsByNode) => {
      pins.current = next;
      const defs = new Map<string, NodeDescription | undefined>();
      for (const n of flow.getNodes()) {
        const def = withPins(defMap.get(n.data.doc.type), next[n.id]);
        if (JSON.stringify(def) !== JSON.stringify(n.data.def)) defs.set(n.id, def);
      }
      if (defs.size === 0) return;
      setNodes((ns) => ns.map((n) => (defs.has(n.id) ? { ...n, data: { ...n.data, def: defs.get(n.id) } } : n)));
      setEdges((es) =>
        es.map((x) =>
          defs.has(x.source) ? { ...edgeOf(x.sourceHandle ?? '', x.targetHandle ?? '', x.source, x.target, defs.get(x.source)), selected: x.selected } : x,
        ),
      );
      requestAnimationFrame(() => updateInternals([...defs.keys()]));
    },
    [defMap, flow, setEdges, setNodes, updateInternals],
  );
  const onValidated = useCallback(
    (errors: Diagnostic[], warnings: Diagnostic[], resolved: PinsByNode) => {
      setProblems(groupProblems(errors, warnings));
      applyPins(resolved);
    },
    [applyPins],
  );
  const { state: save, flush } = useDraft(pattern, doc, onValidated);
  const restore = useCallback(
    (j: string) => {
      const d = JSON.parse(j) as Pattern;
      const f = toFlow(d, defMap, pins.current);
      setNodes(f.nodes);
      setEdges(f.edges);
      setMeta(metaOf(d));
    },
    [defMap, setNodes, setEdges],
  );
  // Whether the draft's graph differs from the live version's (after an edit, or a rollback that
  // deployed an older graph): positions aside.
  const [liveDoc, setLiveDoc] = useState<{ version: number; graph: string } | null>(null);
  useEffect(() => {
    if (!live || live.status === 'undeployed' || liveDoc?.version === live.version) return;
    let on = true;
    api.get<{ document: PatternDocument }>(`/api/patterns/${pattern.id}/versions/${live.version}`).then(
      (v) => on && setLiveDoc({ version: live.version, graph: graphOf(v.document) }),
      () => {},
    );
    return () => {
      on = false;
    };
  }, [live, liveDoc?.version, pattern.id]);
  const liveDiffers = useMemo(() => !!liveDoc && liveDoc.version === live?.version && liveDoc.graph !== graphOf(doc), [doc, liveDoc, live?.version]);

  const history = useHistory(json, !nodes.some((n) => n.dragging), restore);

  const wired = useMemo(() => {
    const s = new Set<string>();
    for (const e of edges) {
      s.add(wiredKey(e.source, e.sourceHandle ?? ''));
      s.add(wiredKey(e.target, e.targetHandle ?? ''));
    }
    return s;
  }, [edges]);
  const trigger = doc.nodes.map((n) => n.type).find(isTriggerType);
  const selected = nodes.filter((n) => n.selected);

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      if (c.source === c.target) return false;
      const from = handleType(flow.getNode(c.source)?.data.def, c.sourceHandle);
      const to = handleType(flow.getNode(c.target)?.data.def, c.targetHandle);
      return !!from && !!to && canConnect(from, to);
    },
    [flow],
  );

  // An input takes one wire (SPEC §2 rule 1): a new wire into a wired input replaces the old one.
  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle || !c.targetHandle) return;
      const e = edgeOf(c.sourceHandle, c.targetHandle, c.source, c.target, flow.getNode(c.source)?.data.def);
      setEdges((es) => [...es.filter((x) => !(x.target === c.target && x.targetHandle === c.targetHandle)), e]);
    },
    [flow, setEdges],
  );

  // Wiring from the inspector: the wires at `replacing` (an input, or an exec output: one wire each)
  // are replaced by from → to, or just removed when one end is not chosen.
  const onWire = useCallback<OnWire>(
    (from, to, replacing) => {
      setEdges((es) => {
        const kept = es.filter(
          (x) =>
            !((x.target === replacing.node && x.targetHandle === replacing.handle) || (x.source === replacing.node && x.sourceHandle === replacing.handle)),
        );
        return from && to ? [...kept, edgeOf(from.handle, to.handle, from.node, to.node, flow.getNode(from.node)?.data.def)] : kept;
      });
    },
    [flow, setEdges],
  );

  const clearPin = useCallback(
    (nodeId: string, handle: string) => {
      setEdges((es) => es.filter((e) => !((e.source === nodeId && e.sourceHandle === handle) || (e.target === nodeId && e.targetHandle === handle))));
    },
    [setEdges],
  );

  /** The part of the canvas in view, in flow coordinates. */
  const visibleBox = useCallback((): Box => {
    const r = wrapper.current!.getBoundingClientRect();
    const a = flow.screenToFlowPosition({ x: r.left, y: r.top }),
      b = flow.screenToFlowPosition({ x: r.right, y: r.bottom });
    return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
  }, [flow]);

  /** Adds a node (library click, right-click search, drop) fully inside the visible canvas: at `at`
   * moved inwards when it is near an edge (`exact`: a drop point, even over another node), else on a
   * free spot near `at` (default: the upper middle of the view). */
  const addNode = useCallback(
    (type: string, at?: XYPosition, exact = false) => {
      const def = defMap.get(type);
      const id = newNodeId(type, new Set(flow.getNodes().map((n) => n.id)));
      const view = visibleBox(),
        size = estimateSize(def);
      const taken = flow.getNodes().map((n) => ({ ...n.position, width: n.measured?.width ?? 200, height: n.measured?.height ?? 80 }));
      const want = at ?? { x: view.x + view.width / 2 - size.width / 2, y: view.y + view.height / 3 - size.height / 2 };
      const position = exact && at ? fitInside(at, size, view) : placeNode(want, size, view, taken);
      setNodes((ns) => [
        ...ns.map((n) => (n.selected ? { ...n, selected: false } : n)),
        { id, type: 'pattern', position, data: { doc: { id, type }, def }, selected: true },
      ]);
      setMenu(null);
      // The size was estimated: once drawn, a node larger than that is brought fully into view by
      // panning (not by moving it again, which would be a second undo step).
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const m = flow.getNode(id)?.measured;
          if (!m?.width || !m.height || !wrapper.current) return;
          const fitted = fitInside(position, { width: m.width, height: m.height }, visibleBox());
          if (fitted.x === position.x && fitted.y === position.y) return;
          const vp = flow.getViewport();
          void flow.setViewport({ x: vp.x + (fitted.x - position.x) * vp.zoom, y: vp.y + (fitted.y - position.y) * vp.zoom, zoom: vp.zoom }, { duration: 150 });
        }),
      );
    },
    [defMap, flow, setNodes, visibleBox],
  );

  // Library entries dropped on the canvas (HTML5 drag and drop): added where they are dropped.
  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_MIME);
      if (!type || !defMap.has(type)) return;
      e.preventDefault();
      addNode(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }), true);
    },
    [addNode, defMap, flow],
  );

  const patchNode = useCallback(
    (id: string, patch: Partial<DocNode>) => {
      setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, doc: { ...n.data.doc, ...patch } } } : n)));
    },
    [setNodes],
  );

  const setDefault = useCallback(
    (id: string, pin: string, v: unknown) => {
      setNodes((ns) =>
        ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, doc: { ...n.data.doc, defaults: withDefault(n.data.doc.defaults, pin, v) } } } : n)),
      );
    },
    [setNodes],
  );

  const selectNode = useCallback(
    (id: string) => {
      setNodes((ns) => ns.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })));
      const n = flow.getNode(id);
      if (n) void flow.setCenter(n.position.x + 90, n.position.y + 40, { zoom: flow.getZoom(), duration: 200 });
    },
    [flow, setNodes],
  );

  const stepper = useSteps(inspection);
  const tooltip = useWireTooltip(inspectOpen ? inspection : null, stepper.steps, stepper.at);
  const nodeIds = useMemo(() => nodes.map((n) => n.id), [nodes]);
  const notes = useMemo(
    () => (inspection && inspectOpen ? runNotes(inspection, nodeIds, stepper.selected) : undefined),
    [inspection, inspectOpen, nodeIds, stepper.selected],
  );
  // Stepping selects (and brings into view) the node of the step; a new inspection's first step
  // does not, so a run leaves the selection (and the inspector) as they were.
  const stepNode = stepper.at === null ? null : (stepper.steps[stepper.at]?.nodeId ?? null);
  const lastStepped = useRef<{ runId: string | null; node: string | null }>({ runId: null, node: null });
  useEffect(() => {
    const runId = inspection?.runId ?? null;
    if (runId !== lastStepped.current.runId) {
      lastStepped.current = { runId, node: stepNode };
      return;
    }
    if (!stepNode || stepNode === lastStepped.current.node) return;
    lastStepped.current.node = stepNode;
    if (flow.getNode(stepNode) && !flow.getNode(stepNode)!.selected) selectNode(stepNode);
  }, [inspection, stepNode, flow, selectNode]);

  // ?fromRun=run_…: the Run dialog opens on that execution's trigger data (the query is then dropped).
  const [fromRunId] = useState(() => new URLSearchParams(location.search).get('fromRun'));
  useEffect(() => {
    const runId = fromRunId;
    if (!runId) return;
    window.history.replaceState(null, '', location.pathname);
    let on = true;
    // Fire-and-forget: a failed look-up already became an empty event in the first .then.
    void inspectRun(runId)
      .then(
        (ins) => ins.request,
        () => ({}),
      )
      .then((event) => {
        if (!on) return;
        setFromRun({ runId, event });
        setRunOpen(true);
      });
    return () => {
      on = false;
    };
  }, [fromRunId]);

  // The deployment can change elsewhere (the circuit breaker, another tab, the CLI).
  useLiveEvents((type, data) => {
    const d = data as { patternId?: string; status: LiveState['status']; version: number; pausedReason: string | null } | null;
    if (type === 'deployment.changed' && d?.patternId === pattern.id) setLive({ status: d.status, version: d.version, pausedReason: d.pausedReason });
  });

  useShortcuts({ flow, setNodes, setEdges, defMap, undo: history.undo, redo: history.redo, toggleInspector: () => setInspectorOpen((o) => !o) });

  const act = async (f: () => Promise<Outcome>) => {
    setBusy(true);
    setTab('console');
    setConsole({ kind: 'running' });
    try {
      await flush();
      const o = await f();
      setConsole(o.console);
      if (o.console.kind === 'run') {
        const runId = o.console.run.runId;
        setInspection(null);
        inspectRun(runId).then(
          (ins) => {
            setInspection(ins);
            setInspectOpen(true);
          },
          (e) => setConsole((c) => (c?.kind === 'run' && c.run.runId === runId ? { ...c, inspectError: errorText(e) } : c)),
        );
      }
      if (o.live) setLive(o.live);
      if (o.problems) setProblems(groupProblems(o.problems.errors, o.problems.warnings));
    } catch (e) {
      setConsole({ kind: 'message', text: errorText(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <EditorContext.Provider value={{ wired, problems, clearPin, notes, setDefault }}>
      <div className="editor">
        <Toolbar
          name={meta.name ?? ''}
          save={save}
          live={live}
          liveDiffers={liveDiffers}
          webhookUrl={pattern.webhookUrl}
          trigger={trigger}
          busy={busy}
          onRun={() => setRunOpen(true)}
          onDeploy={() => act(() => deploy(pattern.id))}
          onPause={() => act(() => lifecycle(pattern.id, 'pause'))}
          onResume={() => act(() => lifecycle(pattern.id, 'resume'))}
          onUndeploy={() => act(() => lifecycle(pattern.id, 'undeploy'))}
        />
        <div className="editor-split" ref={shared}>
          <div className="editor-body">
            {inspectorOpen && (
              <Inspector
                node={selected.length === 1 ? selected[0]! : null}
                wired={wired}
                problems={problems}
                onNode={patchNode}
                meta={meta}
                onMeta={(p) => setMeta((m) => ({ ...m, ...p }))}
                wiring={{ nodes, edges, onWire }}
              />
            )}
            <div className="canvas" ref={wrapper} onKeyDown={(e) => e.key === 'Escape' && setMenu(null)}>
              <ReactFlow<FlowNode, FlowEdge>
                nodes={nodes}
                edges={edges}
                nodeTypes={NODE_TYPES}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                isValidConnection={isValidConnection}
                deleteKeyCode={['Delete', 'Backspace']}
                onBeforeDelete={async () => {
                  const f = document.activeElement;
                  return !f || f === document.body || (!!wrapper.current?.contains(f) && !['INPUT', 'TEXTAREA', 'SELECT'].includes(f.tagName));
                }}
                fitView
                fitViewOptions={{ maxZoom: 1, padding: 0.3 }}
                colorMode="dark"
                minZoom={0.2}
                onPaneClick={() => setMenu(null)}
                onDragOver={onDragOver}
                onDrop={onDrop}
                onNodeClick={(_, n) => {
                  if (inspection && inspectOpen) {
                    lastStepped.current.node = n.id;
                    stepper.select(n.id);
                  }
                }}
                {...tooltip.handlers}
                onPaneContextMenu={(e) => {
                  e.preventDefault();
                  // Kept inside the canvas (the search box is 260 × 320 px), so the page never shifts.
                  const r = wrapper.current!.getBoundingClientRect();
                  const x = Math.max(0, Math.min(e.clientX - r.left, r.width - 268)),
                    y = Math.max(0, Math.min(e.clientY - r.top, r.height - 328));
                  setMenu({ x, y, at: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
                }}
              >
                <Background variant={BackgroundVariant.Dots} gap={20} />
                <Controls />
              </ReactFlow>
              {menu && (
                <div className="ctx-wrap" style={{ left: menu.x, top: menu.y }}>
                  <Library defs={defs} compact onAdd={(t) => addNode(t, menu.at)} onClose={() => setMenu(null)} />
                </div>
              )}
              {tooltip.element}
            </div>
            {inspection && inspectOpen && (
              <StepPanel
                ins={inspection}
                stepper={stepper}
                onClose={() => setInspectOpen(false)}
                defs={(id) => flow.getNode(id)?.data.def}
                names={(id) => flow.getNode(id)?.data.doc.name}
              />
            )}
          </div>
          {panel.separator}
          <section className="bottom-panel" aria-label="Panels" style={{ height: panel.height }}>
            <div role="tablist" aria-label="Bottom panel" className="tabs">
              <button type="button" role="tab" aria-selected={tab === 'library'} onClick={() => setTab('library')}>
                Library
              </button>
              <button type="button" role="tab" aria-selected={tab === 'console'} onClick={() => setTab('console')}>
                Console
              </button>
            </div>
            <div role="tabpanel" aria-label={tab === 'library' ? 'Library' : 'Console'} className="tab-body">
              {tab === 'library' ? (
                <Library defs={defs} onAdd={(t) => addNode(t)} />
              ) : (
                <Console
                  entry={consoleEntry}
                  onNode={(id) => {
                    selectNode(id);
                    if (inspection && inspectOpen) {
                      lastStepped.current.node = id;
                      stepper.select(id);
                    }
                  }}
                  inspecting={
                    inspection && consoleEntry?.kind === 'run' && inspection.runId === consoleEntry.run.runId
                      ? { open: inspectOpen, toggle: () => setInspectOpen((o) => !o) }
                      : undefined
                  }
                />
              )}
            </div>
          </section>
        </div>
        {runOpen && (
          <RunDialog
            initial={fromRun ? fromRun.event : sampleEvent(trigger, pattern.webhookUrl, doc)}
            fromRun={fromRun?.runId}
            onClose={() => {
              setRunOpen(false);
              setFromRun(null);
            }}
            capture={trigger === 'OnWebhook' ? { patternId: pattern.id, deployed: !!live && live.status !== 'undeployed' } : undefined}
            onRun={(input) => {
              setRunOpen(false);
              setFromRun(null);
              void act(() => runDraft(pattern.id, input));
            }}
          />
        )}
      </div>
    </EditorContext.Provider>
  );
}
