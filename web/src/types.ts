// Shapes of the API answers the dashboard reads (docs/api.md). Only the fields it uses.
import type { PinType } from '../../src/pattern/pin-types.js';

export type { PinType };

export interface User { id: string; email: string; name: string; role: string }

export interface PinSpec { id: string; type: PinType; label?: string; description?: string; default?: unknown; options?: readonly string[] }

export interface JsonSchema {
  /** dragops' own hint: the value names something of the pattern (`variable`: one of its variables). */
  'x-ref'?: 'variable';
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}

/** The pins of a node as its config makes them (validate and a version's graph give these). */
export interface ResolvedPins { inputs: readonly PinSpec[]; outputs: readonly PinSpec[]; execOut: readonly string[] }
export type PinsByNode = Record<string, ResolvedPins>;

export interface NodeDescription {
  type: string;
  label: string;
  category: string;
  description: string;
  kind: 'event' | 'function' | 'flow' | 'action';
  pure: boolean;
  trigger: boolean;
  dynamicPins: boolean;
  execIn: boolean;
  execOut: readonly string[];
  inputs: readonly PinSpec[];
  outputs: readonly PinSpec[];
  config: JsonSchema | null;
}

export interface DocNode {
  id: string;
  type: string;
  name?: string;
  description?: string;
  position?: { x: number; y: number };
  config?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
}
export interface Wire { from: { node: string; pin: string }; to: { node: string; pin: string } }
export interface Variable { name: string; type: PinType; default?: unknown }

export interface PatternDocument {
  format: string;
  name?: string;
  description?: string;
  tags?: string[];
  variables?: Variable[];
  settings?: Record<string, unknown>;
  nodes: DocNode[];
  wires: Wire[];
}

export type DeploymentStatus = 'active' | 'paused' | 'undeployed';
export interface DeploymentSummary { id: string; status: DeploymentStatus; version: number; deployedAt: string; pausedReason: string | null; pausedBy: string | null }

export interface Pattern extends PatternDocument {
  id: string;
  webhookId: string;
  webhookUrl: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  deployment: DeploymentSummary | null;
}

export interface Diagnostic { code: string; message: string; nodeId?: string | null; pin?: string; path?: string; severity?: 'error' | 'warning' }

export interface DeployResult { deploymentId: string; version: number; status: DeploymentStatus; triggers: { type: string; webhookUrl?: string; cron?: string }[]; webhookUrl: string; warnings: Diagnostic[] }

export interface Deployment {
  id: string; patternId: string; status: DeploymentStatus; version: number; pausedReason: string | null; pausedBy: string | null; deployedAt: string; updatedAt: string;
  patternName?: string; trigger?: string; webhookUrl?: string;
}

export interface VersionInfo { version: number; note: string | null; createdBy: string; createdAt: string }

export interface ErrorInfo { code: string; message: string; type?: string; nodeId: string | null }

export interface TraceEntry { timestamp: string; nodeId: string; nodeName: string; event: 'start' | 'finish' | 'log' | 'error'; output?: unknown; durationMs?: number }

export interface Run {
  id: string; deploymentId: string | null; patternId: string; version: number | null; status: string; triggeredBy: string;
  startedAt: string; finishedAt: string | null; durationMs: number | null; error: ErrorInfo | null; log?: TraceEntry[];
}

export interface TestRun {
  runId: string; status: string; error: ErrorInfo | null; durationMs: number; log: TraceEntry[]; logs: { level: string; message: string; nodeId: string }[];
  /** What RespondToWebhook answered, and what the pattern returned (OnPatternCall). */
  response: { status: number; headers: Record<string, string>; body: unknown } | null; outputs: Record<string, unknown> | null;
}

export interface RunsMeta { total: number; limit: number; offset: number; totalIsLowerBound?: boolean }

export type StatsPeriod = '1h' | '24h' | '7d' | '30d';
export interface StatsBucket { start: string; total: number; failed: number }
export interface RunStats {
  period: StatsPeriod; since: string; until: string; total: number; byStatus: Record<string, number>;
  successRate: number | null; errorRate: number | null; durationMs: { p50: number | null; p95: number | null; p99: number | null };
  byTrigger: Record<string, Record<string, number>>; buckets: StatsBucket[];
}

export interface TriggerActivityInfo {
  type: string | null; since: string;
  webhook: { received: number; accepted: number; rejected: Record<string, number>; lastReceived: string | null };
  schedule: { fired: number; skipped: number; missed: number; caughtUp: number; lastFire: string | null; nextFire: string | null; cron: string; timezone?: string } | null;
  patternCalls: { byCaller: Record<string, number> };
}

/** One request kept by webhook capture mode (GET /api/patterns/:id/webhook-capture). */
export interface CaptureSample { at: string; event: { body?: unknown; headers?: Record<string, unknown>; query?: Record<string, unknown>; method?: string; url?: string } }
export interface CaptureState { capturing: boolean; until: string | null; samples: CaptureSample[] }

/** One run of a node in an inspected execution (GET /api/runs/:id/inspect): `seq` orders all runs. */
export interface NodeRun { seq: number; inputs: Record<string, unknown>; outputs: Record<string, unknown>; durationMs: number | null; error: ErrorInfo | null }
export interface InspectedNode { id: string; type: string; name: string; runs: NodeRun[]; truncatedRuns?: number }
/** An execution node by node, with its values (SPEC §12); `exact: false` comes with `reason`. */
export interface Inspection {
  runId: string; patternId: string; version: number | null; status: string;
  request: unknown; response: TestRun['response']; outputs: Record<string, unknown> | null; error: ErrorInfo | null;
  nodes: InspectedNode[]; exact: boolean; reason?: string;
}

/** GET /api/deployments/:id/profile: per node of a version, over a period. */
export interface NodeProfile { id: string; runs: number; errors: number; durationMs: { p50: number | null; p95: number | null; max: number | null } }
export interface Profile { deploymentId: string; version: number; period: StatsPeriod; since: string; executions: number; sampled: boolean; nodes: NodeProfile[] }

/** A version of a pattern (GET /api/patterns/:id/versions/:v), with the pins to draw it. */
export interface PatternVersion extends VersionInfo { document: PatternDocument; pins: PinsByNode }
