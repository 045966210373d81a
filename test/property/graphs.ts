// Random valid graphs for the property tests: an OnStart, chains of impure nodes, type-compatible
// pure expressions with shared sub-expressions, loops, branches, variables. `graphs({ nondeterministic:
// true })` also draws Random, RandomInteger and UUID nodes (for the inspection replay's tape).
import fc from 'fast-check';
import { registry } from '../helpers.js';
import { isPure, type NodeDefinition, type PinSpec } from '../../src/nodes/define.js';
import { canConnect, convert, type PinType } from '../../src/pattern/types.js';
import type { PatternDocument, PatternNode, PatternWire } from '../../src/pattern/schema.js';

const FORMAT = 'dragops.pattern/1';

type Scalar = 'Float' | 'Integer' | 'Boolean' | 'String';
type Want = Scalar | 'Any';
export type Src = { node: string; pin: string };
interface Rand {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(a: readonly T[]): T;
}

const OK_PIN_TYPES = new Set<PinType>(['Float', 'Integer', 'Boolean', 'String', 'Any']);
/** Deterministic pure nodes of these categories whose every input can be wired, given or defaulted. */
export const PURE_DEFS: NodeDefinition[] = registry
  .all()
  .filter(
    (d) =>
      ['Math', 'Comparison', 'Logical', 'String', 'Literals', 'Type Conversion'].includes(d.category) &&
      isPure(d) &&
      d.deterministic &&
      !d.editorOnly &&
      Array.isArray(d.inputs) &&
      Array.isArray(d.outputs) &&
      (d.inputs as PinSpec[]).every((p) => OK_PIN_TYPES.has(p.type) || p.default !== undefined || (p.type === 'Enum' && p.options)) &&
      (d.outputs as PinSpec[]).some((p) => OK_PIN_TYPES.has(p.type)),
  );

const CONSTS: Record<Scalar, readonly unknown[]> = {
  Float: [0, 1, -1, 2.5, -0.5, 3, 7, 1e6, 0.1],
  Integer: [0, 1, 2, 3, -2, 10],
  Boolean: [true, false],
  String: ['', 'a', 'Hello', '42', ' 7 ', 'true', '😀', '"\'`', '${x}', '\u2028'],
};
const VARS = [
  { name: 'f', type: 'Float', default: 1.5 },
  { name: 'i', type: 'Integer', default: 2 },
  { name: 's', type: 'String', default: 'go' },
  { name: 'b', type: 'Boolean', default: true },
  { name: 'w', type: 'Integer', default: 0 }, // the While counter: only While bodies change it
] as const;

class GraphBuilder {
  readonly nodes: PatternNode[] = [{ id: 'start', type: 'OnStart' }];
  readonly wires: PatternWire[] = [];
  private readonly pool: { src: Src; type: PinType }[] = [];
  /** Enclosing loops (for Break) and enclosing ForRange nodes (whose `index` can be read). */
  private readonly loops: string[] = [];
  private readonly indexed: string[] = [];
  /** Every data output of an impure node made so far: read from anywhere, it may not have run yet
   * (then it is null, SPEC §3), or hold a value from an earlier iteration. */
  private readonly stored: { src: Src; type: PinType }[] = [];
  private count = 0;
  endless = false;
  constructor(
    private readonly r: Rand,
    private readonly budget: number,
    private readonly pureDefs: readonly NodeDefinition[] = PURE_DEFS,
  ) {}

  private add(type: string, extra: Partial<PatternNode> = {}): string {
    const id = `${type.toLowerCase()}${this.count++}`;
    this.nodes.push({ id, type, ...extra });
    return id;
  }
  private wire(from: Src, to: Src): void {
    this.wires.push({ from, to });
  }
  private get full(): boolean {
    return this.count >= this.budget;
  }

  private constant(t: Want): unknown {
    if (t === 'Any') return this.r.pick([null, 1, 'x', true, [1, 'a'], { k: 1 }, ...CONSTS.String]);
    // Occasionally a value of another scalar type that converts (a default that cannot is a compile error).
    if (this.r.chance(0.15)) {
      const v = this.r.pick(CONSTS[this.r.pick(['Float', 'String', 'Boolean', 'Integer'] as const)]);
      try {
        convert(v, t);
        return v;
      } catch {
        /* fall through */
      }
    }
    return this.r.pick(CONSTS[t]);
  }

  /** Sets input `pin` of node `id`: a wire from an expression, a default, or nothing when optional. */
  private input(id: string, pin: PinSpec, depth: number, defaults: Record<string, unknown>): void {
    if (pin.type === 'Enum') {
      if (pin.options && this.r.chance(0.5)) defaults[pin.id] = this.r.pick(pin.options);
      return;
    }
    if (!OK_PIN_TYPES.has(pin.type)) return; // has a default (filtered above)
    const want = pin.type as Want;
    if (pin.default !== undefined && this.r.chance(0.25)) return;
    const e = this.expr(want, depth);
    if ('value' in e) defaults[pin.id] = e.value;
    else this.wire(e.src, { node: id, pin: pin.id });
  }

  /** An expression of (a type that connects to) `want`: a constant, a variable, a loop index, a
   * shared earlier node, or a new pure node. */
  expr(want: Want, depth: number): { value: unknown } | { src: Src } {
    const r = this.r;
    if (depth <= 0 || this.full || r.chance(0.25)) {
      const choice = r.int(0, 3);
      if (choice === 0) {
        const vars = VARS.filter((v) => canConnect(v.type, want === 'Any' ? 'Any' : want));
        const v = r.pick(vars);
        return { src: { node: this.add('GetVariable', { config: { variable: v.name } }), pin: 'value' } };
      }
      if (choice === 1 && this.indexed.length > 0 && canConnect('Integer', want) && r.chance(0.7)) return { src: { node: r.pick(this.indexed), pin: 'index' } };
      if (choice === 1) {
        const stored = this.stored.filter((p) => canConnect(p.type, want));
        if (stored.length > 0) return { src: r.pick(stored).src };
      }
      if (choice === 2) {
        const shared = this.pool.filter((p) => canConnect(p.type, want));
        if (shared.length > 0) return { src: r.pick(shared).src };
      }
      return { value: this.constant(want) };
    }
    const candidates = this.pureDefs.flatMap((d) =>
      (d.outputs as PinSpec[]).filter((o) => OK_PIN_TYPES.has(o.type) && canConnect(o.type, want)).map((o) => ({ d, o })),
    );
    const { d, o } = r.pick(candidates);
    const defaults: Record<string, unknown> = {};
    const id = this.add(d.type);
    for (const p of d.inputs as PinSpec[]) this.input(id, p, depth - 1, defaults);
    if (Object.keys(defaults).length > 0) this.nodes.find((n) => n.id === id)!.defaults = defaults;
    const src = { node: id, pin: o.id };
    this.pool.push({ src, type: o.type });
    return { src };
  }

  private data(id: string, pin: string, want: Want, extra: Record<string, unknown> = {}): void {
    const e = this.expr(want, 3);
    const n = this.nodes.find((x) => x.id === id)!;
    const defaults = { ...n.defaults, ...extra, ...('value' in e ? { [pin]: e.value } : {}) };
    if (Object.keys(defaults).length > 0) n.defaults = defaults;
    if ('src' in e) this.wire(e.src, { node: id, pin });
  }

  /** Runs a compound node (no single continuation) inside a Sequence so the chain can go on. */
  private wrap(from: Src): { at: Src; next: Src } {
    const seq = this.add('Sequence', { config: { count: 2 } });
    this.wire(from, { node: seq, pin: 'exec' });
    return { at: { node: seq, pin: 'then0' }, next: { node: seq, pin: 'then1' } };
  }

  /** A chain of statements starting at exec output `from`. */
  chain(from: Src, depth: number, minLength = 0): void {
    const r = this.r;
    let cur = from;
    const length = r.int(minLength, Math.max(minLength, depth > 0 ? 4 : 2));
    for (let k = 0; k < length && !this.full; k++) {
      const kinds = ['Log', 'Log', 'Set', 'Inc', 'Append', 'Delay', 'Throw', 'Stop'];
      if (depth > 0) kinds.push('Branch', 'Gate', 'ForRange', 'While', 'TryCatch', 'Switch', 'Sequence');
      if (this.loops.length > 0) kinds.push('Break');
      const kind = r.pick(kinds);
      const exec = (id: string) => this.wire(cur, { node: id, pin: 'exec' });
      switch (kind) {
        case 'Log': {
          const id = this.add('Log');
          exec(id);
          this.data(id, 'message', 'Any', r.chance(0.3) ? { level: r.pick(['debug', 'warn', 'error']) } : {});
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Set': {
          const v = r.pick(VARS.filter((x) => x.name !== 'w'));
          const id = this.add('SetVariable', { config: { variable: v.name } });
          this.stored.push({ src: { node: id, pin: 'value' }, type: v.type });
          exec(id);
          this.data(id, 'value', v.type);
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Inc': {
          const variable = r.pick(['f', 'i'] as const);
          const id = this.add('IncrementVariable', { config: { variable } });
          this.stored.push({ src: { node: id, pin: 'newValue' }, type: variable === 'i' ? 'Integer' : 'Float' });
          exec(id);
          if (r.chance(0.5)) this.data(id, 'amount', 'Float');
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Append': {
          const id = this.add('AppendToString', { config: { variable: 's' } });
          exec(id);
          this.data(id, 'text', 'String');
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Delay': {
          const id = this.add('Delay', { defaults: { seconds: r.pick([0, 0.001]) } });
          exec(id);
          cur = { node: id, pin: 'then' };
          break;
        }
        case 'Throw':
        case 'Stop':
        case 'Break': {
          const id = this.add(kind === 'Throw' ? 'ThrowError' : kind, kind === 'Throw' ? { defaults: { message: r.pick(['boom', '"];x//']) } } : {});
          exec(id);
          return; // nothing runs after these
        }
        case 'Branch':
        case 'Gate': {
          const { at, next } = kind === 'Branch' ? this.wrap(cur) : { at: cur, next: undefined };
          const id = this.add(kind);
          this.wire(at, { node: id, pin: 'exec' });
          this.data(id, 'condition', 'Boolean');
          if (kind === 'Branch') {
            this.chain({ node: id, pin: 'true' }, depth - 1);
            this.chain({ node: id, pin: 'false' }, depth - 1);
            cur = next!;
          } else cur = { node: id, pin: 'then' };
          break;
        }
        case 'ForRange': {
          const id = this.add('ForRange', { defaults: { start: r.int(-1, 2), end: r.int(0, 4), step: r.pick([1, 1, 2, -1]) } });
          this.stored.push({ src: { node: id, pin: 'index' }, type: 'Integer' });
          exec(id);
          this.loops.push(id);
          this.indexed.push(id);
          this.chain({ node: id, pin: 'body' }, depth - 1);
          this.indexed.pop();
          this.loops.pop();
          cur = { node: id, pin: 'completed' };
          break;
        }
        case 'While': {
          const id = this.add('While');
          exec(id);
          if (r.chance(0.03)) {
            // An endless loop: must end in `timeout`, never hang the test.
            this.endless = true;
            this.nodes.find((n) => n.id === id)!.defaults = { condition: true };
          } else {
            // w < limit, and the body's first statement increments w: always terminates.
            const lt = this.add('LessThan', { defaults: { b: r.int(0, 3) } });
            const w = this.add('GetVariable', { config: { variable: 'w' } });
            this.wire({ node: w, pin: 'value' }, { node: lt, pin: 'a' });
            this.wire({ node: lt, pin: 'result' }, { node: id, pin: 'condition' });
          }
          const inc = this.add('IncrementVariable', { config: { variable: 'w' } });
          this.wire({ node: id, pin: 'body' }, { node: inc, pin: 'exec' });
          this.loops.push(id);
          this.chain({ node: inc, pin: 'then' }, depth - 1);
          this.loops.pop();
          cur = { node: id, pin: 'completed' };
          break;
        }
        case 'TryCatch': {
          const { at, next } = this.wrap(cur);
          const id = this.add('TryCatch');
          this.wire(at, { node: id, pin: 'exec' });
          this.chain({ node: id, pin: 'try' }, depth - 1);
          this.chain({ node: id, pin: 'catch' }, depth - 1);
          if (r.chance(0.5)) this.chain({ node: id, pin: 'finally' }, depth - 1);
          cur = next;
          break;
        }
        case 'Switch': {
          const { at, next } = this.wrap(cur);
          const cases = Array.from({ length: r.int(0, 3) }, () => this.constant('Any'));
          const id = this.add('Switch', { config: { cases } });
          this.wire(at, { node: id, pin: 'exec' });
          this.data(id, 'value', 'Any');
          cases.forEach((_c, i) => {
            if (r.chance(0.7)) this.chain({ node: id, pin: `case${i}` }, depth - 1);
          });
          this.chain({ node: id, pin: 'default' }, depth - 1);
          cur = next;
          break;
        }
        case 'Sequence': {
          const n = r.int(1, 3);
          const id = this.add('Sequence', { config: { count: n } });
          exec(id);
          for (let i = 0; i < n - 1; i++) this.chain({ node: id, pin: `then${i}` }, depth - 1);
          cur = { node: id, pin: `then${n - 1}` };
          break;
        }
      }
    }
  }

  document(): PatternDocument {
    return {
      format: FORMAT,
      name: 'random',
      variables: VARS.map((v) => ({ ...v })),
      nodes: this.nodes,
      wires: this.wires,
      settings: { timeoutMs: this.endless ? 100 : 3_000 },
    } as PatternDocument;
  }
}

/** Non-deterministic pure nodes the replay must take from the tape. */
const RANDOM_DEFS: NodeDefinition[] = ['Random', 'RandomInteger', 'UUID'].map((t) => registry.get(t)!);

export const graphs = (o: { nondeterministic?: boolean } = {}) =>
  fc.gen().map((g) => {
    const r: Rand = {
      int: (min, max) => g(fc.integer, { min, max }),
      chance: (p) => g(fc.integer, { min: 0, max: 999 }) < p * 1000,
      pick: <T>(a: readonly T[]) => a[g(fc.integer, { min: 0, max: a.length - 1 })]!,
    };
    const b = new GraphBuilder(r, 60, o.nondeterministic ? [...PURE_DEFS, ...RANDOM_DEFS, ...RANDOM_DEFS] : PURE_DEFS);
    b.chain({ node: 'start', pin: 'then' }, 3, 3);
    return { doc: b.document(), endless: b.endless };
  });
