// Whole-graph rules: data cycles, exec cycles, reachability, Break placement, unused variables.
import type { DataSource, LinkedGraph, LNode } from '../graph.js';
import type { Reporter } from './link.js';

const q = JSON.stringify;

/** DATA_CYCLE: pure nodes whose inputs depend on each other in a circle (impure outputs are stored
 * values, so a wire out of an impure node never closes a cycle). */
export function checkDataCycles(g: LinkedGraph, r: Reporter): void {
  const state = new Map<LNode, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: LNode[] = [];
  const reported = new Set<LNode>();
  const at = nodePaths(g);
  // Iterative (explicit stack of iterators): a chain of thousands of pure nodes must not overflow
  // the call stack here; codegen reports such a chain as PATTERN_TOO_COMPLEX if it cannot cope.
  const visit = (root: LNode): void => {
    const iters: Iterator<DataSource>[] = [];
    const enter = (n: LNode) => {
      state.set(n, 1);
      stack.push(n);
      iters.push(n.wiredFrom.values());
    };
    enter(root);
    while (iters.length > 0) {
      const next = iters[iters.length - 1]!.next();
      if (next.done) {
        iters.pop();
        state.set(stack.pop()!, 2);
        continue;
      }
      const src = next.value;
      if (!src.node.pure) continue;
      const s = state.get(src.node);
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(src.node));
        if (!cycle.some((c) => reported.has(c))) {
          cycle.forEach((c) => reported.add(c));
          r.add('DATA_CYCLE', `data cycle through ${cycle.map((c) => q(c.id)).join(' → ')} → ${q(src.node.id)}`, { nodeId: src.node.id, path: at(src.node) });
        }
      } else if (s === undefined) enter(src.node);
    }
  };
  for (const n of g.nodes) if (n.pure && !state.has(n)) visit(n);
}

/** Follows exec wires from the trigger and OnError; reports EXEC_CYCLE, BREAK_OUTSIDE_LOOP and
 * UNREACHABLE_NODE. Returns the reachable nodes. */
export function checkExecFlow(g: LinkedGraph, r: Reporter): Set<LNode> {
  const reached = new Set<LNode>();
  const onPath = new Set<LNode>();
  const at = nodePaths(g);
  // Iterative depth-first walk (an explicit stack, not recursion): a chain of thousands of nodes
  // must not overflow the compiler's call stack.
  type Frame = { n: LNode; inLoop: boolean; exit: boolean };
  const walk = (start: LNode): void => {
    const stack: Frame[] = [{ n: start, inLoop: false, exit: false }];
    while (stack.length > 0) {
      const { n, inLoop, exit } = stack.pop()!;
      if (exit) {
        onPath.delete(n);
        continue;
      }
      if (onPath.has(n)) {
        r.add('EXEC_CYCLE', `execution wires loop back to node ${q(n.id)}; use While, ForEach or ForRange to repeat work`, { nodeId: n.id, path: at(n) });
        continue;
      }
      if (n.def.type === 'Break' && !inLoop) {
        r.add('BREAK_OUTSIDE_LOOP', `Break node ${q(n.id)} is not inside the body of a loop`, { nodeId: n.id, path: at(n) });
      }
      if (reached.has(n)) continue; // an exec input takes one wire, so this only happens in a cycle
      reached.add(n);
      onPath.add(n);
      stack.push({ n, inLoop, exit: true });
      const children: Frame[] = [];
      for (const [pin, next] of n.execTo) {
        const body = inLoop || (n.def.loopBodies?.includes(pin) ?? false);
        for (const m of next) children.push({ n: m, inLoop: body, exit: false });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  };
  if (g.trigger) walk(g.trigger);
  if (g.errorHandler) walk(g.errorHandler);
  for (const n of g.nodes) {
    if (!n.pure && !reached.has(n) && !n.def.editorOnly && n.def.trigger === undefined) {
      r.add(
        'UNREACHABLE_NODE',
        `node ${q(n.id)} (${n.def.type}) is not connected to the trigger by execution wires, so it never runs`,
        { nodeId: n.id, path: at(n) },
        'warning',
      );
    }
  }
  // Cycles among unreachable nodes are still mistakes worth naming.
  const seen = new Set<LNode>();
  for (const n of g.nodes) if (!n.pure && !reached.has(n) && n.def.trigger === undefined) walkDetached(n, r, seen, at);
  return reached;
}

function walkDetached(start: LNode, r: Reporter, seen: Set<LNode>, at: (n: LNode) => string): void {
  const onPath = new Set<LNode>();
  const stack: { n: LNode; exit: boolean }[] = [{ n: start, exit: false }];
  while (stack.length > 0) {
    const { n, exit } = stack.pop()!;
    if (exit) {
      onPath.delete(n);
      continue;
    }
    if (onPath.has(n)) {
      r.add('EXEC_CYCLE', `execution wires loop back to node ${q(n.id)}; use While, ForEach or ForRange to repeat work`, { nodeId: n.id, path: at(n) });
      continue;
    }
    if (seen.has(n)) continue;
    seen.add(n);
    onPath.add(n);
    stack.push({ n, exit: true });
    const children: LNode[] = [];
    for (const next of n.execTo.values()) for (const m of next) children.push(m);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ n: children[i]!, exit: false });
  }
}

/** `n => "/nodes/<index in the document>"`, for diagnostics about a whole node. */
export function nodePaths(g: LinkedGraph): (n: LNode) => string {
  let index: Map<unknown, number> | undefined;
  return (n) => {
    index ??= new Map(g.doc.nodes.map((d, i) => [d, i]));
    return `/nodes/${index.get(n.doc) ?? n.index}`;
  };
}

export function checkVariables(g: LinkedGraph, r: Reporter): void {
  const used = new Set<string>();
  for (const n of g.nodes) if (typeof n.config?.variable === 'string') used.add(n.config.variable);
  (g.doc.variables ?? []).forEach((v, i) => {
    if (!used.has(v.name)) r.add('UNUSED_VARIABLE', `variable ${q(v.name)} is declared but never used`, { path: `/variables/${i}` }, 'warning');
  });
}
