// Pure nodes inside one evaluation of an impure node's inputs (SPEC §3): each computed once, in
// dependency order; a trivial one used once is inlined into its consumer's expression, anything else
// goes to a `const`. Constant-folded values and defaults become literals.
import { Code, Name, _, join, nil, prop } from './code.js';
import { NOT_CONST, type InlineContext } from './contexts.js';
import type { Plan } from '../plan/plan.js';
import type { LNode } from '../graph.js';
import type { PinSpec } from '../../nodes/define.js';
import { typeOfValue, type PinType } from '../../pattern/types.js';

const AT = new Code('$at');

/** Nodes whose results are kept on the tape (runtime/tape.ts): non-deterministic or waiting on the
 * world (HTTPRequest, CallPattern, Delay: a replay neither calls nor waits), and not a read of the
 * execution's own state (variables, secrets, environment: those are `inline`) nor control flow. */
export const isTaped = (n: LNode): boolean => (!n.def.deterministic || n.def.async) && !n.def.inline && !n.def.emit;

/** What an evaluation needs from the generator. */
export interface PureHost {
  readonly plan: Plan;
  constant(value: unknown): Code;
  convert(value: Code, from: PinType, to: PinType, k: number, pin: string, options?: readonly string[], mayBeNull?: boolean): Code;
  out(n: LNode, pin: string): Name;
  /** The output holds a value here (set by an enclosing loop): no null check needed. */
  isSet(n: LNode, pin: string): boolean;
  impl(n: LNode): Name;
  inlineContext(n: LNode, args: Code[], consts: unknown[], output: string): InlineContext;
  newName(prefix: string): Name;
  /** Generating the inspection variant (every node run recorded). */
  readonly inspect: boolean;
  taped(n: LNode, args: readonly Code[]): Code;
  begin(n: LNode, inputs: readonly Code[]): Code;
  end(n: LNode, result: Code): Code;
  folded(n: LNode, seen: Set<number>): Code;
}

/** How often each pure (node, pin) is read within the evaluation of `specs` of node `n`. */
export function countUses(n: LNode, specs: readonly PinSpec[], plan: Plan): Map<string, number> {
  const uses = new Map<string, number>();
  const visited = new Set<number>();
  const count = (m: LNode, pins: readonly PinSpec[]) => {
    for (const p of pins) {
      const src = m.wiredFrom.get(p.id);
      if (!src || !src.node.pure || plan.constOf(src.node, src.pin) !== NOT_CONST) continue;
      const key = `${src.node.index}:${src.pin}`;
      uses.set(key, (uses.get(key) ?? 0) + 1);
      if (!visited.has(src.node.index)) {
        visited.add(src.node.index);
        count(src.node, src.node.inputs);
      }
    }
  };
  count(n, specs);
  return uses;
}

/** One evaluation of some inputs: pure nodes computed once each, in dependency order. */
export class PureEvaluation {
  readonly stmts: Code[] = [];
  private readonly memo = new Map<string, Code>();
  /** Folded pure nodes already recorded in this evaluation (inspection variant). */
  readonly foldedSeen = new Set<number>();
  constructor(
    private readonly g: PureHost,
    private readonly uses: Map<string, number>,
  ) {}

  input(n: LNode, p: PinSpec): Code {
    const plan = this.g.plan;
    const src = n.wiredFrom.get(p.id);
    const k = n.index;
    if (!src) {
      const v = plan.inputConst(n, p);
      if (v !== NOT_CONST) return this.g.constant(v);
      const given = n.doc.defaults && Object.hasOwn(n.doc.defaults, p.id) ? n.doc.defaults[p.id] : p.default;
      return this.g.convert(this.g.constant(given), typeOfValue(given), p.type, k, p.id, p.options);
    }
    if (src.node.pure) {
      const folded = plan.constOf(src.node, src.pin);
      if (folded !== NOT_CONST) {
        this.stmts.push(this.g.folded(src.node, this.foldedSeen));
        const v = plan.inputConst(n, p);
        if (v !== NOT_CONST) return this.g.constant(v);
        return this.g.convert(this.g.constant(folded), src.type, p.type, k, p.id, p.options);
      }
      return this.g.convert(this.pure(src.node, src.pin), src.type, p.type, k, p.id, p.options);
    }
    return this.g.convert(this.g.out(src.node, src.pin), src.type, p.type, k, p.id, p.options, !this.g.isSet(src.node, src.pin));
  }

  private pure(n: LNode, pin: string): Code {
    const key = `${n.index}:${pin}`;
    const hit = this.memo.get(key) ?? this.memo.get(`${n.index}:*`);
    if (hit) return this.memo.has(key) ? hit : prop(hit, pin);
    const plan = this.g.plan;
    const args = n.inputs.map((p) => this.input(n, p));
    const consts = n.inputs.map((p) => plan.inputConst(n, p));
    const inline = n.def.inline?.(this.g.inlineContext(n, args, consts, pin));
    const at = n.def.safe ? nil : _`${AT} = ${n.index}; `;
    const taped = isTaped(n);
    if (taped || this.g.inspect) {
      // A name of its own: a tape read (non-deterministic nodes), and an inspection record.
      const t = this.g.newName('t');
      // Inspecting a node with several outputs: its implementation, which gives them all at once.
      const whole = !inline || (this.g.inspect && n.outputs.length > 1 && (n.def.make !== undefined || n.def.eval !== undefined));
      const call = taped ? this.g.taped(n, args) : whole ? _`${this.g.impl(n)}(${join(args)})` : inline!;
      this.stmts.push(this.g.begin(n, args));
      this.stmts.push(_`${at}const ${t} = ${call};`);
      this.stmts.push(this.g.end(n, t));
      if (!whole || n.outputs.length === 1) {
        this.memo.set(key, t);
        return t;
      }
      this.memo.set(`${n.index}:*`, t);
      return prop(t, pin);
    }
    if (inline) {
      if (n.def.safe && (this.uses.get(key) ?? 0) <= 1) return inline;
      const t = this.g.newName('t');
      this.stmts.push(_`${at}const ${t} = ${inline};`);
      this.memo.set(key, t);
      return t;
    }
    const t = this.g.newName('t');
    this.stmts.push(_`${at}const ${t} = ${this.g.impl(n)}(${join(args)});`);
    if (n.outputs.length === 1) {
      this.memo.set(key, t);
      return t;
    }
    this.memo.set(`${n.index}:*`, t);
    return prop(t, pin);
  }
}
