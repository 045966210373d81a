// Editor keys: Ctrl/Cmd+B (inspector), Ctrl/Cmd+Z / Shift+Z / Y (undo, redo), Ctrl/Cmd+C / V (copy
// and paste the selected nodes with the wires between them). Delete/Backspace is React Flow's own.
import { useEffect, useRef } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import type { Dispatch, SetStateAction } from 'react';
import type { DocNode, NodeDescription, Wire } from '../types.js';
import { edgeOf, newNodeId, type FlowEdge, type FlowNode } from './graph.js';
import { inHandle, outHandle, pinOf } from './pins.js';

const CLIPBOARD_KEY = 'dragops.clipboard';

interface Opts {
  flow: ReactFlowInstance<FlowNode, FlowEdge>;
  setNodes: Dispatch<SetStateAction<FlowNode[]>>;
  setEdges: Dispatch<SetStateAction<FlowEdge[]>>;
  defMap: ReadonlyMap<string, NodeDescription>;
  undo: () => void;
  redo: () => void;
  toggleInspector: () => void;
}

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

export function useShortcuts(o: Opts): void {
  const opts = useRef(o);
  opts.current = o;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      const { flow, setNodes, setEdges, defMap, undo, redo, toggleInspector } = opts.current;
      if (k === 'b') {
        e.preventDefault();
        toggleInspector();
        return;
      }
      if (typing(e.target) || document.querySelector('dialog[open]')) return;
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        redo();
      } else if (k === 'c') {
        const picked = flow.getNodes().filter((n) => n.selected);
        if (!picked.length) return;
        const ids = new Set(picked.map((n) => n.id));
        const nodes: DocNode[] = picked.map((n) => ({ ...n.data.doc, position: n.position }));
        const wires: Wire[] = flow
          .getEdges()
          .filter((w) => ids.has(w.source) && ids.has(w.target))
          .map((w) => ({ from: { node: w.source, pin: pinOf(w.sourceHandle) }, to: { node: w.target, pin: pinOf(w.targetHandle) } }));
        sessionStorage.setItem(CLIPBOARD_KEY, JSON.stringify({ nodes, wires }));
        e.preventDefault();
      } else if (k === 'v') {
        const raw = sessionStorage.getItem(CLIPBOARD_KEY);
        if (!raw) return;
        e.preventDefault();
        const clip = JSON.parse(raw) as { nodes: DocNode[]; wires: Wire[] };
        const taken = new Set(flow.getNodes().map((n) => n.id));
        const rename = new Map<string, string>();
        const added: FlowNode[] = clip.nodes.map(({ position, ...doc }) => {
          const id = newNodeId(doc.type, taken);
          taken.add(id);
          rename.set(doc.id, id);
          const p = position ?? { x: 0, y: 0 };
          return { id, type: 'pattern', position: { x: p.x + 40, y: p.y + 40 }, selected: true, data: { doc: { ...doc, id }, def: defMap.get(doc.type) } };
        });
        const newEdges = clip.wires.map((w) =>
          edgeOf(
            outHandle(w.from.pin),
            inHandle(w.to.pin),
            rename.get(w.from.node)!,
            rename.get(w.to.node)!,
            defMap.get(clip.nodes.find((n) => n.id === w.from.node)!.type),
          ),
        );
        setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added]);
        setEdges((es) => [...es, ...newEdges]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
