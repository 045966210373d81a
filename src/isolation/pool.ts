// Execution workers: threads with their own bounded heap that run the executions the server does
// not run inline (executor.ts). A worker's thread can be stopped at any point, synchronous code
// included — the one way to hold an execution to its deadline when a single node call runs long —
// and a heap past its limit ends the worker, not the server. The price: executions that shared the
// stopped worker end `failed` with INTERRUPTED (docs/semantics.md, "Limits of an execution").
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledPattern } from '../compiler/index.js';
import { DEFAULT_LIMITS, type Limits } from '../runtime/limits.js';
import { TimeoutSignal, type CallParent } from '../runtime/context.js';
import { errorInfo, type ErrorInfo } from '../errors/error.js';
import { expandLog } from '../runtime/trace.js';
import type { NodeLog, RunOptions, RunResult, RunStatus } from '../runtime/execute.js';
import { MARK, type DoneMessage, type FromWorker, type RunMessage } from './protocol.js';

export interface PoolOptions {
  /** Workers kept running once started (a stopped one is replaced). */
  workers: number;
  /** Workers at most: more are started while every worker is stuck in a long synchronous step. */
  maxWorkers: number;
  /** Old-generation heap of each worker, MB. Executions fail LIMIT_EXCEEDED past 85% of it. */
  memoryMb: number;
  /** How long past its deadline an execution may hold its worker's thread before the worker is stopped. */
  graceMs: number;
  log?: { error(o: unknown, m?: string): void };
}

export const DEFAULT_POOL: PoolOptions = { workers: 2, maxWorkers: 8, memoryMb: 512, graceMs: 500 };

/** What the pool needs to run one execution (the executor fills it from the RunOptions). */
export interface IsolatedRun {
  plan: CompiledPattern;
  event: Record<string, unknown>;
  options: RunOptions;
  secrets: Record<string, string>;
  environment: Record<string, string>;
}

interface Job {
  id: number;
  startedAt: number;
  deadline: number;
  plan: CompiledPattern;
  options: RunOptions;
  message: RunMessage;
  resolve(r: RunResult): void;
  worker: Slot | undefined;
}

interface Slot {
  worker: Worker;
  mark: Int32Array;
  jobs: Map<number, Job>;
  /** Plan keys this worker has been sent (it may have dropped some: it then asks again). */
  keys: Set<string>;
  lastHeartbeat: number;
  /** Watchdog ticks in a row with no heartbeat: the thread is stuck in one execution. */
  stuck: number;
  /** Why the pool stopped it, and the execution to blame. */
  stopping: { reason: 'timeout' | 'memory'; culprit: number } | undefined;
  outOfMemory: boolean;
}

const EMPTY_LOG = (t: number) => `{"v":3,"t":${t},"n":{},"e":[],"dropped":0,"runs":{}}`;

class StoredLog implements NodeLog {
  constructor(private readonly text: string) {}
  stored(): string { return this.text; }
  summary() { return expandLog(this.text); }
}

/** An execution's result as its worker (or the pool, for one it ended) reported it. */
class WorkerResult implements RunResult {
  readonly nodeLog: NodeLog;
  private expanded: ReturnType<typeof expandLog> | undefined;
  constructor(readonly runId: string, readonly status: RunStatus, readonly response: RunResult['response'], readonly outputs: RunResult['outputs'],
    readonly logs: RunResult['logs'], readonly error: ErrorInfo | null, readonly durationMs: number, log: string) {
    this.nodeLog = new StoredLog(log);
  }
  get trace() { return (this.expanded ??= this.nodeLog.summary()); }
  toJSON() {
    const { runId, status, response, outputs, logs, error, durationMs, trace } = this;
    return { runId, status, response, outputs, logs, error, durationMs, trace };
  }
}

/** The built worker: dist/executor.mjs of this package (made by `npm run build`). */
function workerEntry(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'dragops') break;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the dragops package folder of the execution worker');
    dir = up;
  }
  const entry = join(dir, 'dist', 'executor.mjs');
  if (!existsSync(entry)) throw new Error(`the execution worker ${entry} is not built: run \`npm run build\``);
  return entry;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly keys = new WeakMap<CompiledPattern, string>();
  private keySeq = 0;
  private seq = 0;
  private readonly entry = workerEntry();
  private readonly watchdog: NodeJS.Timeout;
  private closed = false;

  constructor(readonly options: PoolOptions = DEFAULT_POOL) {
    // Workers start on first use (a server whose plans all run inline never starts one).
    this.watchdog = setInterval(() => this.watch(), 100);
    this.watchdog.unref();
  }

  /** Workers running now, and the executions in each (for tests and metrics). */
  stats(): { workers: number; running: number[] } {
    return { workers: this.slots.length, running: this.slots.map((s) => s.jobs.size) };
  }

  private keyOf(plan: CompiledPattern): string {
    let k = this.keys.get(plan);
    if (k === undefined) this.keys.set(plan, (k = `p${++this.keySeq}`));
    return k;
  }

  private spawn(): Slot {
    const mark = new Int32Array(new SharedArrayBuffer(MARK.size * 4));
    const heapLimitMb = this.options.memoryMb;
    const worker = new Worker(this.entry, {
      workerData: { mark: mark.buffer, softLimitBytes: Math.floor(heapLimitMb * 0.85 * 1048576), heapLimitMb },
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMb, maxYoungGenerationSizeMb: 32 },
    });
    worker.unref();
    const slot: Slot = { worker, mark, jobs: new Map(), keys: new Set(), lastHeartbeat: -1, stuck: 0, stopping: undefined, outOfMemory: false };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') slot.outOfMemory = true;
      else this.options.log?.error({ err: e }, 'an execution worker failed');
    });
    worker.on('exit', () => this.onExit(slot));
    this.slots.push(slot);
    return slot;
  }

  /** The worker for a new execution: the least busy one whose thread is not stuck; a new one when
   * every worker is stuck and there is room. */
  private pick(): Slot {
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (s.stopping || s.stuck > 0) continue;
      if (!best || s.jobs.size < best.jobs.size) best = s;
    }
    if (best && (best.jobs.size === 0 || this.slots.length >= this.options.workers)) return best;
    if (this.slots.filter((s) => !s.stopping).length < this.options.maxWorkers) return this.spawn();
    let least: Slot | undefined;
    for (const s of this.slots) if (!s.stopping && (!least || s.jobs.size < least.jobs.size)) least = s;
    return least ?? this.spawn();
  }

  run(r: IsolatedRun): Promise<RunResult> {
    if (this.closed) return Promise.resolve(this.ended(r.options.runId ?? '', 'failed', { code: 'INTERRUPTED', message: 'the server is shutting down', type: 'Interrupted', nodeId: null }));
    const o = r.options;
    const now = Date.now();
    const own = now + (o.timeoutMs ?? r.plan.timeoutMs);
    const deadline = o.deadline !== undefined ? Math.min(own, o.deadline) : own;
    const id = ++this.seq;
    const limits: Limits = o.limits ? { ...DEFAULT_LIMITS, ...o.limits } : DEFAULT_LIMITS;
    const message: RunMessage = {
      t: 'run', id, key: this.keyOf(r.plan), event: r.event, runId: o.runId ?? `run_${id}`, depth: o.depth ?? 0, deadline, limits,
      http: o.http, traceLimit: o.traceLimit, secrets: r.secrets, environment: r.environment, calls: o.callPattern !== undefined,
      forceAsync: o.forceAsync === true,
    };
    return new Promise<RunResult>((resolve) => {
      const job: Job = { id, startedAt: now, deadline, plan: r.plan, options: o, message, resolve, worker: undefined };
      this.send(job);
    });
  }

  private send(job: Job): void {
    const plan = job.plan;
    const slot = this.pick();
    job.worker = slot;
    slot.jobs.set(job.id, job);
    const m = job.message;
    if (!slot.keys.has(m.key)) {
      if (slot.keys.size > 5000) slot.keys.clear();
      slot.keys.add(m.key);
      m.plan = { document: plan.document, callees: { ...plan.callees } };
    }
    try {
      slot.worker.postMessage(m);
    } catch (e) {
      // A value that cannot be copied to another thread (none should reach here: events are data).
      slot.jobs.delete(job.id);
      job.resolve(this.ended(m.runId, 'failed', errorInfo(e), job.startedAt));
    }
    m.plan = undefined;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.t === 'ready') return;
    const job = slot.jobs.get(m.id);
    if (!job) return; // ended by the pool already (past its deadline): a late answer
    switch (m.t) {
      case 'done': return this.finish(slot, job, m);
      case 'response': job.options.onResponse?.(m.response, m.binary); return;
      case 'need': {
        slot.jobs.delete(job.id);
        slot.keys.delete(job.message.key);
        return this.send(job);
      }
      case 'call': return void this.call(slot, job, m);
    }
  }

  private finish(slot: Slot, job: Job, m: DoneMessage): void {
    slot.jobs.delete(job.id);
    job.resolve(new WorkerResult(job.message.runId, m.status, m.response, m.outputs, m.logs, m.error, m.durationMs, m.log));
  }

  /** CallPattern from a worker: the server's caller runs the callee (wherever it runs) and answers. */
  private async call(slot: Slot, job: Job, m: Extract<FromWorker, { t: 'call' }>): Promise<void> {
    const o = job.options;
    const msg = job.message;
    const parent: CallParent = {
      runId: msg.runId, depth: msg.depth, deadline: msg.deadline, limits: msg.limits, http: msg.http,
      secret: (n) => o.secret?.(n), environment: (n) => o.environment?.(n),
      check: () => { if (Date.now() >= msg.deadline) throw new TimeoutSignal(); },
    };
    let answer: { outputs?: Record<string, unknown> | null; error?: ErrorInfo; timeout?: boolean };
    try {
      answer = { outputs: await o.callPattern!(m.patternId, m.inputs, parent, m.nodeId) };
    } catch (e) {
      answer = e instanceof TimeoutSignal ? { timeout: true } : { error: errorInfo(e, m.nodeId) };
    }
    if (slot.jobs.has(job.id)) slot.worker.postMessage({ t: 'called', callId: m.callId, ...answer });
  }

  /** The result of an execution the pool ended (its worker is gone, or cannot answer in time). */
  private ended(runId: string, status: RunStatus, error: ErrorInfo, startedAt = Date.now()): RunResult {
    return new WorkerResult(runId, status, null, null, [], error, Date.now() - startedAt, EMPTY_LOG(startedAt));
  }

  /** Every 100 ms: which threads are stuck, in which execution, and whether past its deadline. */
  private watch(): void {
    const now = Date.now();
    for (const s of [...this.slots]) {
      const hb = s.mark[MARK.heartbeat]!;
      s.stuck = hb === s.lastHeartbeat ? s.stuck + 1 : 0;
      s.lastHeartbeat = hb;
      if (s.stopping) continue;
      const current = s.mark[MARK.current]!;
      const culprit = s.stuck > 0 ? s.jobs.get(current) : undefined;
      if (culprit && now > culprit.deadline + this.options.graceMs) { this.stop(s, 'timeout', current); continue; }
      // An execution past its deadline whose worker cannot end it (its thread is held by another):
      // ended here; the worker's late answer is ignored.
      for (const job of s.jobs.values()) {
        if (job !== culprit && now > job.deadline + this.options.graceMs * 2) {
          s.jobs.delete(job.id);
          job.resolve(this.ended(job.message.runId, 'timeout', { code: 'TIMEOUT', message: 'execution ran past its deadline (its worker was held by another execution)', type: 'Timeout', nodeId: null }, job.startedAt));
        }
      }
    }
  }

  private stop(s: Slot, reason: 'timeout' | 'memory', culprit: number): void {
    s.stopping = { reason, culprit };
    void s.worker.terminate();
  }

  private onExit(s: Slot): void {
    const i = this.slots.indexOf(s);
    if (i >= 0) this.slots.splice(i, 1);
    const reason = s.stopping?.reason ?? (s.outOfMemory ? 'memory' : undefined);
    const culprit = s.stopping?.culprit ?? s.mark[MARK.current]!;
    const mb = this.options.memoryMb;
    for (const job of s.jobs.values()) {
      const runId = job.message.runId;
      if (job.id === culprit && reason === 'timeout') {
        job.resolve(this.ended(runId, 'timeout', { code: 'TIMEOUT', message: `execution ran past its deadline and held its worker for ${this.options.graceMs} ms more in one step; the worker was stopped`, type: 'Timeout', nodeId: null }, job.startedAt));
      } else if (job.id === culprit && reason === 'memory') {
        job.resolve(this.ended(runId, 'failed', { code: 'LIMIT_EXCEEDED', message: `the execution used more memory than its worker's limit of ${mb} MB; the worker was stopped`, type: 'LimitExceeded', nodeId: null }, job.startedAt));
      } else {
        const why = reason === 'memory' ? `another execution used more memory than the worker's limit of ${mb} MB` : reason === 'timeout' ? 'another execution held it past its deadline' : 'it stopped unexpectedly';
        job.resolve(this.ended(runId, 'failed', { code: 'INTERRUPTED', message: `the worker running this execution was stopped: ${why}`, type: 'Interrupted', nodeId: null }, job.startedAt));
      }
    }
    s.jobs.clear();
    if (!this.closed && this.slots.length > 0 && this.slots.length < this.options.workers) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
