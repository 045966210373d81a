// Whole-graph rules: data cycles, exec cycles, reachability, Break placement, unused variables.
import type { LinkedGraph, LNode } from '../graph.js';
import type { Reporter } from './link.js';

const q = JSON.stringify;

/** DATA_CYCLE: pure nodes whose inputs depend on each other in a circle (impure outputs are stored
 * values, so a wire out of an impure node never closes a cycle). */
export function checkDataCycles(g: LinkedGraph, r: Reporter): void {
  const state = new Map<LNode, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: LNode[] = [];
  const reported = new Set<LNode>();
  const visit = (n: LNode): void => {
    state.set(n, 1);
    stack.push(n);
    for (const src of n.wiredFrom.values()) {
      if (!src.node.pure) continue;
      const s = state.get(src.node);
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(src.node));
        if (!cycle.some((c) => reported.has(c))) {
          cycle.forEach((c) => reported.add(c));
          r.add('DATA_CYCLE', `data cycle through ${cycle.map((c) => q(c.id)).join(' → ')} → ${q(src.node.id)}`, { nodeId: src.node.id });
        }
      } else if (s === undefined) visit(src.node);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of g.nodes) if (n.pure && !state.has(n)) visit(n);
}

/** Follows exec wires from the trigger and OnError; reports EXEC_CYCLE, BREAK_OUTSIDE_LOOP and
 * UNREACHABLE_NODE. Returns the reachable nodes. */
export function checkExecFlow(g: LinkedGraph, r: Reporter): Set<LNode> {
  const reached = new Set<LNode>();
  const onPath = new Set<LNode>();
  const walk = (n: LNode, inLoop: boolean): void => {
    if (onPath.has(n)) {
      r.add('EXEC_CYCLE', `execution wires loop back to node ${q(n.id)}; use While, ForEach or ForRange to repeat work`, { nodeId: n.id });
      return;
    }
    if (n.def.type === 'Break' && !inLoop) {
      r.add('BREAK_OUTSIDE_LOOP', `Break node ${q(n.id)} is not inside the body of a loop`, { nodeId: n.id });
    }
    if (reached.has(n)) return; // an exec input takes one wire, so this only happens in a cycle
    reached.add(n);
    onPath.add(n);
    for (const [pin, next] of n.execTo) {
      const body = inLoop || (n.def.loopBodies?.includes(pin) ?? false);
      for (const m of next) walk(m, body);
    }
    onPath.delete(n);
  };
  if (g.trigger) walk(g.trigger, false);
  if (g.errorHandler) walk(g.errorHandler, false);
  for (const n of g.nodes) {
    if (!n.pure && !reached.has(n) && !n.def.editorOnly && n.def.trigger === undefined) {
      r.add('UNREACHABLE_NODE', `node ${q(n.id)} (${n.def.type}) is not connected to the trigger by execution wires, so it never runs`, { nodeId: n.id }, 'warning');
    }
  }
  // Cycles among unreachable nodes are still mistakes worth naming.
  const seen = new Set<LNode>();
  for (const n of g.nodes) if (!n.pure && !reached.has(n) && n.def.trigger === undefined) walkDetached(n, r, new Set(), seen);
  return reached;
}

function walkDetached(n: LNode, r: Reporter, onPath: Set<LNode>, seen: Set<LNode>): void {
  if (onPath.has(n)) { r.add('EXEC_CYCLE', `execution wires loop back to node ${q(n.id)}; use While, ForEach or ForRange to repeat work`, { nodeId: n.id }); return; }
  if (seen.has(n)) return;
  seen.add(n); onPath.add(n);
  for (const next of n.execTo.values()) for (const m of next) walkDetached(m, r, onPath, seen);
  onPath.delete(n);
}

export function checkVariables(g: LinkedGraph, r: Reporter): void {
  const used = new Set<string>();
  for (const n of g.nodes) if (typeof n.config?.variable === 'string') used.add(n.config.variable);
  (g.doc.variables ?? []).forEach((v, i) => {
    if (!used.has(v.name)) r.add('UNUSED_VARIABLE', `variable ${q(v.name)} is declared but never used`, { path: `/variables/${i}` }, 'warning');
  });
}
