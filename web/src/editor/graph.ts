// The pattern document ⇄ React Flow nodes and edges. The document stays the source of truth for
// everything but positions and selection; `toDocument` gives back exactly what autosave PUTs.
import type { Edge, Node } from '@xyflow/react';
import type { DocNode, NodeDescription, PatternDocument, PinsByNode, PinType, ResolvedPins, Wire } from '../types.js';
import { PIN_COLOR, handleType, inHandle, outHandle, pinOf } from './pins.js';

export type NodeData = { doc: DocNode; def: NodeDescription | undefined };
export type FlowNode = Node<NodeData, 'pattern'>;
export type FlowEdge = Edge<{ type: PinType | undefined }>;
export type Meta = Omit<PatternDocument, 'nodes' | 'wires'>;

/** A node's description with the pins its config gives it (MakeObject's keys, a variable's type…);
 * the library's description (pins for the default config) until the server has resolved them. */
export function withPins(def: NodeDescription | undefined, pins: ResolvedPins | undefined): NodeDescription | undefined {
  return def && pins ? { ...def, inputs: pins.inputs, outputs: pins.outputs, execOut: pins.execOut } : def;
}

export function toFlow(doc: PatternDocument, defs: ReadonlyMap<string, NodeDescription>, pins: PinsByNode = {}): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = doc.nodes.map((n, i) => {
    const { position, ...rest } = n;
    return {
      id: n.id,
      type: 'pattern',
      position: position ?? { x: 40 + (i % 4) * 280, y: 40 + Math.floor(i / 4) * 200 },
      data: { doc: rest, def: withPins(defs.get(n.type), pins[n.id]) },
    };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = doc.wires.map((w) => edgeOf(outHandle(w.from.pin), inHandle(w.to.pin), w.from.node, w.to.node, byId.get(w.from.node)?.data.def));
  return { nodes, edges };
}

export function edgeOf(sourceHandle: string, targetHandle: string, source: string, target: string, sourceDef: NodeDescription | undefined): FlowEdge {
  const type = handleType(sourceDef, sourceHandle);
  const exec = type === 'Exec';
  return {
    id: `${source}:${pinOf(sourceHandle)}->${target}:${pinOf(targetHandle)}`,
    source,
    target,
    sourceHandle,
    targetHandle,
    data: { type },
    className: exec ? 'wire-exec' : 'wire-data',
    style: { stroke: type ? PIN_COLOR[type] : '#888', strokeWidth: exec ? 3 : 2 },
  };
}

export function toDocument(meta: Meta, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): PatternDocument {
  return {
    ...meta,
    nodes: nodes.map((n) => ({ ...n.data.doc, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } })),
    wires: edges.map((e): Wire => ({ from: { node: e.source, pin: pinOf(e.sourceHandle) }, to: { node: e.target, pin: pinOf(e.targetHandle) } })),
  };
}

/** A node's defaults with one pin's value set (`undefined`: removed); no defaults left → undefined. */
export function withDefault(defaults: Record<string, unknown> | undefined, pin: string, v: unknown): Record<string, unknown> | undefined {
  const next = { ...defaults };
  if (v === undefined) delete next[pin];
  else next[pin] = v;
  return Object.keys(next).length ? next : undefined;
}

/** A new node id from its type: `log`, `log2`, …; a pack node's `greeter.greet` (or `rest-api.get`)
 * gives `greeterGreet` (`restApiGet`): letters and digits only (ids are the user's to rename). */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const words = type.split(/[^A-Za-z0-9_]+/).filter((w) => w !== '');
  const joined = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('') || 'node';
  const base = /^[0-9]/.test(joined) ? `n${joined}` : joined.charAt(0).toLowerCase() + joined.slice(1);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** The pattern's fields other than nodes and wires, as the editor keeps them. */
export function metaOf(doc: PatternDocument): Meta {
  const { format, name, description, tags, variables, settings } = doc;
  return { format, name, description, tags, variables, settings };
}

/** A document's graph and settings in a canonical form, for comparing the draft with a deployed
 * version: node positions left out, keys sorted, nodes by id and wires by their ends (neither order
 * means anything to the compiler), undefined fields dropped. Equal strings ⇔ the same pattern. */
export const graphOf = (d: PatternDocument) =>
  canonical({
    ...d,
    revision: undefined,
    nodes: [...d.nodes].map(({ position: _p, ...n }) => n).sort((a, b) => cmp(a.id, b.id)),
    wires: [...d.wires].sort((a, b) => cmp(wireKey(a), wireKey(b))),
  });
const wireKey = (w: Wire) => JSON.stringify([w.from.node, w.from.pin, w.to.node, w.to.pin]);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
