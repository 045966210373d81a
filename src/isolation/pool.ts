// Execution processes: the executions the server does not run inline (executor.ts) run in child
// processes with their own bounded heap. A process can be stopped at any point, inside one long
// native step included — the one way to hold an execution to its deadline when a single node call
// runs long — and a heap filled in one step ends that process, not the server. (Worker threads were
// tried first and measured cheaper, but a worker filling its heap can abort the whole process:
// nodejs/node#47224; bench/README.md, "Isolation".) The price: executions that shared a stopped
// process end `failed` with INTERRUPTED (docs/semantics.md, "Limits of an execution").
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import type { CompiledPattern } from '../compiler/index.js';
import { DEFAULT_LIMITS, type Limits } from '../runtime/limits.js';
import { TimeoutSignal, type CallParent } from '../runtime/context.js';
import { errorInfo, type ErrorInfo } from '../errors/error.js';
import { emptyLog, expandLog } from '../history/node-log.js';
import type { NodeLog, RunOptions, RunResult, RunStatus } from '../runtime/execute.js';
import { MARK, type DoneMessage, type FromWorker, type RunMessage, type ToWorker } from './protocol.js';
import { channel, type Channel } from './channel.js';
import type { TapeEntry } from '../runtime/tape.js';
import type { InspectionData } from '../runtime/execute.js';

export interface PoolOptions {
  /** Workers kept running once started (a stopped one is replaced). */
  workers: number;
  /** Workers at most: more are started while every worker is stuck in a long synchronous step. */
  maxWorkers: number;
  /** Old-generation heap of each worker, MB. Executions fail LIMIT_EXCEEDED past 85% of it. */
  memoryMb: number;
  /** How long past its deadline an execution may hold its worker's thread before the worker is stopped. */
  graceMs: number;
  /** Start the kept workers at once, and keep one idle worker ready while below maxWorkers (a
   * server: a worker takes ~50 ms to start, ~500 ms while others hold both cores). Else on first use. */
  warm?: boolean;
  log?: { error(o: unknown, m?: string): void };
}

export const DEFAULT_POOL: PoolOptions = { workers: 2, maxWorkers: 8, memoryMb: 512, graceMs: 500 };

/** What the pool needs to run one execution (the executor fills it from the RunOptions). */
export interface IsolatedRun {
  plan: CompiledPattern;
  /** An inspection replay: the recorded tape to play back. */
  tape?: TapeEntry[] | undefined;
  /** Whose execution it is: one owner's stuck executions may hold at most half the workers. */
  owner?: string | undefined;
  event: Record<string, unknown>;
  options: RunOptions;
  secrets: Record<string, string>;
  environment: Record<string, string>;
}

interface Job {
  id: number;
  owner: string | undefined;
  startedAt: number;
  deadline: number;
  plan: CompiledPattern;
  options: RunOptions;
  message: RunMessage;
  resolve(r: RunResult): void;
  worker: Slot | undefined;
}

interface Slot {
  proc: ChildProcess;
  channel: Channel<ToWorker>;
  /** From the process's marks: the execution it runs now, the last it began, its last heartbeat. */
  current: number;
  started: number;
  heartbeatAt: number;
  jobs: Map<number, Job>;
  /** Executions in flight here by owner. */
  owners: Map<string, number>;
  /** Plan keys this worker has been sent (it may have dropped some: it then asks again). */
  keys: Set<string>;
  /** No heartbeat for 100 ms: the process is stuck in one execution (its `current`). */
  stuck: boolean;
  /** Why the pool stopped it, and the execution to blame. */
  stopping: { reason: 'timeout' | 'memory'; culprit: number } | undefined;
  outOfMemory: boolean;
  /** The process has loaded and listens: before, a missing heartbeat means nothing. */
  ready: boolean;
}

class StoredLog implements NodeLog {
  constructor(private readonly text: string) {}
  stored(): string {
    return this.text;
  }
  summary() {
    return expandLog(this.text);
  }
}

/** An execution's result as its worker (or the pool, for one it ended) reported it. */
class WorkerResult implements RunResult {
  readonly nodeLog: NodeLog;
  private expanded: ReturnType<typeof expandLog> | undefined;
  constructor(
    readonly runId: string,
    readonly status: RunStatus,
    readonly response: RunResult['response'],
    readonly outputs: RunResult['outputs'],
    readonly logs: RunResult['logs'],
    readonly error: ErrorInfo | null,
    readonly durationMs: number,
    log: string,
    readonly inspection?: InspectionData,
  ) {
    this.nodeLog = new StoredLog(log);
  }
  get trace() {
    return (this.expanded ??= this.nodeLog.summary());
  }
  toJSON() {
    const { runId, status, response, outputs, logs, error, durationMs, trace } = this;
    return { runId, status, response, outputs, logs, error, durationMs, trace };
  }
}

/** The built execution process: dist/executor.mjs of this package (made by `npm run build`). */
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
  if (!existsSync(entry)) throw new Error(`the execution process ${entry} is not built: run \`npm run build\``);
  return entry;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly keys = new WeakMap<CompiledPattern, string>();
  private keySeq = 0;
  private seq = 0;
  /** Executions in flight: while there are any, the watchdog's timer keeps the process running
   * (the processes and their pipes do not: an idle pool must not hold a command open). */
  private inFlight = 0;
  private readonly entry = workerEntry();
  private readonly watchdog: NodeJS.Timeout;
  private closed = false;

  constructor(readonly options: PoolOptions = DEFAULT_POOL) {
    // Workers start on first use (a tool whose plans all run inline never starts one), or at once.
    if (options.warm) for (let i = 0; i < options.workers; i++) this.spawn();
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
    const mb = this.options.memoryMb;
    // Not the server's flags nor its environment: a loader it runs under (tsx, a test runner's)
    // would transform the bundle again on every start, and executions read no variable but those
    // the server hands them (GetEnvironment's allow-list), its secrets key least of all.
    const proc = spawn(process.execPath, [`--max-old-space-size=${mb}`, this.entry], {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe', 'pipe'],
      env: { DRAGOPS_EXECUTION_MEMORY_MB: String(mb), ...(process.env.TZ ? { TZ: process.env.TZ } : {}) },
    });
    const messages = proc.stdio[3] as Socket,
      marks = proc.stdio[4] as Socket;
    const slot: Slot = {
      proc,
      channel: channel<FromWorker, ToWorker>(messages, (m) => this.onMessage(slot, m)),
      current: 0,
      started: 0,
      heartbeatAt: Date.now(),
      jobs: new Map(),
      owners: new Map(),
      keys: new Set(),
      stuck: false,
      stopping: undefined,
      outOfMemory: false,
      ready: false,
    };
    let rest: Buffer | null = null;
    marks.on('data', (chunk: Buffer) => {
      const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      let at = 0;
      for (; at + 8 <= buf.length; at += 8) {
        const kind = buf.readInt32LE(at),
          id = buf.readInt32LE(at + 4);
        if (kind === MARK.current) slot.current = id;
        else if (kind === MARK.started) slot.started = id;
        slot.heartbeatAt = Date.now();
      }
      rest = at === buf.length ? null : Buffer.from(buf.subarray(at));
    });
    messages.on('error', () => {}); // the exit says what happened
    marks.on('error', () => {});
    proc.on('exit', (code, signal) => {
      // V8 aborts a process whose heap is full (SIGABRT, or 134 through a shell).
      if (signal === 'SIGABRT' || code === 134) slot.outOfMemory = true;
      this.onExit(slot);
    });
    proc.unref();
    messages.unref();
    marks.unref();
    this.slots.push(slot);
    return slot;
  }

  private attach(s: Slot, job: Job): void {
    s.jobs.set(job.id, job);
    if (job.owner !== undefined) s.owners.set(job.owner, (s.owners.get(job.owner) ?? 0) + 1);
  }
  private detach(s: Slot, job: Job): void {
    if (!s.jobs.delete(job.id) || job.owner === undefined) return;
    const n = (s.owners.get(job.owner) ?? 1) - 1;
    if (n === 0) s.owners.delete(job.owner);
    else s.owners.set(job.owner, n);
  }

  /** The worker for a new execution. An owner's executions go where its others are while that worker
   * is not stuck (a burst from one owner lands on one worker); they spread to another worker only
   * when theirs are stuck in long steps, and to at most half the workers: past that they wait
   * behind their own, and the other workers stay free for everyone else. Otherwise: the least busy
   * worker that is not stuck, or a new one. */
  private pick(owner: string | undefined): Slot {
    if (owner !== undefined) {
      let free: Slot | undefined,
        held: Slot | undefined,
        stuck = 0;
      for (const s of this.slots) {
        if (s.stopping || !s.owners.has(owner)) continue;
        if (s.stuck) {
          stuck++;
          if (!held || s.jobs.size < held.jobs.size) held = s;
        } else if (!free || s.jobs.size < free.jobs.size) free = s;
      }
      if (free) return free;
      if (held && stuck >= Math.max(1, Math.floor(this.options.maxWorkers / 2))) return held;
    }
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (s.stopping || s.stuck) continue;
      if (!best || s.jobs.size < best.jobs.size) best = s;
    }
    if (best && (best.jobs.size === 0 || this.slots.length >= this.options.workers)) return best;
    if (this.slots.filter((s) => !s.stopping).length < this.options.maxWorkers) return this.spawn();
    let least: Slot | undefined;
    for (const s of this.slots) if (!s.stopping && (!least || s.jobs.size < least.jobs.size)) least = s;
    return least ?? this.spawn();
  }

  run(r: IsolatedRun): Promise<RunResult> {
    if (this.closed)
      return Promise.resolve(
        this.ended(r.options.runId ?? '', 'failed', { code: 'INTERRUPTED', message: 'the server is shutting down', type: 'Interrupted', nodeId: null }),
      );
    const o = r.options;
    const now = Date.now();
    const own = now + (o.timeoutMs ?? r.plan.timeoutMs);
    const deadline = o.deadline !== undefined ? Math.min(own, o.deadline) : own;
    const id = ++this.seq;
    const limits: Limits = o.limits ? { ...DEFAULT_LIMITS, ...o.limits } : DEFAULT_LIMITS;
    const message: RunMessage = {
      t: 'run',
      id,
      key: this.keyOf(r.plan),
      event: r.event,
      runId: o.runId ?? `run_${id}`,
      depth: o.depth ?? 0,
      deadline,
      limits,
      http: o.http,
      traceLimit: o.traceLimit,
      secrets: r.secrets,
      environment: r.environment,
      connections: o.connections ?? {},
      calls: o.callPattern !== undefined,
      forceAsync: o.forceAsync === true,
      inspect: r.tape ? { tape: r.tape } : undefined,
    };
    if (this.inFlight++ === 0) this.watchdog.ref();
    return new Promise<RunResult>((resolve) => {
      const done = (result: RunResult) => {
        if (--this.inFlight === 0) this.watchdog.unref();
        resolve(result);
      };
      const job: Job = { id, owner: r.owner, startedAt: now, deadline, plan: r.plan, options: o, message, resolve: done, worker: undefined };
      this.send(job);
    });
  }

  private send(job: Job): void {
    const plan = job.plan;
    const slot = this.pick(job.owner);
    // A number per sending, increasing: the worker's `started` mark then tells which have begun.
    job.id = job.message.id = ++this.seq;
    job.worker = slot;
    this.attach(slot, job);
    const m = job.message;
    if (!slot.keys.has(m.key)) {
      if (slot.keys.size > 5000) slot.keys.clear();
      slot.keys.add(m.key);
      m.plan = { document: plan.document, callees: { ...plan.callees }, packs: Object.values(plan.packs), nodeVersions: { ...plan.nodeVersions } };
    }
    try {
      slot.channel.send(m);
    } catch (e) {
      // A value that cannot be copied to another thread (none should reach here: events are data).
      this.detach(slot, job);
      job.resolve(this.ended(m.runId, 'failed', errorInfo(e), job.startedAt));
    }
    m.plan = undefined;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.t === 'ready') {
      slot.ready = true;
      return;
    }
    const job = slot.jobs.get(m.id);
    if (!job) return; // ended by the pool already (past its deadline): a late answer
    switch (m.t) {
      case 'done':
        return this.finish(slot, job, m);
      case 'response':
        job.options.onResponse?.(m.response, m.binary);
        return;
      case 'need': {
        this.detach(slot, job);
        slot.keys.delete(job.message.key);
        return this.send(job);
      }
      case 'call':
        return void this.call(slot, job, m);
    }
  }

  private finish(slot: Slot, job: Job, m: DoneMessage): void {
    this.detach(slot, job);
    job.resolve(new WorkerResult(job.message.runId, m.status, m.response, m.outputs, m.logs, m.error, m.durationMs, m.log, m.inspection));
  }

  /** CallPattern from a worker: the server's caller runs the callee (wherever it runs) and answers. */
  private async call(slot: Slot, job: Job, m: Extract<FromWorker, { t: 'call' }>): Promise<void> {
    const o = job.options;
    const msg = job.message;
    const parent: CallParent = {
      runId: msg.runId,
      depth: msg.depth,
      deadline: msg.deadline,
      limits: msg.limits,
      http: msg.http,
      secret: (n) => o.secret?.(n),
      environment: (n) => o.environment?.(n),
      check: () => {
        if (Date.now() >= msg.deadline) throw new TimeoutSignal();
      },
    };
    let answer: { outputs?: Record<string, unknown> | null; error?: ErrorInfo; timeout?: boolean };
    try {
      answer = { outputs: await o.callPattern!(m.patternId, m.inputs, parent, m.nodeId) };
    } catch (e) {
      answer = e instanceof TimeoutSignal ? { timeout: true } : { error: errorInfo(e, m.nodeId) };
    }
    if (slot.jobs.has(job.id)) slot.channel.send({ t: 'called', callId: m.callId, ...answer });
  }

  /** The result of an execution the pool ended (its worker is gone, or cannot answer in time). */
  private ended(runId: string, status: RunStatus, error: ErrorInfo, startedAt = Date.now()): RunResult {
    return new WorkerResult(runId, status, null, null, [], error, Date.now() - startedAt, emptyLog(startedAt));
  }

  /** Every 100 ms: which threads are stuck, in which execution, and whether past its deadline. */
  private watch(): void {
    const now = Date.now();
    for (const s of [...this.slots]) {
      s.stuck = s.ready && now - s.heartbeatAt > 100;
      if (s.stopping) continue;
      const current = s.current;
      const culprit = s.stuck ? s.jobs.get(current) : undefined;
      if (culprit && now > culprit.deadline + this.options.graceMs) {
        this.stop(s, 'timeout', current);
        continue;
      }
      // An execution past its deadline whose worker cannot end it (its thread is held by another):
      // ended here; the worker's late answer is ignored.
      for (const job of s.jobs.values()) {
        if (job !== culprit && now > job.deadline + this.options.graceMs * 2) {
          this.detach(s, job);
          job.resolve(
            this.ended(
              job.message.runId,
              'timeout',
              { code: 'TIMEOUT', message: 'execution ran past its deadline (its worker was held by another execution)', type: 'Timeout', nodeId: null },
              job.startedAt,
            ),
          );
        }
      }
    }
    if (this.options.warm) this.spare();
  }

  /** A warm spare (servers): one idle worker that is not stuck, so that the next execution does not
   * wait for a worker to start while the others are held. */
  private spare(): void {
    const live = this.slots.filter((s) => !s.stopping);
    if (live.length === 0 || live.length >= this.options.maxWorkers) return;
    if (!live.some((s) => !s.stuck && s.jobs.size === 0)) this.spawn();
  }

  private stop(s: Slot, reason: 'timeout' | 'memory', culprit: number): void {
    s.stopping = { reason, culprit };
    s.proc.kill('SIGKILL');
  }

  private onExit(s: Slot): void {
    const i = this.slots.indexOf(s);
    if (i >= 0) this.slots.splice(i, 1);
    const reason = s.stopping?.reason ?? (s.outOfMemory ? 'memory' : undefined);
    const culprit = s.stopping?.culprit ?? s.current;
    const started = s.started;
    const mb = this.options.memoryMb;
    const jobs = [...s.jobs.values()];
    s.jobs.clear();
    s.owners.clear();
    for (const job of jobs) {
      const runId = job.message.runId;
      if (job.id > started && !this.closed) {
        // Never began: another worker runs it — unless its deadline has passed meanwhile.
        if (Date.now() < job.deadline) this.send(job);
        else
          job.resolve(
            this.ended(
              runId,
              'timeout',
              {
                code: 'TIMEOUT',
                message: 'execution ran past its deadline before it could start (its worker was held by another execution)',
                type: 'Timeout',
                nodeId: null,
              },
              job.startedAt,
            ),
          );
        continue;
      }
      if (job.id === culprit && reason === 'timeout') {
        job.resolve(
          this.ended(
            runId,
            'timeout',
            {
              code: 'TIMEOUT',
              message: `execution ran past its deadline and held its worker for ${this.options.graceMs} ms more in one step; the worker was stopped`,
              type: 'Timeout',
              nodeId: null,
            },
            job.startedAt,
          ),
        );
      } else if (job.id === culprit && reason === 'memory') {
        job.resolve(
          this.ended(
            runId,
            'failed',
            {
              code: 'LIMIT_EXCEEDED',
              message: `the execution used more memory than its worker's limit of ${mb} MB; the worker was stopped`,
              type: 'LimitExceeded',
              nodeId: null,
            },
            job.startedAt,
          ),
        );
      } else {
        const why =
          reason === 'memory'
            ? `another execution used more memory than the worker's limit of ${mb} MB`
            : reason === 'timeout'
              ? 'another execution held it past its deadline'
              : 'it stopped unexpectedly';
        job.resolve(
          this.ended(
            runId,
            'failed',
            { code: 'INTERRUPTED', message: `the worker running this execution was stopped: ${why}`, type: 'Interrupted', nodeId: null },
            job.startedAt,
          ),
        );
      }
    }
    if (!this.closed && this.slots.length > 0 && this.slots.length < this.options.workers) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.proc.exitCode !== null || s.proc.signalCode !== null) return resolve();
            s.proc.once('exit', () => resolve());
            s.proc.ref(); // until it has exited
            s.proc.kill('SIGKILL');
          }),
      ),
    );
  }
}
