// What a node definition sees while the compiler generates its code (see src/nodes/define.ts).
import type { Code, Name } from './code.js';
import type { NodeInfo } from '../../nodes/define.js';
import type { PinType } from '../../pattern/types.js';
import type { RuntimeHelpers } from '../../runtime/helpers.js';

/** Marker for an input whose value is not known at compile time. */
export const NOT_CONST: unique symbol = Symbol('not-const');

interface Common {
  readonly node: NodeInfo;
  /** The node's config with schema defaults applied. */
  readonly config: any;
  /** Pass any value by reference: the code reads it from the plan's constant table. */
  ref(value: unknown): Code;
  /** A runtime helper (src/runtime/helpers.ts) by name. */
  rt(helper: keyof RuntimeHelpers): Code;
  /** This node's implementation function (`make(config, node)`, else `eval`/`run`). */
  impl(): Code;
  /** A function `(value) => own property "key" of value, or null`, specialised for this one
   * constant key so the engine sees a single property name there (much faster than a generic
   * lookup). Inherited properties are never returned. */
  keyReader(key: string): Code;
}

/** For `inline`: turn one output of a pure node into a JS expression over its input expressions. */
export interface InlineContext extends Common {
  /** Input expressions in pin order, already converted to the pins' types. */
  readonly args: readonly Code[];
  /** Compile-time value of each input, or NOT_CONST. */
  readonly consts: readonly unknown[];
  /** The output pin being asked for. */
  readonly output: string;
  /** The running execution's context object (for nodes that read secrets or the environment). */
  readonly ctx: Code;
  /** Local of a declared pattern variable (GetVariable reads it afresh every evaluation). */
  variable(name: string): Name;
}

export interface EvaluatedInputs {
  /** Statements that compute the inputs (pure nodes afresh, shared sub-expressions once). */
  code: Code;
  /** One expression per input pin id, valid after `code`. */
  values: Record<string, Code>;
}

/** For `emit`: control-flow nodes write their own code (Branch, ForEach, TryCatch, …). */
export interface EmitContext extends Common {
  /** True when generating the asynchronous variant (awaits allowed). */
  readonly async: boolean;
  /** `await ` in the asynchronous variant, nothing in the synchronous one. */
  readonly await: Code;
  /** The execution context (`ctx`) and the trigger event (`event`) of the running execution. */
  readonly ctx: Code;
  readonly event: Code;
  /** `$at = k;` so that an error thrown next is attributed to this node. */
  at(): Code;
  /** Evaluate input pins (all when `pins` is omitted). Call again to evaluate afresh (loops). */
  inputs(pins?: readonly string[]): EvaluatedInputs;
  /** The code of everything wired to one of this node's exec outputs (in wire order), to nest
   * inside this node's code (a branch, a loop body). `set`: this node's outputs that always hold a
   * value there (a loop's index in its body), read without a null check. */
  exec(pin: string, set?: readonly string[]): Code;
  /** What is wired to `pin` runs right after this node's code, at the same level (`then`,
   * `completed`). Preferred over `exec` for continuations: long chains then need no recursion. */
  follow(pin: string): void;
  hasExec(pin: string): boolean;
  /** Assignable local holding one of this node's data outputs. */
  out(pin: string): Code;
  /** Whether any node reads this data output (so code computing only it can be left out). */
  reads(pin: string): boolean;
  /** A fresh local name. */
  name(prefix: string): Name;
  /** Generates a user-visible loop: `body(label)` is emitted with `Break` bound to `label`. */
  loop(body: (label: Name) => Code): Code;
  /** The label of the innermost enclosing user loop, if any (for Break). */
  breakLabel(): Name | undefined;
  /** A user loop with its deadline guard (checks the deadline, and yields to the event loop in
   * async code, between chunks of iterations): `init` once; each iteration runs `head`, checks
   * `cond` (the loop ends when false), runs `body`, then `step`. `label` (from `loop`) is the
   * outer loop's: `break label` leaves it. */
  guardedLoop(label: Name, parts: { init?: Code; head?: Code; cond: Code; body: Code; step?: Code }): Code;
  /** Local of a declared pattern variable, and its type. */
  variable(name: string): { name: Name; type: PinType };
  /** Code converting `value` to `type` at run time, attributed to this node and `pin`. */
  convert(value: Code, type: PinType, pin: string, options?: readonly string[]): Code;
  /** A record of this node's outputs in the execution log. */
  trace(output?: Code): Code;
}
