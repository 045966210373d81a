// Runs a compiled pattern once. Synchronous plans run synchronously first; a loop that runs past the
// sync budget makes the execution start over on the asynchronous variant, which yields to the event
// loop. Nothing outside the execution has seen the first attempt: synchronous plans have no node
// that talks to the world, and their response is only delivered when they finish.
import { randomUUID } from 'node:crypto';
import type { CompiledPattern } from '../compiler/index.js';
import { ExecutionContext, NeedAsync, TimeoutSignal, type ContextOptions, type LogLine, type PatternCaller, type WebhookResponse } from './context.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { errorInfo, type ErrorInfo } from '../errors/error.js';
import type { TraceSummary } from './trace.js';

export type RunStatus = 'completed' | 'failed' | 'timeout';

export interface RunResult {
  runId: string;
  status: RunStatus;
  response: WebhookResponse | null;
  outputs: Record<string, unknown> | null;
  logs: LogLine[];
  error: ErrorInfo | null;
  durationMs: number;
  trace: TraceSummary;
}

export interface RunOptions {
  runId?: string;
  timeoutMs?: number;
  limits?: Partial<Limits>;
  traceLimit?: number;
  syncBudgetMs?: number;
  yieldEveryMs?: number;
  depth?: number;
  deadline?: number;
  callPattern?: PatternCaller;
  onResponse?: (r: WebhookResponse) => void;
  secret?: (name: string) => string | undefined;
  environment?: (name: string) => string | undefined;
}

function contextOptions(p: CompiledPattern, o: RunOptions): ContextOptions {
  return {
    runId: o.runId ?? `run_${randomUUID().replace(/-/g, '')}`,
    nodes: p.nodes,
    timeoutMs: o.timeoutMs ?? p.timeoutMs,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    trace: p.traced,
    traceLimit: o.traceLimit ?? 500,
    syncBudgetMs: o.syncBudgetMs ?? 10,
    yieldEveryMs: o.yieldEveryMs ?? 5,
    depth: o.depth ?? 0,
    callPattern: o.callPattern,
    onResponse: o.onResponse,
    secret: o.secret,
    environment: o.environment,
    deadline: o.deadline,
  };
}

function finish(ctx: ExecutionContext, status: RunStatus, error: ErrorInfo | null): RunResult {
  return {
    runId: ctx.runId,
    status,
    response: ctx.response,
    outputs: ctx.outputs,
    logs: ctx.logs,
    error,
    durationMs: Math.round((performance.now() - ctx.startedAt) * 1000) / 1000,
    trace: ctx.trace.summary(),
  };
}

function settle(ctx: ExecutionContext, thrown: unknown, at: { thrown: boolean }): RunResult {
  if (!at.thrown) return finish(ctx, ctx.error ? 'failed' : 'completed', ctx.error);
  if (thrown instanceof TimeoutSignal) {
    const ms = Math.round(ctx.deadline - ctx.startedAt);
    return finish(ctx, 'timeout', { code: 'TIMEOUT', message: `execution ran past its deadline of ${ms} ms`, type: 'Timeout', nodeId: null });
  }
  return finish(ctx, 'failed', errorInfo(thrown)); // an engine bug: still a clean failure
}

/** Runs synchronously when the plan allows and the run stays inside the sync budget; else undefined. */
export function executeSync(p: CompiledPattern, event: Record<string, unknown>, o: RunOptions = {}): RunResult | undefined {
  if (!p.runSync) return undefined;
  const opts = contextOptions(p, o);
  const ctx = new ExecutionContext({ ...opts, onResponse: undefined }, true);
  try {
    p.runSync(ctx, event);
  } catch (e) {
    if (e instanceof NeedAsync) return undefined;
    const r = settle(ctx, e, { thrown: true });
    if (r.response) o.onResponse?.(r.response);
    return r;
  }
  if (ctx.response) o.onResponse?.(ctx.response);
  return settle(ctx, undefined, { thrown: false });
}

export async function execute(p: CompiledPattern, event: Record<string, unknown>, o: RunOptions = {}): Promise<RunResult> {
  const runId = o.runId ?? `run_${randomUUID().replace(/-/g, '')}`;
  const quick = executeSync(p, event, { ...o, runId });
  if (quick) return quick;
  const ctx = new ExecutionContext(contextOptions(p, { ...o, runId }), false);
  const fn = p.runAsync();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, ctx.deadline - performance.now()));
  });
  const running = Promise.resolve().then(() => fn(ctx, event));
  try {
    const first = await Promise.race([running.then(() => 'done' as const), deadline]);
    if (first === 'timeout') {
      ctx.cancel();
      running.catch(() => {}); // it ends at its next await; nothing waits for it
      return settle(ctx, new TimeoutSignal(), { thrown: true });
    }
    return settle(ctx, undefined, { thrown: false });
  } catch (e) {
    return settle(ctx, e, { thrown: true });
  } finally {
    clearTimeout(timer);
  }
}
