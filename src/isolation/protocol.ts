// Messages between the server and its execution processes (V8 serialization over a socket, see
// channel.ts: plain data, Uint8Array for Binary values). One execution is one `run`, answered by one
// `done`; `response` (RespondToWebhook, before the end) and `call` (CallPattern, answered by
// `called`) happen between.
import type { PatternDocument } from '../pattern/schema.js';
import type { PatternInterface } from '../nodes/define.js';
import type { Limits } from '../runtime/limits.js';
import type { ConnectionEntry, ContextOptions, LogLine, WebhookResponse } from '../runtime/context.js';
import type { PackRef } from '../compiler/index.js';
import type { ErrorInfo } from '../errors/error.js';
import type { InspectionData, RunStatus } from '../runtime/execute.js';
import type { TapeEntry } from '../runtime/tape.js';

export interface RunMessage {
  t: 'run';
  /** The execution's number in this pool, new at each sending (never 0). */
  id: number;
  /** The plan's key in the process's cache. */
  key: string;
  /** Sent when the process may not have the plan yet: it compiles the document against `callees`. */
  plan?: { document: PatternDocument; callees: Record<string, PatternInterface | null>; packs: PackRef[]; nodeVersions: Record<string, number> } | undefined;
  event: Record<string, unknown>;
  runId: string;
  depth: number;
  /** Absolute, epoch ms. */
  deadline: number;
  limits: Limits;
  http: ContextOptions['http'];
  traceLimit: number | undefined;
  /** The values of the secrets and environment variables the plan reads (GetSecret/GetEnvironment). */
  secrets: Record<string, string>;
  environment: Record<string, string>;
  /** The connections the plan's pack nodes name, resolved by the server (src/packs/connections.ts). */
  connections: Readonly<Record<string, ConnectionEntry>>;
  /** Whether CallPattern may call out (else it fails as "no pattern resolver"). */
  calls: boolean;
  forceAsync: boolean;
  /** An inspection replay of a recorded execution: its tape (src/inspect/). */
  inspect?: { tape: TapeEntry[] } | undefined;
}

export interface CalledMessage {
  t: 'called';
  callId: number;
  outputs?: Record<string, unknown> | null;
  error?: ErrorInfo;
  /** The caller's deadline passed during the call. */
  timeout?: boolean;
}

export type ToWorker = RunMessage | CalledMessage;

export interface DoneMessage {
  t: 'done';
  id: number;
  status: RunStatus;
  response: WebhookResponse | null;
  outputs: Record<string, unknown> | null;
  logs: LogLine[];
  error: ErrorInfo | null;
  durationMs: number;
  /** The node log's stored form (Trace.stored). */
  log: string;
  inspection?: InspectionData | undefined;
}

export type FromWorker =
  | DoneMessage
  | { t: 'response'; id: number; response: WebhookResponse; binary: boolean }
  | { t: 'call'; id: number; callId: number; patternId: string; inputs: Record<string, unknown>; nodeId: string }
  /** The process no longer has the plan (its cache dropped it): send it again. */
  | { t: 'need'; id: number }
  | { t: 'ready' };

/** Marks, 8 bytes each (kind, execution number), written by the process with a blocking write on its
 * own pipe so that they are there even when it is stuck or dies the next instant: the execution it
 * runs now, the last execution it began (the process gets executions in increasing number and begins
 * them in the order sent, so every later one has not begun: a stopped process's are sent to
 * another), and a heartbeat every 20 ms while its thread is free. */
export const MARK = { current: 1, started: 2, heartbeat: 3 } as const;
