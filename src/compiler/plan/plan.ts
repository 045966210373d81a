// Graph → plan: what the code generator needs beyond the linked graph. Decides whether the plan must
// be asynchronous, and folds pure nodes whose inputs are all constants into constants.
import type { LinkedGraph, LNode } from '../graph.js';
import type { PinSpec } from '../../nodes/define.js';
import { convert, type PinType } from '../../pattern/types.js';
import { NOT_CONST } from '../codegen/contexts.js';

export interface Plan {
  graph: LinkedGraph;
  reachable: Set<LNode>;
  /** True when an asynchronous node (HTTP, Delay, CallPattern, Retry…) can run. */
  async: boolean;
  /** Compile-time value of a pure node's output, or NOT_CONST. */
  constOf(node: LNode, pin: string): unknown;
  /** Compile-time value of an input pin (default or folded wire), or NOT_CONST. */
  inputConst(node: LNode, pin: PinSpec): unknown;
}

const MAX_FOLDED_JSON = 10_000; // folded values larger than this stay computed at run time

export function makePlan(graph: LinkedGraph, reachable: Set<LNode>): Plan {
  const isAsync = [...reachable].some((n) => n.def.async);
  const folded = new Map<LNode, Record<string, unknown> | typeof NOT_CONST>();

  const inputConst = (n: LNode, pin: PinSpec): unknown => {
    const src = n.wiredFrom.get(pin.id);
    if (src) {
      if (!src.node.pure) return NOT_CONST;
      const v = constOf(src.node, src.pin);
      if (v === NOT_CONST) return NOT_CONST;
      return tryConvert(v, pin.type, pin.options);
    }
    const given = n.doc.defaults;
    const raw = given && Object.hasOwn(given, pin.id) ? given[pin.id] : pin.default;
    // A pin whose definition default is null (CallPattern inputs, RespondWith outputs) is optional
    // in the sense "not given": it passes null whatever its type instead of failing to convert it.
    if (raw === null && pin.default === null) return null;
    return tryConvert(raw === undefined ? null : raw, pin.type, pin.options);
  };

  const constOf = (n: LNode, pin: string): unknown => {
    let r = folded.get(n);
    if (r === undefined) {
      folded.set(n, NOT_CONST); // also breaks any cycle
      r = fold(n);
      folded.set(n, r);
    }
    return r === NOT_CONST ? NOT_CONST : r[pin];
  };

  const fold = (n: LNode): Record<string, unknown> | typeof NOT_CONST => {
    if (!n.pure || !n.def.deterministic || n.def.editorOnly) return NOT_CONST;
    const fn = n.def.make ? undefined : n.def.eval;
    if (!fn) return NOT_CONST;
    const args: unknown[] = [];
    for (const p of n.inputs) {
      const v = inputConst(n, p);
      if (v === NOT_CONST) return NOT_CONST;
      args.push(v);
    }
    try {
      const v = fn(...args);
      if (v instanceof Promise) return NOT_CONST;
      const out = n.outputs.length === 1 ? { [n.outputs[0]!.id]: v } : (v as Record<string, unknown>);
      if ((JSON.stringify(out) ?? '').length > MAX_FOLDED_JSON) return NOT_CONST;
      return out;
    } catch {
      return NOT_CONST; // let it fail at run time, where the error is attributed and catchable
    }
  };

  return { graph, reachable, async: isAsync, constOf, inputConst };
}

function tryConvert(v: unknown, type: PinType, options?: readonly string[]): unknown {
  try {
    return convert(v, type, options);
  } catch {
    return NOT_CONST;
  }
}
