// An execution process: started by the server (pool.ts) with its own heap (--max-old-space-size),
// it compiles plans from their documents and runs the executions sent to it. It shares nothing with
// the server but two pipes: messages (fd 3) and marks (fd 4, see protocol.ts). Anything that goes
// wrong in it — a heap filled in one step, a native crash, a kill at a deadline — ends this process
// only.
import { Socket } from 'node:net';
import { writeSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { compile, type CompiledPattern, type PackRef } from '../compiler/index.js';
import { installed, packNodesOf, type InstalledPack } from '../packs/library.js';
import type { PackDocument } from '../packs/schema.js';
import { createRegistry } from '../nodes/index.js';
import { execute } from '../runtime/execute.js';
import { Inspector } from '../runtime/inspector.js';
import { TapeReader } from '../runtime/tape.js';
import { emptyLog } from '../history/node-log.js';
import { TimeoutSignal, type PatternCaller, type RunningMark } from '../runtime/context.js';
import { DragopsError } from '../errors/error.js';
import type { ErrorCode } from '../errors/catalog.js';
import { channel } from './channel.js';
import { MARK, type CalledMessage, type FromWorker, type RunMessage, type ToWorker } from './protocol.js';

const heapLimitMb = Number(process.env.DRAGOPS_EXECUTION_MEMORY_MB ?? 512);
const softLimitBytes = Math.floor(heapLimitMb * 0.85 * 1048576);
const registry = createRegistry();
/** Compiled plans by key, oldest first (a Map keeps insertion order): at most PLANS. */
const plans = new Map<string, CompiledPattern>();
const PLANS = 500;
const calls = new Map<number, (m: CalledMessage) => void>();
let callSeq = 0;

const mark = Buffer.alloc(8);
const writeMark = (kind: number, id: number): void => {
  mark.writeInt32LE(kind, 0);
  mark.writeInt32LE(id, 4);
  try {
    writeSync(4, mark);
  } catch {
    /* the server is gone: the socket's end stops us */
  }
};
let current = 0;
const switchTo = (id: number): void => {
  if (id !== current) {
    current = id;
    writeMark(MARK.current, id);
  }
};

const socket = new Socket({ fd: 3, readable: true, writable: true });
const out = channel<ToWorker, FromWorker>(socket, (m) => {
  if (m.t === 'run') void run(m);
  else if (m.t === 'called') {
    const f = calls.get(m.callId);
    calls.delete(m.callId);
    f?.(m);
  }
});
socket.on('end', () => process.exit(0)); // the server went away
socket.on('error', () => process.exit(0));
const post = (m: FromWorker): void => out.send(m);

setInterval(() => writeMark(MARK.heartbeat, 0), 20);

const overMemory = (): string | undefined =>
  getHeapStatistics().used_heap_size > softLimitBytes
    ? `the execution's process heap passed ${Math.round(softLimitBytes / 1048576)} MB of its ${heapLimitMb} MB limit while this execution ran`
    : undefined;

function planFor(m: RunMessage): CompiledPattern | undefined {
  const hit = plans.get(m.key);
  if (hit) return hit;
  if (!m.plan) return undefined;
  const callees = m.plan.callees;
  const r = compile(m.plan.document, {
    registry,
    nodeVersions: m.plan.nodeVersions, // the same node versions as the server's plan
    resolveInterface: (id) => callees[id] ?? undefined,
    packs: packNodesOf(m.plan.packs.map(packOf)),
  });
  if (!r.ok) throw new DragopsError('INTERNAL_ERROR', `the plan did not compile in its execution process: ${r.errors[0]?.message ?? 'unknown error'}`);
  plans.set(m.key, r.compiled);
  if (plans.size > PLANS) plans.delete(plans.keys().next().value!);
  return r.compiled;
}

/** Pack documents the server sent, by digest (a pack's node definitions are made once per version). */
const packs = new Map<string, InstalledPack>();
function packOf(ref: PackRef): InstalledPack {
  const key = `${ref.slug}@${ref.digest}`;
  let p = packs.get(key);
  if (!p) {
    if (packs.size > 1000) packs.clear();
    packs.set(key, (p = installed(ref.document as PackDocument, ref.digest)));
  }
  return p;
}

function callerFor(id: number): PatternCaller {
  return (patternId, inputs, _parent, nodeId) =>
    new Promise((resolve, reject) => {
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
  writeMark(MARK.started, m.id);
  if (Date.now() >= m.deadline) {
    // it waited behind a long step past its whole deadline: do not start it
    post({
      t: 'done',
      id: m.id,
      status: 'timeout',
      response: null,
      outputs: null,
      logs: [],
      error: {
        code: 'TIMEOUT',
        message: 'execution ran past its deadline before it could start (its worker was held by another execution)',
        type: 'Timeout',
        nodeId: null,
      },
      durationMs: 0,
      log: emptyLog(Date.now()),
    });
    return;
  }
  let plan: CompiledPattern | undefined;
  try {
    plan = planFor(m);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    post({
      t: 'done',
      id: m.id,
      status: 'failed',
      response: null,
      outputs: null,
      logs: [],
      error: { code: 'INTERNAL_ERROR', message, type: 'EngineError', nodeId: null },
      durationMs: 0,
      log: emptyLog(Date.now()),
    });
    return;
  }
  if (!plan) {
    post({ t: 'need', id: m.id });
    return;
  }
  const running: RunningMark = { id: m.id, switchTo };
  switchTo(m.id);
  const secrets = m.secrets,
    environment = m.environment;
  const r = await execute(plan, m.event, {
    runId: m.runId,
    depth: m.depth,
    deadline: m.deadline,
    timeoutMs: Math.max(0, m.deadline - Date.now()),
    limits: m.limits,
    http: m.http,
    traceLimit: m.traceLimit,
    forceAsync: m.forceAsync,
    secret: (n) => (Object.hasOwn(secrets, n) ? secrets[n] : undefined),
    environment: (n) => (Object.hasOwn(environment, n) ? environment[n] : undefined),
    connections: m.connections,
    callPattern: m.calls ? callerFor(m.id) : undefined,
    onResponse: (response, binary) => post({ t: 'response', id: m.id, response, binary }),
    running,
    overMemory,
    ...(m.inspect
      ? {
          inspector: new Inspector(plan.nodes),
          replay: new TapeReader(
            m.inspect.tape,
            plan.nodes.map((n) => n.id),
          ),
        }
      : {}),
  });
  if (current === m.id) switchTo(0);
  post({
    t: 'done',
    id: m.id,
    status: r.status,
    response: r.response,
    outputs: r.outputs,
    logs: r.logs,
    error: r.error,
    durationMs: r.durationMs,
    log: r.nodeLog.stored(),
    inspection: r.inspection,
  });
}

// Warm-up before saying ready: the compiler and the runtime are compiled by V8 on first use, which
// takes hundreds of ms while other processes hold the cores — better now than in an execution.
await execute(
  compile(
    {
      format: 'dragops.pattern/1',
      nodes: [
        { id: 's', type: 'OnStart' },
        { id: 'l', type: 'Log', defaults: { message: 'warm' } },
      ],
      wires: [{ from: { node: 's', pin: 'then' }, to: { node: 'l', pin: 'exec' } }],
    },
    { registry },
  ).compiled!,
  {},
  { forceAsync: true },
);
post({ t: 'ready' });
