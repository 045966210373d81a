// Where an execution runs: on the calling thread when its plan's work bound (compiler/plan/bound.ts)
// for this event is within the inline budget — no isolation cost, W1's case — otherwise in a worker
// of the pool, where its memory and its deadline are enforced on the whole execution, synchronous
// steps included. Measured: a worker round trip costs ~8–12 µs of CPU per execution against ~2 µs
// for W1's execution itself (bench/isolation.mjs), so running bounded plans inline keeps W1's speed.
import type { CompiledPattern } from '../compiler/index.js';
import { execute, executeSync, type RunOptions, type RunResult } from '../runtime/execute.js';
import { Inspector } from '../runtime/inspector.js';
import { TapeReader, type TapeEntry } from '../runtime/tape.js';
import type { IsolatedRun, WorkerPool } from './pool.js';

/** Work units (≈ bytes touched, see bound.ts) an inline execution may do at most: a few ms. */
export const INLINE_BUDGET = 2_000_000;

/** The names a plan reads with GetSecret and GetEnvironment (config `name`), found once per plan. */
const reads = new WeakMap<CompiledPattern, { secrets: string[]; environment: string[] }>();
function readsOf(plan: CompiledPattern): { secrets: string[]; environment: string[] } {
  let r = reads.get(plan);
  if (!r) {
    r = { secrets: [], environment: [] };
    for (const n of plan.document.nodes) {
      const name = (n.config as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') continue;
      if (n.type === 'GetSecret') r.secrets.push(name);
      else if (n.type === 'GetEnvironment') r.environment.push(name);
    }
    reads.set(plan, r);
  }
  return r;
}

/** A bounded estimate of a value's size (string lengths, 8 per other value), stopping past `cap`. */
export function sizeOf(v: unknown, cap: number): number {
  let total = 0;
  const walk = (x: unknown, depth: number): void => {
    if (total > cap) return;
    if (typeof x === 'string') {
      total += x.length + 2;
      return;
    }
    if (x === null || typeof x !== 'object') {
      total += 8;
      return;
    }
    if (x instanceof Uint8Array) {
      total += x.length;
      return;
    }
    if (depth > 64) {
      total = cap + 1;
      return;
    }
    total += 2;
    if (Array.isArray(x)) {
      for (const y of x) {
        walk(y, depth + 1);
        if (total > cap) return;
      }
      return;
    }
    for (const k in x) {
      total += k.length + 3;
      walk((x as Record<string, unknown>)[k], depth + 1);
      if (total > cap) return;
    }
  };
  walk(v, 0);
  return total;
}

export class Executor {
  constructor(
    readonly pool: WorkerPool | undefined,
    private readonly budget = INLINE_BUDGET,
  ) {}

  /** Whether this plan may run inline for an event of `eventSize` (undefined: measure the event). */
  inline(plan: CompiledPattern, event: Record<string, unknown>, eventSize?: number): boolean {
    const b = plan.bound;
    if (b === undefined) return this.pool === undefined;
    if (this.pool === undefined) return true;
    if (b.fixed > this.budget) return false;
    const room = b.perByte === 0 ? 0 : (this.budget - b.fixed) / b.perByte;
    const size = eventSize ?? sizeOf(event, room);
    return b.perByte * size + b.fixed <= this.budget;
  }

  /** Runs inline when the plan is bounded for this event and finishes within the sync budget;
   * undefined otherwise (then `isolated`). */
  tryInline(plan: CompiledPattern, event: Record<string, unknown>, options: RunOptions, eventSize?: number): RunResult | undefined {
    if (!plan.runSync || !this.inline(plan, event, eventSize)) return undefined;
    return executeSync(plan, event, options);
  }

  /** Runs in a worker (or, with no pool — offline tools that opted out — in this thread). */
  async isolated(plan: CompiledPattern, event: Record<string, unknown>, options: RunOptions, owner?: string, tape?: TapeEntry[]): Promise<RunResult> {
    if (!this.pool) {
      if (tape)
        return execute(plan, event, {
          ...options,
          forceAsync: true,
          inspector: new Inspector(plan.nodes),
          replay: new TapeReader(
            tape,
            plan.nodes.map((n) => n.id),
          ),
        });
      return execute(plan, event, options);
    }
    const r = readsOf(plan);
    const secrets: Record<string, string> = Object.create(null);
    const environment: Record<string, string> = Object.create(null);
    for (const n of r.secrets) {
      const v = options.secret?.(n);
      if (v !== undefined) secrets[n] = v;
    }
    for (const n of r.environment) {
      const v = options.environment?.(n);
      if (v !== undefined) environment[n] = v;
    }
    const run: IsolatedRun = { plan, event, options, secrets, environment, owner, tape };
    return this.pool.run(run);
  }
}
