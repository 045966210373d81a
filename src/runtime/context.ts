// The state of one execution: deadline, variables live in the generated code, everything the outside
// world sees (response, outputs, logs, error) lives here. Never shared between executions.
import { DragopsError, errorInfo, type ErrorInfo } from '../errors/error.js';
import { createHash, randomUUID } from 'node:crypto';
import { ReplayDiverged, type TapeReader } from './tape.js';
import type { Inspector } from './inspector.js';
import { Trace, NO_TRACE } from './trace.js';
import { maskDeep } from './preview.js';
import type { Limits } from './limits.js';
import type { ResolvedConnection } from '../connections/port.js';
import type { ErrorCode } from '../errors/catalog.js';

/** A connection as an execution gets it: resolved, or why it could not be (the node that uses it fails so). */
export type ConnectionEntry = ResolvedConnection | { error: { code: string; message: string } };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface LogLine {
  level: LogLevel;
  message: string;
  nodeId: string | null;
}
export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Thrown by loop guards in the synchronous variant when it has run long enough: run it async. */
export class NeedAsync extends Error {}
/** Thrown when the deadline has passed. Not catchable by TryCatch, Retry or OnError. */
export class TimeoutSignal extends Error {}
/** Thrown when the worker's heap passes its soft limit while this execution runs: the execution
 * ends `failed` with LIMIT_EXCEEDED. Not catchable either (a handler would only allocate more). */
export class MemoryLimit extends Error {}

/** What a pattern call needs of its calling execution (an ExecutionContext, or its stand-in on the
 * server's thread when the caller runs in a worker). */
export interface CallParent {
  readonly runId: string;
  readonly depth: number;
  readonly deadline: number;
  readonly limits: Limits;
  readonly http: ContextOptions['http'];
  secret(name: string): string | undefined;
  environment(name: string): string | undefined;
  /** Throws TimeoutSignal when the deadline has passed. */
  check(): void;
}

export interface PatternCaller {
  (patternId: string, inputs: Record<string, unknown>, parent: CallParent, nodeId: string): Promise<Record<string, unknown> | null>;
}

/** How an execution process tells the server which execution it is running: when the process stops
 * answering, the server knows which execution holds it (src/isolation/pool.ts). */
export interface RunningMark {
  id: number;
  switchTo(id: number): void;
}

export interface ContextOptions {
  /** Given by the caller (the server's run id), else made on first use. */
  runId: string | undefined;
  nodes: readonly { id: string; name: string }[];
  timeoutMs: number;
  limits: Limits;
  trace: boolean;
  traceLimit: number;
  /** In the synchronous variant: how long before a loop guard asks for the async variant. */
  syncBudgetMs: number;
  yieldEveryMs: number;
  depth: number;
  callPattern?: PatternCaller | undefined;
  /** `binary`: the body holds bytes somewhere (written as base64 in JSON), as its responder found. */
  onResponse?: ((r: WebhookResponse, binary: boolean) => void) | undefined;
  secret?: ((name: string) => string | undefined) | undefined;
  environment?: ((name: string) => string | undefined) | undefined;
  /** The connections the plan's pack nodes name, resolved before the run (src/packs/connections.ts):
   * plain data, so it reaches execution processes as it is. Their credentials are masked like secrets. */
  connections?: Readonly<Record<string, ConnectionEntry>> | undefined;
  /** Outbound HTTP policy for HTTPRequest (SSRF protection); docs/semantics.md "HTTP requests". */
  http?:
    | {
        /** When non-empty, only these hosts: names (`api.example.com`), `*.example.com`, IPs, CIDR ranges. */
        allowHosts?: readonly string[];
        /** Never these (same forms), checked on the name and on every address it resolves to. */
        denyHosts?: readonly string[];
        /** Refuse loopback, private and reserved addresses (default false: self-hosters call their own services). */
        denyPrivateNetworks?: boolean;
        /** Largest response body, after decompression (default 10 MiB). */
        maxResponseBytes?: number;
        /** Redirects followed per request (default 5). */
        maxRedirects?: number;
      }
    | undefined;
  /** Absolute deadline inherited from a caller (epoch ms, Date.now()), if earlier than our own. */
  deadline?: number | undefined;
  /** In an execution process: marks this execution as the one running whenever it resumes. */
  running?: RunningMark | undefined;
  /** Inspection: play these recorded values back instead of running non-deterministic nodes (and
   * skip every wait), recording every node's values in `inspector`. */
  replay?: TapeReader | undefined;
  inspector?: Inspector | undefined;
  /** In an execution process: a message when its heap is past its soft limit (read at loop guards and after
   * waits, at most every few milliseconds): the execution then fails LIMIT_EXCEEDED. */
  overMemory?: (() => string | undefined) | undefined;
}

// Loop iterations between two looks at the clock: generated code starts at GUARD_START; each look
// doubles it (up to GUARD_MAX) while iterations are fast and shrinks it to about one look per
// millisecond (down to 1) when they are slow, so a loop of slow iterations still meets its deadline
// (and one whose iterations allocate a lot meets its memory limit: the first look comes early).
export const GUARD_START = 8;
const GUARD_MAX = 1024;
/** Shorter secret values are not masked: they would turn ordinary words into `***`. */
export const MIN_MASKED = 4;

export class ExecutionContext {
  /** For durations: monotonic, read once at the start and once at the end. */
  readonly startedAt = performance.now();
  /** Epoch ms. Loop guards read Date.now(): performance.now() inlined into a hot loop makes V8 box
   * the loop's numbers and slows the whole loop about 4× (measured, bench/README.md). */
  readonly startedAtMs = Date.now();
  readonly deadline: number;
  readonly trace: Trace;
  readonly logs: LogLine[] = [];
  response: WebhookResponse | null = null;
  /** Whether the response's body holds bytes (see `respond`). */
  responseBinary = true;
  outputs: Record<string, unknown> | null = null;
  error: ErrorInfo | null = null;
  cancelled = false;
  private lastYield = this.startedAtMs;
  private lastTick = this.startedAtMs;
  private guard = GUARD_START;

  private nextGuard(now: number): number {
    const elapsed = now - this.lastTick;
    // About one look per millisecond: iterations per ms when slow, doubling when fast.
    // `| 0`: a small integer (Smi) for the generated loop's counter, never a heap number.
    const g = (elapsed > 1 ? Math.max(1, Math.floor(this.guard / elapsed)) : Math.min(GUARD_MAX, this.guard << 1)) | 0;
    this.lastTick = now;
    return (this.guard = g);
  }
  // Made on first use: most executions never need them, and both cost more than the whole W1 run.
  private abort: AbortController | undefined;
  /** Values of the secrets read so far (and their JSON and URL forms), masked in logs and errors. */
  private secrets: string[] | undefined;
  private id: string | undefined;

  constructor(
    readonly options: ContextOptions,
    private readonly sync: boolean,
  ) {
    const own = this.startedAtMs + options.timeoutMs;
    this.deadline = options.deadline !== undefined ? Math.min(own, options.deadline) : own;
    this.trace = options.trace ? new Trace(options.nodes, options.traceLimit, this.startedAtMs, this.startedAt) : NO_TRACE;
    this.id = options.runId;
  }

  get runId(): string {
    return (this.id ??= `run_${randomUUID().replace(/-/g, '')}`);
  }
  /** Inspection replays play the tape back (generated code: `ctx.replaying ? ctx.take(k) : ctx.keep(k, …)`). */
  get replaying(): boolean {
    return this.options.replay !== undefined;
  }
  get inspector(): Inspector | undefined {
    return this.options.inspector;
  }
  /** A non-deterministic node's result, kept on the tape (the node log carries it). */
  keep<T>(k: number, value: T): T {
    if (this.trace !== NO_TRACE) (this.trace.tape ??= []).push([k, value]);
    return value;
  }
  /** …or the error it raised (not the signals that end an execution). */
  keepError(k: number, e: unknown): void {
    if (this.replaying || this.isFatal(e) || this.trace === NO_TRACE) return;
    (this.trace.tape ??= []).push([k, null, this.errorOf(e, k)]);
  }
  take(k: number): unknown {
    return this.options.replay!.take(k);
  }
  /** A non-deterministic node's call (generated code): kept on the tape with its result or its
   * error, or played back in a replay (its arguments are evaluated either way, so a conversion
   * error happens in both). */
  tapeSync(k: number, f: (...a: unknown[]) => unknown, args: unknown[]): unknown {
    if (this.options.replay) return this.options.replay.take(k);
    try {
      return this.keep(k, f(...args));
    } catch (e) {
      this.keepError(k, e);
      throw e;
    }
  }
  async tapeAsync(k: number, f: (...a: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
    if (this.options.replay) return this.options.replay.take(k);
    try {
      return this.keep(k, await f(...args));
    } catch (e) {
      this.keepError(k, e);
      throw e;
    }
  }
  /** Aborted when the deadline passes: for nodes that wait on the outside world (HTTP, timers). */
  get signal(): AbortSignal {
    return (this.abort ??= new AbortController()).signal;
  }
  get depth(): number {
    return this.options.depth;
  }
  get limits(): Limits {
    return this.options.limits;
  }
  get http(): ContextOptions['http'] {
    return this.options.http;
  }

  /** Marks this execution as the worker thread's current one (after every wait and loop guard). */
  resumed(): void {
    const r = this.options.running;
    if (r) r.switchTo(r.id);
  }

  private lastMemoryCheck = 0;
  /** The worker's soft memory limit, read at most every 5 ms. */
  private checkMemory(now: number): void {
    const over = this.options.overMemory;
    if (over === undefined || now - this.lastMemoryCheck < 5) return;
    this.lastMemoryCheck = now;
    const message = over();
    if (message !== undefined) throw new MemoryLimit(message);
  }

  /** Loop guard, synchronous variant. Returns the iterations until the next look at the clock. */
  tick(): number {
    const now = Date.now();
    if (now >= this.deadline || this.cancelled) throw new TimeoutSignal();
    if (this.sync && now - this.startedAtMs > this.options.syncBudgetMs) throw new NeedAsync();
    this.checkMemory(now);
    return this.nextGuard(now);
  }

  /** Loop guard, asynchronous variant: also yields to the event loop so others get their turn. */
  async tickAsync(): Promise<number> {
    let now = Date.now();
    if (now - this.lastYield >= this.options.yieldEveryMs) {
      await new Promise<void>((r) => setImmediate(r));
      this.resumed();
      now = this.lastYield = Date.now();
    }
    if (now >= this.deadline || this.cancelled) throw new TimeoutSignal();
    this.checkMemory(now);
    return this.nextGuard(now);
  }

  /** After an await: stop if the deadline passed meanwhile. */
  check(): void {
    this.resumed();
    const now = Date.now();
    if (this.cancelled || now >= this.deadline) throw new TimeoutSignal();
    this.checkMemory(now);
  }

  cancel(): void {
    this.cancelled = true;
    this.abort?.abort(new TimeoutSignal('deadline'));
  }

  /** Signals that no handler may swallow. */
  isFatal(e: unknown): boolean {
    return e instanceof TimeoutSignal || e instanceof NeedAsync || e instanceof MemoryLimit || e instanceof ReplayDiverged;
  }

  /** An error reached the top of the flow: record it (the execution ends `failed`). */
  fail(e: unknown, at: number): ErrorInfo {
    const info = this.errorOf(e, at);
    if (!this.error) this.error = info;
    // Logged on the node the error names (a pure node evaluated for `at` may be the one that failed).
    const named = info.nodeId === null ? -1 : this.options.nodes.findIndex((n) => n.id === info.nodeId);
    this.trace.event(named >= 0 ? named : Math.max(at, 0), 'error', info);
    return info;
  }

  /** The `{message, type, code, nodeId}` record of an error, as TryCatch and OnError see it. */
  errorOf(e: unknown, at: number): ErrorInfo {
    const info = errorInfo(e, at >= 0 ? (this.options.nodes[at]?.id ?? null) : null);
    if (this.secrets) info.message = this.mask(info.message);
    const inspector = this.options.inspector;
    if (inspector) {
      const k = info.nodeId === null ? at : this.options.nodes.findIndex((n) => n.id === info.nodeId);
      if (k >= 0) inspector.err(k, info);
    }
    return info;
  }

  log(level: LogLevel, message: string, nodeIndex: number): void {
    const nodeId = this.options.nodes[nodeIndex]?.id ?? null;
    if (this.secrets) message = this.mask(message);
    if (this.logs.length < this.options.limits.maxLogLines) this.logs.push({ level, message, nodeId });
    this.trace.event(nodeIndex, 'log', { level, message });
  }

  /** `binary`: whether the body holds bytes, when the responder has walked it (RespondToWebhook
   * bounds it with jsonShape); else assumed. */
  respond(r: WebhookResponse, binary = true): void {
    if (this.response) return; // the first response wins; later ones are no-ops (documented)
    this.response = r;
    this.responseBinary = binary;
    if (this.trace !== NO_TRACE) this.trace.response = r;
    this.options.onResponse?.(r, binary);
  }

  async callPattern(patternId: string, inputs: Record<string, unknown>, nodeIndex: number): Promise<Record<string, unknown> | null> {
    const nodeId = this.options.nodes[nodeIndex]?.id ?? '';
    if (!this.options.callPattern) throw new DragopsError('PATTERN_NOT_FOUND', `no pattern resolver: cannot call ${JSON.stringify(patternId)}`, { nodeId });
    if (this.depth + 1 > this.options.limits.maxCallDepth) {
      throw new DragopsError(
        'CALL_DEPTH_EXCEEDED',
        `pattern calls nested deeper than ${this.options.limits.maxCallDepth} (calling ${JSON.stringify(patternId)})`,
        { nodeId },
      );
    }
    return this.options.callPattern(patternId, inputs, this, nodeId);
  }

  /** Waits `ms`, but never past the deadline. */
  sleep(ms: number): Promise<void> {
    if (this.replaying) return Promise.resolve(); // a replay does not wait (Delay, Retry's backoff)
    const remaining = this.deadline - Date.now();
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(
        () => {
          this.signal.removeEventListener('abort', onAbort);
          if (ms >= remaining) reject(new TimeoutSignal());
          else resolve();
        },
        Math.max(0, Math.min(ms, remaining)),
      );
      const onAbort = () => {
        clearTimeout(t);
        reject(new TimeoutSignal());
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Reads a secret, and remembers its value so that logs and errors show it as `***`. */
  secret(name: string): string | undefined {
    const v = this.options.secret?.(name);
    if (v !== undefined && v.length >= MIN_MASKED) this.remember(v);
    // The log keeps a digest of each secret read (never its value): inspection can then tell whether
    // the secret it reads today is the one this execution used.
    if (v !== undefined && this.trace !== NO_TRACE && !(this.trace.secretDigests && Object.hasOwn(this.trace.secretDigests, name))) {
      Object.defineProperty((this.trace.secretDigests ??= {}), name, {
        value: createHash('sha256').update(v).digest('hex').slice(0, 16),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return v;
  }

  /** A pack node's connection (resolved before the run); its credential values are masked from
   * here on, as a secret's are. Throws the reason when it could not be resolved. */
  connection(id: string): ResolvedConnection {
    const all = this.options.connections;
    const e = all && Object.hasOwn(all, id) ? all[id] : undefined;
    if (e === undefined) throw new DragopsError('CONNECTION_ERROR', `connection ${JSON.stringify(id)} was not resolved for this execution`);
    if ('error' in e) throw new DragopsError(e.error.code as ErrorCode, e.error.message);
    // Non-secret fields (a base URL, a subdomain) are in `fields` too and stay readable in messages.
    for (const k of Object.keys(e.credentials)) if (!(Object.hasOwn(e.fields, k) && e.fields[k] === e.credentials[k])) this.conceal(e.credentials[k]!);
    return e;
  }

  /** `v` with the values masked so far replaced by `***` in every string (a copy when there are any):
   * what a pack node's service echoes of its credentials never reaches the pattern (SPEC §14). */
  masked<T>(v: T): T {
    return this.secrets === undefined ? v : (maskDeep(v, (s) => this.mask(s)) as T);
  }

  /** Masks a value in logs and errors from here on (one made from a credential, as a Basic header). */
  conceal(v: string): void {
    if (typeof v === 'string' && v.length >= MIN_MASKED) this.remember(v);
  }

  private remember(v: string): void {
    if (!this.secrets) {
      this.secrets = [];
      this.trace.setMask((s) => this.mask(s));
      if (this.options.inspector) this.options.inspector.mask = (s) => this.mask(s);
    }
    // The value as written, and as it appears inside JSON text and inside a URL.
    let inUrl = v;
    try {
      inUrl = encodeURIComponent(v);
    } catch {
      /* a lone surrogate cannot be in a URL anyway */
    }
    for (const form of [v, JSON.stringify(v).slice(1, -1), inUrl]) {
      if (!this.secrets.includes(form)) this.secrets.push(form);
    }
    this.secrets.sort((a, b) => b.length - a.length); // longest first, so no part of one is left
    for (const line of this.logs) line.message = this.mask(line.message); // lines written before it was read
  }

  /** Replaces every secret value this execution has read with `***`; free until one is read. */
  mask(s: string): string {
    const list = this.secrets;
    if (list === undefined) return s;
    for (const v of list) if (s.includes(v)) s = s.split(v).join('***');
    return s;
  }

  environment(name: string): string | undefined {
    return this.options.environment?.(name);
  }
}
