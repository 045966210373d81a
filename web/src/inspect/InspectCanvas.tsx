// A read-only canvas of a version's graph, drawn by the editor's own PatternNode (graph.ts gives the
// nodes and wires): marks per node (an inspection's ran / failed / did not run, or a profile), the
// selected node ringed, clicking a node (or a wire: its source) selects it, hovering a wire shows
// its value.
import { useMemo, type ComponentProps } from 'react';
import { Background, BackgroundVariant, Controls, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { FlowEdge, FlowNode } from '../editor/graph.js';
import { PatternNode } from '../editor/PatternNode.js';
import { EditorContext, wiredKey, type EditorCtx, type NodeNote } from '../editor/context.js';

const NODE_TYPES = { pattern: PatternNode };
const NO_PROBLEMS = new Map();
type EdgeHandlers = Pick<ComponentProps<typeof ReactFlow<FlowNode, FlowEdge>>, 'onEdgeMouseEnter' | 'onEdgeMouseMove' | 'onEdgeMouseLeave'>;

export function InspectCanvas({
  flow,
  notes,
  selected,
  onSelect,
  edgeHandlers,
}: {
  flow: { nodes: FlowNode[]; edges: FlowEdge[] };
  notes: ReadonlyMap<string, NodeNote>;
  selected: string | null;
  onSelect: (id: string | null) => void;
  edgeHandlers?: EdgeHandlers;
}) {
  const nodes = useMemo(() => flow.nodes.map((n) => (n.id === selected ? { ...n, selected: true } : n)), [flow.nodes, selected]);
  const ctx = useMemo<EditorCtx>(() => {
    const wired = new Set<string>();
    for (const e of flow.edges) {
      wired.add(wiredKey(e.source, e.sourceHandle ?? ''));
      wired.add(wiredKey(e.target, e.targetHandle ?? ''));
    }
    return { wired, problems: NO_PROBLEMS, clearPin: () => {}, notes };
  }, [flow.edges, notes]);
  return (
    <EditorContext.Provider value={ctx}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={NODE_TYPES}
        colorMode="dark"
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        minZoom={0.2}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.1 }}
        onNodeClick={(_, n) => onSelect(n.id)}
        onPaneClick={() => onSelect(null)}
        // A click handler keeps the wires hoverable (React Flow makes unselectable edges inert without one).
        onEdgeClick={(_, e) => onSelect(e.source)}
        {...edgeHandlers}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </EditorContext.Provider>
  );
}
