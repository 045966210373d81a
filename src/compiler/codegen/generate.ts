// Plan → JavaScript source. Exec chains become straight-line statements, loops real JS loops, pure
// nodes inline expressions (shared sub-expressions computed once per evaluation), constants folded.
// Every piece of code is built with `_` (code.ts); document values travel as literals or via `$c`.
import { Code, Name, _, join, lines, literal, nil, prop } from './code.js';
import { Scope } from './scope.js';
import { type EmitContext, type EvaluatedInputs, type InlineContext } from './contexts.js';
import { PureEvaluation, countUses, isTaped } from './pure.js';
import { NOT_CONST } from './contexts.js';
import type { Plan } from '../plan/plan.js';
import type { LNode } from '../graph.js';
import { conversionFor, convert, type PinType } from '../../pattern/types.js';
import type { RuntimeHelpers } from '../../runtime/helpers.js';
import { GUARD_START } from '../../runtime/context.js';

export interface GenerateOptions {
  async: boolean;
  trace: boolean;
  /** The inspection variant: records every node run's values in `ctx.inspector` (never live). */
  inspect?: boolean;
}

export interface Generated {
  /** Body of `new Function('$rt', '$c', '$i', source)`, which returns the run function. */
  source: string;
  consts: unknown[];
  /** Implementation functions by node index (sparse). */
  impls: ((...a: any[]) => unknown)[];
}

const CTX = new Code('ctx');
const EVENT = new Code('event');
const AT = new Code('$at');
const GUARD = new Code('$g');
const TRACE = new Code('$T');
const CONSTS = new Code('$c');
const IMPLS = new Code('$i');
const RT = new Code('$rt');
const INSPECT = new Code('$I');

const CONVERTERS: Partial<Record<PinType, keyof RuntimeHelpers>> = {
  Float: 'cf',
  Integer: 'ci',
  Boolean: 'cb',
  String: 'cs',
  DateTime: 'cd',
  Object: 'co',
  Array: 'ca',
  Binary: 'cbin',
};
const NULL_CONVERTERS: Partial<Record<PinType, keyof RuntimeHelpers>> = { Float: 'cf', Integer: 'ci', Boolean: 'cb', String: 'cs' };
const TYPEOF_FAST: Partial<Record<PinType, string>> = { Float: 'number', String: 'string', Boolean: 'boolean' };

/** `(o) => own property key of o, or null`. A plain load is safe when no prototype of a value we can
 * meet (objects, arrays, binary) has the key and it is not an array index; otherwise the generic
 * own-property lookup `getKey` is used. */
export function keyReaderCode(key: string, getKey: () => Code): Code {
  const inherited = key in Object.prototype || key in Array.prototype || key in Uint8Array.prototype || /^(0|[1-9]\d*)$/.test(key);
  return inherited ? _`(o) => ${getKey()}(o, ${key})` : _`(o) => (o !== null && typeof o === "object" ? o[${key}] ?? null : null)`;
}

export function generate(plan: Plan, opts: GenerateOptions): Generated {
  return new Generator(plan, opts).run();
}

class Generator {
  private readonly scope = new Scope();
  private readonly consts: unknown[] = [];
  private readonly constIdx = new Map<unknown, number>();
  private readonly impls: ((...a: any[]) => unknown)[] = [];
  private readonly implNames = new Map<number, Name>();
  private readonly helperNames = new Map<string, Name>();
  private readonly outLocals = new Map<string, Name>();
  private readonly varLocals = new Map<string, { name: Name; type: PinType; init: Code }>();
  private readonly loops: Name[] = [];

  constructor(
    readonly plan: Plan,
    private readonly opts: GenerateOptions,
  ) {}

  run(): Generated {
    const g = this.plan.graph;
    for (const v of g.doc.variables ?? []) {
      this.varLocals.set(v.name, { name: this.scope.name('v'), type: v.type, init: this.variableInit(v.type, v.default) });
    }
    const main = g.trigger ? this.chain([g.trigger]) : nil;
    let handler: Code = nil;
    if (g.errorHandler) {
      const errLocal = this.out(g.errorHandler, 'error');
      handler = _`${errLocal} = $err;
try {
${this.chain([g.errorHandler])}
} catch ($e2) {
if (ctx.isFatal($e2)) throw $e2;
ctx.fail($e2, $at);
}`;
    }
    const decls: Code[] = [];
    for (const [name, helper] of this.helperNames) decls.push(_`const ${helper} = ${RT}.${new Code(name)};`);
    for (const [k, name] of this.implNames) decls.push(_`const ${name} = ${IMPLS}[${k}];`);
    decls.push(...this.keyReaderDecls);
    const vars = [...this.varLocals.values()].map((v) => _`let ${v.name} = ${v.init};`);
    const outs = [...this.outLocals.values()];
    const fn = this.opts.async ? new Code('async function') : new Code('function');
    const source = lines([
      new Code('"use strict";'),
      ...decls,
      _`return ${fn} run(ctx, event) {`,
      _`const ${TRACE} = ctx.trace;`,
      this.opts.inspect ? _`const ${INSPECT} = ctx.inspector;` : nil,
      _`let ${AT} = -1, ${GUARD} = ${GUARD_START};`,
      ...vars,
      outs.length > 0 ? _`let ${join(outs.map((o) => _`${o} = null`))};` : nil,
      new Code('try {'),
      main,
      new Code('} catch ($e) {'),
      new Code('if (ctx.isFatal($e)) throw $e;'),
      new Code('const $err = ctx.fail($e, $at);'),
      handler,
      new Code('}'),
      new Code('};'),
    ]).text;
    return { source, consts: this.consts, impls: this.impls };
  }

  // ── building blocks ────────────────────────────────────────────────────────────────────────────

  ref(value: unknown): Code {
    let i = this.constIdx.get(value);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push(value);
      if (value !== null && typeof value === 'object') this.constIdx.set(value, i);
    }
    return _`${CONSTS}[${i}]`;
  }

  constant(value: unknown): Code {
    if (value === null || value === undefined) return literal(null);
    if (typeof value === 'number' || typeof value === 'boolean') return literal(value);
    if (typeof value === 'string' && value.length <= 200) return literal(value);
    return this.ref(value);
  }

  private readonly keyReaders = new Map<string, Name>();
  private readonly keyReaderDecls: Code[] = [];

  keyReader(key: string): Name {
    let name = this.keyReaders.get(key);
    if (name) return name;
    name = this.scope.name('$p');
    this.keyReaders.set(key, name);
    this.keyReaderDecls.push(_`const ${name} = ${keyReaderCode(key, () => this.helper('getKey'))};`);
    return name;
  }

  /** One run of node k in the log: counted always, recorded while the log is open. */
  traceRun(k: number, event: 'start' | 'finish', output: Code): Code {
    return _`${TRACE}.c[${k}]++; if (${TRACE}.open) ${TRACE}.event(${k}, ${event}, ${output});`;
  }

  helper(name: keyof RuntimeHelpers): Name {
    let n = this.helperNames.get(name);
    if (!n) this.helperNames.set(name, (n = this.scope.name('$h')));
    return n;
  }

  impl(n: LNode): Name {
    let name = this.implNames.get(n.index);
    if (!name) {
      const info = { id: n.id, name: n.name, index: n.index, inputs: n.inputs, outputs: n.outputs };
      const f = n.def.make ? n.def.make(n.config, info) : (n.def.eval ?? n.def.run);
      if (!f) throw new Error(`codegen: node type ${n.def.type} has no implementation`);
      this.impls[n.index] = f;
      this.implNames.set(n.index, (name = this.scope.name('$f')));
    }
    return name;
  }

  out(n: LNode, pin: string): Name {
    const key = `${n.index}:${pin}`;
    let name = this.outLocals.get(key);
    if (!name) this.outLocals.set(key, (name = this.scope.name('o')));
    return name;
  }

  variableInit(type: PinType, value: unknown): Code {
    let v = value;
    if (v === undefined) {
      v =
        type === 'Float' || type === 'Integer'
          ? 0
          : type === 'String'
            ? ''
            : type === 'Boolean'
              ? false
              : type === 'Array'
                ? []
                : type === 'Object'
                  ? {}
                  : null;
    } else {
      try {
        v = convert(v, type);
      } catch {
        /* parse() already reported it */
      }
    }
    if (v !== null && typeof v === 'object') return _`${this.helper('clone')}(${this.ref(v)})`;
    return this.constant(v);
  }

  /** Code that converts `value` (of static type `from`) for an input pin of node `k`. `nullable`:
   * the value may be null whatever its type (an impure node's output before its first run, an input
   * a caller did not give), so a scalar pin still gets null's conversion ("" / false / an error). */
  convert(value: Code, from: PinType, to: PinType, k: number, pin: string, options?: readonly string[], nullable = false): Code {
    if (nullable && value instanceof Name) {
      const plain = this.convert(value, from, to, k, pin, options);
      const conv = plain === value ? NULL_CONVERTERS[to] : undefined;
      return conv ? _`(${value} !== null ? ${value} : ${this.helper(conv)}(null, ${k}, ${pin}))` : plain;
    }
    if ((from === 'Integer' && to === 'Float') || ((from === 'DateTime' || from === 'Enum') && to === 'String')) return value;
    const need = conversionFor(from, to, options);
    if (!need) return value;
    if (need === 'Enum')
      return options ? _`${this.helper('ce')}(${value}, ${this.ref(options)}, ${k}, ${pin})` : _`${this.helper('cs')}(${value}, ${k}, ${pin})`;
    const conv = CONVERTERS[need];
    if (!conv) return value;
    const fast = TYPEOF_FAST[need];
    if (fast && value instanceof Name) return _`(typeof ${value} === ${fast} ? ${value} : ${this.helper(conv)}(${value}, ${k}, ${pin}))`;
    return _`${this.helper(conv)}(${value}, ${k}, ${pin})`;
  }

  // ── pure evaluation ────────────────────────────────────────────────────────────────────────────

  /** Statements + expressions for some inputs of node `n`, evaluating pure sub-graphs afresh. */
  inputs(n: LNode, pins?: readonly string[], record = false): EvaluatedInputs {
    const specs = pins ? n.inputs.filter((p) => pins.includes(p.id)) : n.inputs;
    const ev = new PureEvaluation(this, countUses(n, specs, this.plan));
    // Pin ids are document text (MakeObject keys, interface names): no prototype, so "__proto__" is a key.
    const values: Record<string, Code> = Object.create(null);
    for (const p of specs) values[p.id] = ev.input(n, p);
    // A control-flow node's inputs, recorded into its open run when inspecting.
    if (record && this.inspect && specs.length > 0)
      ev.stmts.push(_`${INSPECT}.in(${n.index}, ${this.ref(specs.map((p) => p.id))}, [${join(specs.map((p) => values[p.id]!))}]);`);
    return { code: lines(ev.stmts), values };
  }

  get inspect(): boolean {
    return this.opts.inspect === true;
  }

  /** The inspection record of a control-flow node's outputs, as its locals hold them now. */
  outputsRecord(n: LNode): Code {
    const read = n.outputs.filter((p) => n.readOutputs.has(p.id));
    return read.length === 0 ? nil : _`${INSPECT}.o(${n.index}, ${this.ref(read.map((p) => p.id))}, [${join(read.map((p) => this.out(n, p.id)))}]);`;
  }

  /** The call of a node on the tape (kept with its result or error, or played back in a replay). */
  taped(n: LNode, args: readonly Code[], awaits = false): Code {
    return awaits ? _`(await ctx.tapeAsync(${n.index}, ${this.impl(n)}, [${join(args)}]))` : _`ctx.tapeSync(${n.index}, ${this.impl(n)}, [${join(args)}])`;
  }

  /** The inspection records of a pure or action node's run: its inputs before, its result after. */
  begin(n: LNode, inputs: readonly Code[]): Code {
    return this.inspect ? _`${INSPECT}.b(${n.index}, [${join(inputs)}]);` : nil;
  }
  end(n: LNode, result: Code): Code {
    return this.inspect ? _`${INSPECT}.e(${n.index}, ${result});` : nil;
  }
  /** A pure node folded into a constant at compile time ran all the same: its record, with its
   * inputs and outputs as constants (and those of the folded nodes that fed it). */
  folded(n: LNode, seen: Set<number>): Code {
    if (!this.inspect || seen.has(n.index)) return nil;
    seen.add(n.index);
    const before: Code[] = [];
    const inputs = n.inputs.map((p) => {
      const src = n.wiredFrom.get(p.id);
      if (src?.node.pure) before.push(this.folded(src.node, seen));
      const v = this.plan.inputConst(n, p);
      return this.constant(v === NOT_CONST ? null : v);
    });
    const outputs = n.outputs.map((p) => {
      const v = this.plan.constOf(n, p.id);
      return this.constant(v === NOT_CONST ? null : v);
    });
    return lines([...before, _`${INSPECT}.r(${n.index}, [${join(inputs)}], ${n.outputs.length === 1 ? outputs[0]! : _`[${join(outputs)}]`}, true);`]);
  }

  // ── impure nodes ───────────────────────────────────────────────────────────────────────────────

  /** Emits the nodes wired to an exec output and everything after them. Continuations (`follow`)
   * are emitted iteratively at the same level, so recursion depth is the nesting depth of the code,
   * not the length of the chain. */
  exec(n: LNode, pin: string, set: readonly string[] = []): Code {
    const added = set.map((o) => `${n.index}:${o}`).filter((k) => !this.setOutputs.has(k));
    for (const k of added) this.setOutputs.add(k);
    try {
      return this.chain(n.execTo.get(pin) ?? []);
    } finally {
      for (const k of added) this.setOutputs.delete(k);
    }
  }

  /** Outputs known to hold a value (never null) where code is being generated: a loop's index in
   * its body. Reading them needs no null check, which also keeps hot loops fast: V8 slows a whole
   * loop that holds a never-taken call to a conversion helper (bench/README.md, loop). */
  private readonly setOutputs = new Set<string>();
  isSet(n: LNode, pin: string): boolean {
    return this.setOutputs.has(`${n.index}:${pin}`);
  }

  private chain(start: readonly LNode[]): Code {
    const out: Code[] = [];
    const stack = [...start].reverse();
    while (stack.length > 0) {
      const m = stack.pop()!;
      const { code, next } = this.node(m);
      out.push(code);
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    }
    return lines(out);
  }

  /** One node's own code, and the nodes that follow it at the same level. */
  node(n: LNode): { code: Code; next: LNode[] } {
    if (n.def.emit) {
      const g = this.emitContext(n);
      const body = n.def.emit(g);
      // One log record per run: the node's own `g.trace(…)`, else a `start` record here.
      const run = this.inspect ? _`${INSPECT}.i(${n.index});` : nil;
      // A node that does not record its outputs itself (triggers): they are what its code set.
      const outs = this.inspect && !g.traced && n.outputs.length > 0 ? this.outputsRecord(n) : nil;
      if (this.opts.trace && !g.traced && n.def.loopBodies) {
        // A loop: its start, and its finish with the whole loop's duration.
        const started = this.scope.name('$s');
        const pre = _`${TRACE}.c[${n.index}]++; const ${started} = ${TRACE}.open ? ${TRACE}.s(${n.index}) : -1;`;
        return {
          code: lines([run, pre, body, _`if (${started} >= 0) ${TRACE}.f(${n.index}, ${started}, null);`, outs]),
          next: g.followed.flatMap((pin) => n.execTo.get(pin) ?? []),
        };
      }
      const pre = this.opts.trace && !g.traced ? this.traceRun(n.index, 'start', literal(null)) : nil;
      return { code: lines([run, pre, body, outs]), next: g.followed.flatMap((pin) => n.execTo.get(pin) ?? []) };
    }
    return { code: this.generic(n), next: n.execOut.flatMap((pin) => n.execTo.get(pin) ?? []) };
  }

  private generic(n: LNode): Code {
    const { code, values } = this.inputs(n);
    const args = [CTX, ...n.inputs.map((p) => values[p.id]!)];
    let call = _`${this.impl(n)}(${join(args)})`;
    const awaits = n.def.async && this.opts.async;
    if (awaits) call = _`(await ${call})`;
    const read = n.outputs.filter((p) => n.readOutputs.has(p.id));
    const stmts: Code[] = [
      code,
      _`${AT} = ${n.index};`,
      this.begin(
        n,
        n.inputs.map((p) => values[p.id]!),
      ),
    ];
    const started = this.opts.trace ? this.scope.name('$s') : undefined;
    if (started) stmts.push(_`${TRACE}.c[${n.index}]++; const ${started} = ${TRACE}.open ? ${TRACE}.s(${n.index}) : -1;`);
    const result = this.scope.name('r');
    // A non-deterministic node is kept on the tape (or played back): a replay must see what it gave.
    stmts.push(_`const ${result} = ${isTaped(n) ? this.taped(n, args, awaits) : call};`);
    if (awaits) stmts.push(_`ctx.check();`);
    stmts.push(this.end(n, result));
    if (n.outputs.length === 1 && read.length === 1) stmts.push(_`${this.out(n, read[0]!.id)} = ${result};`);
    else for (const p of read) stmts.push(_`${this.out(n, p.id)} = ${prop(result, p.id)};`);
    if (started) stmts.push(_`if (${started} >= 0) ${TRACE}.f(${n.index}, ${started}, ${result});`);
    return lines(stmts);
  }

  private emitContext(n: LNode): EmitContext & { traced: boolean; followed: string[] } {
    const self = this;
    const g: EmitContext & { traced: boolean; followed: string[] } = {
      traced: false,
      followed: [],
      follow: (pin) => {
        g.followed.push(pin);
      },
      node: { id: n.id, name: n.name, index: n.index },
      config: n.config,
      async: this.opts.async,
      await: this.opts.async ? new Code('await ') : nil,
      ctx: CTX,
      event: EVENT,
      ref: (v) => self.ref(v),
      rt: (h) => self.helper(h),
      impl: () => self.impl(n),
      keyReader: (key) => self.keyReader(key),
      at: () => _`${AT} = ${n.index};`,
      inputs: (pins) => self.inputs(n, pins, true),
      exec: (pin, set) => self.exec(n, pin, set),
      hasExec: (pin) => (n.execTo.get(pin)?.length ?? 0) > 0,
      out: (pin) => self.out(n, pin),
      reads: (pin) => n.readOutputs.has(pin),
      name: (prefix) => self.scope.name(prefix),
      loop: (body) => {
        const label = self.scope.name('L');
        self.loops.push(label);
        try {
          return body(label);
        } finally {
          self.loops.pop();
        }
      },
      breakLabel: () => self.loops[self.loops.length - 1],
      guardedLoop: (label, parts) => {
        // The clock is read between chunks of iterations, never inside the inner loop: a call that
        // may throw there (the guard's TimeoutSignal) makes V8 box the loop's numbers on every
        // iteration (bench/README.md, loop: 5× slower). `$g` counts down across the function's
        // loops; a loop ended by its condition gives back what it did not use.
        const n = self.scope.name('$n');
        const tick = self.opts.async ? _`await ctx.tickAsync()` : _`ctx.tick()`;
        return lines([
          _`${label}: for (${parts.init ?? nil};;) {`,
          _`let ${n} = ${GUARD};`,
          _`for (; ${n} > 0; ${n}--${parts.step ? _`, ${parts.step}` : nil}) {`,
          parts.head ?? nil,
          _`if (!(${parts.cond})) break;`,
          parts.body,
          _`}`,
          _`if (${n} > 0) { ${GUARD} = ${n}; break; }`,
          _`${GUARD} = ${tick};`,
          _`}`,
        ]);
      },
      variable: (name) => {
        const v = self.varLocals.get(name);
        if (!v) throw new Error(`codegen: unknown variable ${JSON.stringify(name)}`);
        return { name: v.name, type: v.type };
      },
      convert: (value, type, pin, options) => self.convert(value, 'Any', type, n.index, pin, options),
      trace: (output?: Code) => {
        g.traced = true;
        const outs = self.inspect && n.outputs.length > 0 ? self.outputsRecord(n) : nil;
        return lines([outs, self.opts.trace ? self.traceRun(n.index, 'finish', output ?? literal(null)) : nil]);
      },
    };
    return g;
  }

  inlineContext(n: LNode, args: Code[], consts: unknown[], output: string): InlineContext {
    return {
      node: { id: n.id, name: n.name, index: n.index },
      config: n.config,
      args,
      consts,
      output,
      ctx: CTX,
      variable: (name) => {
        const v = this.varLocals.get(name);
        if (!v) throw new Error(`codegen: unknown variable ${JSON.stringify(name)}`);
        return v.name;
      },
      ref: (v) => this.ref(v),
      rt: (h) => this.helper(h),
      impl: () => this.impl(n),
      keyReader: (key) => this.keyReader(key),
    };
  }

  newName(prefix: string): Name {
    return this.scope.name(prefix);
  }
}
