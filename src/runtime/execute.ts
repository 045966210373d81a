// Runs a compiled pattern once. Synchronous plans run synchronously first; a loop that runs past the
// sync budget makes the execution start over on the asynchronous variant, which yields to the event
// loop. Nothing outside the execution has seen the first attempt: synchronous plans have no node
// that talks to the world, and their response is only delivered when they finish.
import type { CompiledPattern } from '../compiler/index.js';
import {
  ExecutionContext,
  MemoryLimit,
  NeedAsync,
  TimeoutSignal,
  type ContextOptions,
  type LogLine,
  type PatternCaller,
  type WebhookResponse,
} from './context.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { errorInfo, type ErrorInfo } from '../errors/error.js';
import { jsonShape, MAX_JSON_VALUES } from './values.js';
import type { TraceSummary } from './trace.js';
import type { InspectedNode } from './inspector.js';

export type RunStatus = 'completed' | 'failed' | 'timeout';

export interface RunResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly response: WebhookResponse | null;
  readonly outputs: Record<string, unknown> | null;
  readonly logs: LogLine[];
  readonly error: ErrorInfo | null;
  /** The execution alone, in milliseconds (not loading or compiling). */
  readonly durationMs: number;
  /** The node-by-node log (built when first read). */
  readonly trace: TraceSummary;
  /** The same log as recorded, for the execution history (Trace.stored). */
  readonly nodeLog: NodeLog;
  /** Set by inspection replays only. */
  readonly inspection?: InspectionData | undefined;
}

/** The node log of a finished execution: its stored form, and the SPEC §8 form made from it. */
export interface NodeLog {
  stored(): string;
  summary(): TraceSummary;
}

export interface RunOptions {
  runId?: string;
  /** Skip the synchronous attempt and run the asynchronous variant (tests and benchmarks). */
  forceAsync?: boolean;
  timeoutMs?: number;
  limits?: Partial<Limits>;
  traceLimit?: number;
  syncBudgetMs?: number;
  yieldEveryMs?: number;
  depth?: number;
  deadline?: number;
  callPattern?: PatternCaller;
  onResponse?: (r: WebhookResponse, binary: boolean) => void;
  secret?: (name: string) => string | undefined;
  environment?: (name: string) => string | undefined;
  /** Pack nodes' connections, resolved before the run (see ContextOptions.connections). */
  connections?: ContextOptions['connections'];
  /** Outbound HTTP policy for HTTPRequest (see ContextOptions.http). */
  http?: ContextOptions['http'];
  /** In a worker (src/isolation/): see ContextOptions.running and overMemory. */
  running?: ContextOptions['running'];
  overMemory?: ContextOptions['overMemory'];
  /** Inspection: run the plan's inspection variant, playing `replay` back, recording in `inspector`. */
  replay?: ContextOptions['replay'];
  inspector?: ContextOptions['inspector'];
}

/** What an inspection replay gives besides its result (src/inspect/). */
export interface InspectionData {
  nodes: InspectedNode[];
  /** Why the replay left its recording (then its values cannot be trusted), or null. */
  diverged: string | null;
  /** Whether it used every recorded value. */
  finished: boolean;
}

function contextOptions(p: CompiledPattern, o: RunOptions): ContextOptions {
  return {
    runId: o.runId,
    nodes: p.nodes,
    timeoutMs: o.timeoutMs ?? p.timeoutMs,
    limits: o.limits ? { ...DEFAULT_LIMITS, ...o.limits } : DEFAULT_LIMITS,
    trace: p.traced,
    traceLimit: o.traceLimit ?? 500,
    syncBudgetMs: o.syncBudgetMs ?? 10,
    yieldEveryMs: o.yieldEveryMs ?? 5,
    depth: o.depth ?? 0,
    callPattern: o.callPattern,
    onResponse: o.onResponse,
    secret: o.secret,
    environment: o.environment,
    connections: o.connections,
    http: o.http,
    deadline: o.deadline,
    running: o.running,
    overMemory: o.overMemory,
    replay: o.replay,
    inspector: o.inspector,
  };
}

class Result implements RunResult {
  readonly durationMs: number;
  private summary: TraceSummary | undefined;
  constructor(
    private readonly ctx: ExecutionContext,
    readonly status: RunStatus,
    readonly error: ErrorInfo | null,
  ) {
    this.durationMs = Math.round((performance.now() - ctx.startedAt) * 1000) / 1000;
  }
  get runId() {
    return this.ctx.runId;
  }
  get response() {
    return this.ctx.response;
  }
  get outputs() {
    return this.ctx.outputs;
  }
  get logs() {
    return this.ctx.logs;
  }
  get trace() {
    return (this.summary ??= this.ctx.trace.summary());
  }
  get nodeLog() {
    return this.ctx.trace;
  }
  get inspection(): InspectionData | undefined {
    const o = this.ctx.options;
    if (!o.inspector) return undefined;
    return { nodes: [...o.inspector.nodes.values()], diverged: o.replay?.diverged ?? null, finished: o.replay?.finished ?? true };
  }
  toJSON() {
    const { runId, status, response, outputs, logs, error, durationMs, trace } = this;
    return { runId, status, response, outputs, logs, error, durationMs, trace };
  }
}

function settle(ctx: ExecutionContext, thrown?: unknown): RunResult {
  // Outputs are answered as JSON (webhooks, test runs): a value that would be written out past the
  // bound (one object reused at every level doubles per level) fails here, inside the execution,
  // rather than blocking the server while it is written.
  if (thrown === undefined && ctx.outputs !== null && !ctx.error && !jsonShape(ctx.outputs)) {
    ctx.outputs = null;
    return new Result(ctx, 'failed', {
      code: 'LIMIT_EXCEEDED',
      message: `the pattern's outputs have more than ${MAX_JSON_VALUES} values as JSON (a part used many times counts each time it appears)`,
      type: 'LimitExceeded',
      nodeId: null,
    });
  }
  if (thrown === undefined) return new Result(ctx, ctx.error ? 'failed' : 'completed', ctx.error);
  if (thrown instanceof MemoryLimit) {
    return new Result(ctx, 'failed', { code: 'LIMIT_EXCEEDED', message: thrown.message, type: 'LimitExceeded', nodeId: null });
  }
  if (thrown instanceof TimeoutSignal) {
    const ms = Math.round(ctx.deadline - ctx.startedAtMs);
    return new Result(ctx, 'timeout', { code: 'TIMEOUT', message: `execution ran past its deadline of ${ms} ms`, type: 'Timeout', nodeId: null });
  }
  return new Result(ctx, 'failed', errorInfo(thrown)); // an engine bug: still a clean failure
}

/** Runs synchronously when the plan allows and the run stays inside the sync budget; else undefined. */
export function executeSync(p: CompiledPattern, event: Record<string, unknown>, o: RunOptions = {}): RunResult | undefined {
  if (!p.runSync) return undefined;
  const opts = contextOptions(p, o);
  opts.onResponse = undefined; // delivered below, once the attempt is known to stand
  const ctx = new ExecutionContext(opts, true);
  let result: RunResult;
  try {
    p.runSync(ctx, event);
    result = settle(ctx);
  } catch (e) {
    if (e instanceof NeedAsync) return undefined;
    result = settle(ctx, e);
  }
  if (ctx.response) o.onResponse?.(ctx.response, ctx.responseBinary);
  return result;
}

export async function execute(p: CompiledPattern, event: Record<string, unknown>, o: RunOptions = {}): Promise<RunResult> {
  const quick = o.forceAsync || o.inspector ? undefined : executeSync(p, event, o);
  if (quick) return quick;
  const ctx = new ExecutionContext(contextOptions(p, o), false);
  const fn = o.inspector ? p.inspection() : p.runAsync();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, ctx.deadline - Date.now()));
  });
  const running = Promise.resolve().then(() => fn(ctx, event));
  try {
    const first = await Promise.race([running.then(() => 'done' as const), deadline]);
    if (first === 'timeout') {
      ctx.cancel();
      running.catch(() => {}); // it ends at its next await; nothing waits for it
      return settle(ctx, new TimeoutSignal());
    }
    return settle(ctx);
  } catch (e) {
    return settle(ctx, e);
  } finally {
    clearTimeout(timer);
  }
}
