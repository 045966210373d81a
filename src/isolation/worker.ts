// An execution worker: a thread with its own heap (resourceLimits) that compiles plans from their
// documents and runs executions sent by the server's thread (pool.ts). Nothing in it is shared with
// the server but the mark (which execution runs now) and the messages.
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { compile, type CompiledPattern } from '../compiler/index.js';
import { createRegistry } from '../nodes/index.js';
import { execute } from '../runtime/execute.js';
import { TimeoutSignal, type PatternCaller } from '../runtime/context.js';
import { DragopsError } from '../errors/error.js';
import type { ErrorCode } from '../errors/catalog.js';
import { MARK, type CalledMessage, type FromWorker, type RunMessage, type ToWorker } from './protocol.js';

export interface WorkerData { mark: SharedArrayBuffer; softLimitBytes: number; heapLimitMb: number }

const port = parentPort!;
const data = workerData as WorkerData;
const mark = new Int32Array(data.mark);
const registry = createRegistry();
/** Compiled plans by key, oldest first (a Map keeps insertion order): at most PLANS. */
const plans = new Map<string, CompiledPattern>();
const PLANS = 500;
const calls = new Map<number, (m: CalledMessage) => void>();
let callSeq = 0;

const post = (m: FromWorker): void => port.postMessage(m);

// The heartbeat: bumped whenever the thread is free to run timers. The server reads a heartbeat that
// stopped as "this thread is stuck in the execution marked current".
setInterval(() => { Atomics.add(mark, MARK.heartbeat, 1); }, 20).unref();

const overMemory = (): string | undefined => {
  const used = getHeapStatistics().used_heap_size;
  return used > data.softLimitBytes
    ? `the execution's worker heap passed ${Math.round(data.softLimitBytes / 1048576)} MB of its ${data.heapLimitMb} MB limit while this execution ran`
    : undefined;
};

function planFor(m: RunMessage): CompiledPattern | undefined {
  const hit = plans.get(m.key);
  if (hit) return hit;
  if (!m.plan) return undefined;
  const callees = m.plan.callees;
  const r = compile(m.plan.document, { registry, resolveInterface: (id) => callees[id] ?? undefined });
  if (!r.ok) throw new DragopsError('INTERNAL_ERROR', `the plan did not compile in its worker: ${r.errors[0]?.message ?? 'unknown error'}`);
  plans.set(m.key, r.compiled);
  if (plans.size > PLANS) plans.delete(plans.keys().next().value!);
  return r.compiled;
}

function callerFor(id: number): PatternCaller {
  return (patternId, inputs, _parent, nodeId) => new Promise((resolve, reject) => {
    const callId = ++callSeq;
    calls.set(callId, (m) => {
      if (m.timeout) return reject(new TimeoutSignal());
      if (m.error) return reject(new DragopsError(m.error.code as ErrorCode, m.error.message, { nodeId: m.error.nodeId ?? nodeId, type: m.error.type }));
      resolve(m.outputs ?? null);
    });
    post({ t: 'call', id, callId, patternId, inputs, nodeId });
  });
}

async function run(m: RunMessage): Promise<void> {
  let plan: CompiledPattern | undefined;
  try { plan = planFor(m); } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    post({ t: 'done', id: m.id, status: 'failed', response: null, outputs: null, logs: [], error: { code: 'INTERNAL_ERROR', message, type: 'EngineError', nodeId: null }, durationMs: 0, log: '{"v":3,"t":0,"n":{},"e":[],"dropped":0,"runs":{}}' });
    return;
  }
  if (!plan) { post({ t: 'need', id: m.id }); return; }
  const running = { view: mark, id: m.id };
  mark[MARK.current] = m.id;
  mark[MARK.switches]!++;
  const secrets = m.secrets, environment = m.environment;
  const r = await execute(plan, m.event, {
    runId: m.runId, depth: m.depth, deadline: m.deadline, timeoutMs: Math.max(0, m.deadline - Date.now()), limits: m.limits,
    http: m.http, traceLimit: m.traceLimit, forceAsync: m.forceAsync,
    secret: (n) => (Object.hasOwn(secrets, n) ? secrets[n] : undefined),
    environment: (n) => (Object.hasOwn(environment, n) ? environment[n] : undefined),
    callPattern: m.calls ? callerFor(m.id) : undefined,
    onResponse: (response, binary) => post({ t: 'response', id: m.id, response, binary }),
    running, overMemory,
  });
  if (mark[MARK.current] === m.id) mark[MARK.current] = 0;
  post({ t: 'done', id: m.id, status: r.status, response: r.response, outputs: r.outputs, logs: r.logs, error: r.error, durationMs: r.durationMs, log: r.nodeLog.stored() });
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'run') void run(m);
  else if (m.t === 'called') { const f = calls.get(m.callId); calls.delete(m.callId); f?.(m); }
});
post({ t: 'ready' });
