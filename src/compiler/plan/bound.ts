// How much work one execution of a plan can do, as a function of the size of its event — or nothing,
// when no such bound exists. The server runs plans whose bound for the event at hand is small on the
// request thread (no isolation cost) and every other plan in an isolated worker (docs/semantics.md,
// "Limits of an execution").
//
// A bound exists only for plans without waits or calls whose nodes all have a known size rule below,
// and whose loops grow nothing: inside a loop body a variable may only be set to a small fixed-size
// value (a number, a boolean…), so every value an iteration sees is no larger than in a single pass.
// The bound is then the work of one pass over every node (a loop body counted once): it bounds
// every single node call. How many iterations run is bounded by time instead: the synchronous
// attempt's loop guards give up after the sync budget and the execution moves to a worker.
// Sizes are upper bounds of JSON-like size in bytes, kept as `a·E + b` where E is the event's size,
// so that one analysis at compile time serves every request: the server checks
// `perByte·E + fixed` against its budget before each execution. Node types missing from the tables
// have no bound, so a new node is isolated until someone writes its rule here.
import type { Plan } from './plan.js';
import type { LNode } from '../graph.js';
import { NOT_CONST } from '../codegen/contexts.js';
import { TRIGGER_TYPES } from '../../pattern/trigger.js';

export interface WorkBound {
  perByte: number;
  fixed: number;
}

/** Output size rule of a pure node: `fixed` (a number, a boolean, a date, a hash: ≤ SMALL bytes), or a
 * multiple of the sum of its inputs' sizes. `time` weighs the work per input byte (sorting, parsing). */
type Rule = { out: 'fixed' | number; time?: number };

const SMALL = 128;
const fixed: Rule = { out: 'fixed' };
const part: Rule = { out: 1 };
const rule = (out: 'fixed' | number, time = 1): Rule => ({ out, time });

const PURE: Record<string, Rule> = Object.assign(Object.create(null) as Record<string, Rule>, {
  // Literals and plumbing
  MakeString: part,
  MakeInteger: fixed,
  MakeFloat: fixed,
  MakeBoolean: fixed,
  MakeDateTime: fixed,
  MakeArray: rule(2),
  MakeObject: rule(2),
  Reroute: part,
  Comment: fixed,
  GetVariable: part,
  GetSecret: rule('fixed'),
  GetEnvironment: rule('fixed'),
  // Math, comparison, logic: small outputs; deep equality reads its inputs once or twice
  Add: fixed,
  Subtract: fixed,
  Multiply: fixed,
  Divide: fixed,
  Modulo: fixed,
  Power: fixed,
  AbsoluteValue: fixed,
  Negate: fixed,
  Round: fixed,
  Floor: fixed,
  Ceil: fixed,
  Min: fixed,
  Max: fixed,
  Clamp: fixed,
  Lerp: fixed,
  MapRange: fixed,
  Random: fixed,
  RandomInteger: fixed,
  SquareRoot: fixed,
  Sin: fixed,
  Cos: fixed,
  Tan: fixed,
  Exp: fixed,
  NaturalLog: fixed,
  Equal: rule('fixed', 2),
  NotEqual: rule('fixed', 2),
  GreaterThan: fixed,
  LessThan: fixed,
  GreaterOrEqual: fixed,
  LessOrEqual: fixed,
  InRange: fixed,
  IsNull: fixed,
  IsType: fixed,
  Contains: rule('fixed', 2),
  And: fixed,
  Or: fixed,
  Not: fixed,
  Xor: fixed,
  Nand: fixed,
  Select: part,
  Coalesce: part,
  // Strings (case mapping can lengthen: "ß" → "SS")
  Concat: part,
  ToUpper: rule(3),
  ToLower: rule(3),
  StringLength: fixed,
  Split: rule(16, 2),
  SplitLines: rule(16, 2),
  Substring: part,
  Trim: part,
  StartsWith: fixed,
  EndsWith: fixed,
  IndexOf: rule('fixed', 2),
  Slugify: rule(3, 2),
  TruncateString: rule(1),
  CountOccurrences: rule('fixed', 2),
  // Arrays and objects (rearrangements of their inputs; some add structure)
  ArrayLength: fixed,
  GetItem: part,
  First: part,
  Last: part,
  Slice: part,
  ArrayConcat: part,
  IndexOfItem: rule('fixed', 2),
  Reverse: part,
  Unique: rule(1, 4),
  Flatten: part,
  Chunk: rule(2),
  Map: rule(1, 2),
  Filter: rule(1, 2),
  Find: rule(1, 2),
  Sort: rule(1, 24),
  Reduce: rule(1, 2),
  GroupBy: rule(2, 4),
  Take: part,
  Skip: part,
  Zip: rule(2),
  Shuffle: rule(1, 2),
  ArrayIsEmpty: fixed,
  GetProperty: part,
  SetProperty: rule(1, 2),
  HasProperty: fixed,
  DeleteProperty: rule(1, 2),
  Merge: rule(1, 2),
  Keys: part,
  Values: part,
  Entries: rule(3),
  FromEntries: rule(1, 2),
  PickProperties: part,
  OmitProperties: part,
  ObjectSize: fixed,
  // Formats, conversions, dates, encodings
  ParseJSON: rule(16, 4),
  ParseCSV: rule(16, 8),
  ToCSV: rule(3, 2),
  ParseXML: rule(16, 24),
  ParseQueryString: rule(3, 2),
  BuildQueryString: rule(9, 2),
  ParseURL: rule(3, 2),
  ToString: rule(6, 2),
  ToInteger: fixed,
  ToFloat: fixed,
  ToBoolean: fixed,
  ToArray: part,
  TypeOf: fixed,
  ToDateTime: fixed,
  ParseNumber: fixed,
  Now: fixed,
  FormatDate: rule(4, 2),
  ParseDate: fixed,
  AddDuration: fixed,
  DateDiff: fixed,
  StartOf: fixed,
  EndOf: fixed,
  ToUnixTime: fixed,
  FromUnixTime: fixed,
  DayOfWeek: fixed,
  IsBefore: fixed,
  DateParts: fixed,
  Base64Encode: rule(2),
  Base64Decode: part,
  URLEncode: rule(9),
  URLDecode: part,
  Hash: rule('fixed', 4),
  HMAC: rule('fixed', 4),
  UUID: fixed,
  HexEncode: rule(2),
  HexDecode: part,
  SecureCompare: rule('fixed', 2),
  BuildURL: rule(9, 2),
  BuildHeaders: rule(2),
  ParseResponse: rule(16, 4),
  // Not here, so never bounded: Range, Repeat, PadStart, PadEnd, RandomString (outputs sized by a
  // number), Replace, Format, Join, RegexReplace (an input repeated per match), RegexMatch (slow per
  // character), StringifyJSON (pretty printing grows with depth), FormData.
});

/** Impure nodes whose work is linear in their inputs. Retry, Delay, HTTPRequest and CallPattern are
 * missing (they wait, or start other executions): with them a plan has no bound. */
const IMPURE = new Set([
  ...TRIGGER_TYPES,
  'OnError',
  'Branch',
  'Switch',
  'Sequence',
  'Gate',
  'TryCatch',
  'ThrowError',
  'Stop',
  'RespondWith',
  'RespondToWebhook',
  'Log',
  'Assert',
  'SetVariable',
  'IncrementVariable',
  'AppendToArray',
  'AppendToString',
  'ForEach',
  'ForRange',
  'While',
  'Break',
]);
/** Loop nodes and the exec output that is their body. */
const LOOP_BODY: Record<string, string> = { ForEach: 'body', ForRange: 'body', While: 'body' };

/** a·E + b. */
type Size = [number, number];
const add = (x: Size, y: Size): Size => [x[0] + y[0], x[1] + y[1]];
const scale = (x: Size, k: number): Size => [x[0] * k, x[1] * k];
const max = (x: Size, y: Size): Size => [Math.max(x[0], y[0]), Math.max(x[1], y[1])];
const ZERO: Size = [0, 0];
/** Past this the bound is useless anyway (no request is that small): stop counting. */
const HUGE = 1e15;

const jsonSize = (v: unknown): number => {
  try {
    return (JSON.stringify(v) ?? '').length;
  } catch {
    return HUGE;
  }
};

export function workBound(plan: Plan): WorkBound | undefined {
  try {
    return bound(plan);
  } catch (e) {
    // Pure expressions nested thousands deep: no bound (the plan runs isolated), not a failed compile.
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

function bound(plan: Plan): WorkBound | undefined {
  if (plan.async) return undefined;
  const reachable = [...plan.reachable];
  if (reachable.some((n) => !n.pure && !IMPURE.has(n.def.type))) return undefined;
  const g = plan.graph;
  const variables = new Map<string, Size>();
  for (const v of g.doc.variables ?? []) variables.set(v.name, [0, jsonSize(v.default)]);
  /** Outputs of impure nodes that have run (in the order visited): an upper bound of any value. */
  const impureOut = new Map<LNode, Size>();
  let work: Size = ZERO;
  let bounded = true;

  // The size of a data input of `n`, evaluating the pure nodes behind it (each at most once per
  // impure evaluation, as generated code does) and adding their work to `work`.
  const evaluate = (n: LNode): Size => {
    const seen = new Map<LNode, Size>();
    const outOf = (m: LNode): Size => {
      const hit = seen.get(m);
      if (hit) return hit;
      if (!m.pure) return impureOut.get(m) ?? [0, SMALL];
      seen.set(m, [HUGE, HUGE]); // a cycle cannot happen (DATA_CYCLE), but never loop
      const r = PURE[m.def.type];
      if (!r) {
        bounded = false;
        return [HUGE, HUGE];
      }
      let inSize: Size = ZERO;
      for (const p of m.inputs) inSize = add(inSize, inputOf(m, p));
      const varSize = m.def.type === 'GetVariable' ? (variables.get(String(m.config?.variable)) ?? [0, SMALL]) : ZERO;
      const out: Size = r.out === 'fixed' ? [0, SMALL] : add(scale(add(inSize, varSize), r.out), [0, SMALL]);
      work = add(work, add(scale(inSize, r.time ?? 1), out));
      seen.set(m, out);
      return out;
    };
    const inputOf = (m: LNode, p: LNode['inputs'][number]): Size => {
      const src = m.wiredFrom.get(p.id);
      if (!src) {
        const c = plan.inputConst(m, p);
        return [0, c === NOT_CONST ? SMALL : jsonSize(c)];
      }
      if (src.node.pure) {
        const c = plan.constOf(src.node, src.pin);
        if (c !== NOT_CONST) return [0, jsonSize(c)];
      }
      return outOf(src.node);
    };
    let total: Size = ZERO;
    for (const p of n.inputs) total = add(total, inputOf(n, p));
    return total;
  };

  // Impure nodes in exec order (depth first from the trigger, then the error flow): every node is
  // visited after everything that can run before it, and sibling branches as if both ran.
  const visited = new Set<LNode>();
  const visitOne = (n: LNode, inLoop: boolean, next: [LNode, boolean][]): void => {
    if (visited.has(n)) return;
    visited.add(n);
    const inputs = evaluate(n);
    work = add(work, inputs);
    const t = n.def.type;
    if (n === g.trigger) impureOut.set(n, [1, 0]); // every field of the event is at most the event
    else impureOut.set(n, add(inputs, [0, SMALL]));
    const name = String(n.config?.variable);
    if (inLoop && (t === 'AppendToArray' || t === 'AppendToString' || (t === 'SetVariable' && !fixedSource(n)))) bounded = false;
    if (t === 'SetVariable') variables.set(name, max(variables.get(name) ?? ZERO, inputs));
    if (t === 'AppendToArray' || t === 'AppendToString') variables.set(name, add(variables.get(name) ?? ZERO, add(inputs, [0, SMALL])));
    for (const [pin, to] of n.execTo) for (const m of to) next.push([m, inLoop || LOOP_BODY[t] === pin]);
  };
  // Depth first without recursion (exec chains may be thousands of nodes long).
  const visit = (root: LNode, inLoop: boolean): void => {
    const stack: [LNode, boolean][] = [[root, inLoop]];
    while (stack.length > 0) {
      const [n, loop] = stack.pop()!;
      const next: [LNode, boolean][] = [];
      visitOne(n, loop, next);
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    }
  };
  /** A SetVariable whose value cannot grow: a constant, or the output of a fixed-size node. */
  const fixedSource = (n: LNode): boolean => {
    const p = n.inputs.find((i) => i.id === 'value');
    const src = p ? n.wiredFrom.get(p.id) : undefined;
    return !src || (src.node.pure && PURE[src.node.def.type]?.out === 'fixed');
  };
  if (g.trigger) visit(g.trigger, false);
  if (g.errorHandler) visit(g.errorHandler, false);
  if (!bounded) return undefined;
  const [perByte, fixedWork] = work;
  if (!(perByte < HUGE && fixedWork < HUGE)) return undefined;
  return { perByte: Math.ceil(perByte), fixed: Math.ceil(fixedWork) };
}
