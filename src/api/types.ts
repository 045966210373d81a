// The API's answers as the dashboard reads them (docs/api.md, SPEC §9): one module, used by the
// server's routes (their answers are checked against these types: `ok<T>(…)`, `satisfies`) and
// imported by the dashboard (web/src/types.ts re-exports them) — so the two cannot drift apart.
//
// Types only, and self-contained on purpose: the dashboard's type-check (web/tsconfig.json, no Node
// types) reads this file, so it imports nothing from the server (whose modules use Buffer, node:*).
// `import type` of it is erased: nothing of the server reaches the dashboard's bundle.

/** The success envelope: `{success: true, data}`; lists add `meta`. */
export interface Ok<T> {
  success: true;
  data: T;
}
export interface PageMeta {
  total: number;
  limit: number;
  offset: number;
  totalIsLowerBound?: boolean;
}
export interface Paged<T> extends Ok<T[]> {
  meta: PageMeta;
}
/** The failure envelope: `{success: false, error: {code, message, details?}}`. */
export interface Failure {
  success: false;
  error: { code: string; message: string; details?: unknown };
}

// ── Accounts ───────────────────────────────────────────────────────────────────────────────────

export type Role = 'admin' | 'user';
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}
/** POST /api/auth/register, POST /api/auth/login. */
export interface Session {
  token: string;
  user: User;
}
/** GET /api/tokens (never the secret); POST /api/tokens adds `token`, shown once. */
export interface TokenInfo {
  id: string;
  name: string;
  kind: 'session' | 'api';
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  current: boolean;
}

// ── Patterns and deployments ───────────────────────────────────────────────────────────────────

/** The `{code, message, type, nodeId}` of a failed execution or node. */
export interface ErrorInfo {
  code: string;
  message: string;
  type: string;
  nodeId: string | null;
}
/** A compile problem (validate, deploy's 422 `details.errors`/`warnings`). */
export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  nodeId: string | null;
  pin: string | null;
  path: string | null;
  wire?: number;
}

export type DeploymentStatus = 'active' | 'paused' | 'undeployed';
/** A pattern resource's `deployment`. */
export interface DeploymentSummary {
  id: string;
  status: DeploymentStatus;
  version: number;
  deployedAt: string;
  pausedReason: string | null;
  pausedBy: string | null;
}

/** A pattern resource: its document (`Doc`: the server's and the dashboard's own model of SPEC §1)
 * plus these fields. GET/PUT /api/patterns/:id, lists, create, import, clone. */
export type PatternResource<Doc extends object> = Doc & {
  id: string;
  webhookId: string;
  webhookUrl: string;
  webhookSecret: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  deployment: DeploymentSummary | null;
};

export interface Deployment {
  id: string;
  patternId: string;
  status: DeploymentStatus;
  version: number;
  pausedReason: string | null;
  pausedBy: string | null;
  pausedAt: string | null;
  deployedAt: string;
  updatedAt: string;
}
/** GET /api/deployments (each with `ownerId` too) and GET /api/deployments/:id: the trigger node type of the live version (`none` without one). */
export interface DeploymentListed extends Deployment {
  patternName: string;
  trigger: string;
}
/** GET /api/patterns/:id/deployment. */
export interface PatternDeployment extends Deployment {
  webhookUrl: string;
}

/** Deployed callers a redeploy breaks (they keep running their own version). */
export interface BrokenCaller {
  patternId: string;
  version: number;
  errors: { code: string; message: string; nodeId: string | null }[];
}
export interface DeployedTrigger {
  type: string;
  webhookUrl?: string;
  cron?: string;
  timezone?: string;
}
/** POST /api/patterns/:id/deploy → 201; POST /api/patterns/deploy adds `patternId`, `name`, `created`. */
export interface DeployResult {
  deploymentId: string;
  version: number;
  status: DeploymentStatus;
  triggers: DeployedTrigger[];
  webhookUrl: string;
  warnings: Diagnostic[];
  brokenCallers: BrokenCaller[];
}
export interface DeployFileResult extends DeployResult {
  patternId: string;
  name: string;
  created: boolean;
}

/** GET /api/patterns/:id/versions (one entry each). */
export interface VersionInfo {
  patternId: string;
  version: number;
  compilerVersion: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
}
/** The pins of a node as its config makes them (validate, a version's graph); `Pin`: a pin spec. */
export interface ResolvedPinsOf<Pin> {
  inputs: readonly Pin[];
  outputs: readonly Pin[];
  execOut: readonly string[];
}
/** POST /api/patterns/:id/validate. */
export interface Validation<Pin> {
  errors: Diagnostic[];
  warnings: Diagnostic[];
  pins: Record<string, ResolvedPinsOf<Pin>>;
}
/** GET /api/patterns/:id/versions/:v: the version with its document and the pins to draw it. */
export type PatternVersion<Doc extends object, Pin> = VersionInfo & { document: Doc; pins: Record<string, ResolvedPinsOf<Pin>> };

// ── Executions ─────────────────────────────────────────────────────────────────────────────────

export type RunStatus = 'running' | 'completed' | 'failed' | 'timeout' | 'dead_letter' | 'interrupted' | 'queued';
export type TriggeredBy = 'manual' | 'webhook' | 'schedule' | 'pattern_call';
export interface TraceEntry {
  timestamp: string;
  nodeId: string;
  nodeName: string;
  event: 'start' | 'finish' | 'log' | 'error';
  output?: unknown;
  durationMs?: number;
}
export interface LogLine {
  level: string;
  message: string;
  nodeId: string | null;
}
export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** An execution as listed (GET /api/deployments/:id/runs). */
export interface Run {
  id: string;
  deploymentId: string | null;
  patternId: string;
  version: number | null;
  status: RunStatus;
  triggeredBy: TriggeredBy;
  parentRunId: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  triggerData: unknown;
  error: ErrorInfo | null;
}
/** GET /api/runs/:runId: with its node-by-node log. */
export interface RunDetail extends Run {
  log: TraceEntry[];
  logSummary: { dropped: number; runs: Record<string, number> } | null;
}

/** POST /api/patterns/:id/run: the finished test run of the draft. */
export interface TestRun {
  runId: string;
  status: RunStatus;
  error: ErrorInfo | null;
  durationMs: number;
  log: TraceEntry[];
  logs: LogLine[];
  /** What RespondToWebhook answered, and what the pattern returned (OnPatternCall). */
  response: WebhookResponse | null;
  outputs: Record<string, unknown> | null;
  trace: { dropped: number; runs: Record<string, number> };
  warnings: Diagnostic[];
}

/** POST /api/runs/:runId/replay (and each of POST /api/deployments/:id/replay's `results`). */
export interface Replayed {
  replayOf: string;
  runId: string;
  version: number;
  status: RunStatus;
  error: ErrorInfo | null;
}

// ── Monitoring ─────────────────────────────────────────────────────────────────────────────────

export type StatsPeriod = '1h' | '24h' | '7d' | '30d';
export interface StatsBucket {
  start: string;
  total: number;
  failed: number;
}
/** GET /api/deployments/:id/runs/stats. */
export interface RunStats {
  period: StatsPeriod;
  since: string;
  until: string;
  total: number;
  byStatus: Record<string, number>;
  successRate: number | null;
  errorRate: number | null;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
  byTrigger: Record<string, Record<string, number>>;
  buckets: StatsBucket[];
}

/** GET /api/deployments/:id/triggers. */
export interface TriggerActivityInfo {
  type: string | null;
  since: string;
  webhook: { received: number; accepted: number; rejected: Record<string, number>; lastReceived: string | null };
  schedule: {
    fired: number;
    skipped: number;
    missed: number;
    caughtUp: number;
    lastFire: string | null;
    nextFire: string | null;
    cron: string;
    timezone?: string;
  } | null;
  patternCalls: { byCaller: Record<string, number> };
}

/** One request kept by webhook capture mode; GET /api/patterns/:id/webhook-capture. */
export interface CaptureSample {
  at: string;
  event: unknown;
}
export interface CaptureState {
  capturing: boolean;
  until: string | null;
  samples: CaptureSample[];
}

/** GET /api/runs/:runId/inspect (SPEC §12): one run of a node (`seq` orders all runs). */
export interface NodeRun {
  seq: number;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  durationMs: number | null;
  error: ErrorInfo | null;
}
export interface InspectedNode {
  id: string;
  type: string;
  name: string;
  runs: NodeRun[];
  truncatedRuns?: number;
}
/** An execution node by node, with its values; `exact: false` comes with `reason`. */
export interface Inspection {
  runId: string;
  patternId: string;
  version: number | null;
  status: string;
  request: unknown;
  response: unknown;
  outputs: unknown;
  error: ErrorInfo | null;
  nodes: InspectedNode[];
  exact: boolean;
  reason?: string;
}

/** GET /api/deployments/:id/profile: per node of a version, over a period. */
export interface NodeProfile {
  id: string;
  runs: number;
  errors: number;
  durationMs: { p50: number | null; p95: number | null; max: number | null };
}
export interface Profile {
  deploymentId: string;
  version: number;
  period: string;
  since: string;
  executions: number;
  sampled: boolean;
  nodes: NodeProfile[];
}

/** GET /api/patterns/:id/versions/:a/diff/:b (`Node`, `Wire`: the document's node and wire models). */
export interface VersionDiff<Node, Wire> {
  from: number;
  to: number;
  nodes: { added: Node[]; removed: Node[]; changed: { id: string; fields: string[]; before: Node; after: Node }[] };
  wires: { added: Wire[]; removed: Wire[] };
  /** The document's own fields that changed (name, description, tags, variables, settings). */
  changedFields: string[];
}

// ── Other resources ────────────────────────────────────────────────────────────────────────────

/** GET /api/secrets: names only, never values. */
export interface SecretInfo {
  name: string;
  updatedAt: string;
}

/** A saved connection (SPEC §14): `POST /api/connections`, `GET /api/connections[/:id]`. Never a
 * credential value. `status`: `active`, `pending` (an OAuth authorization not finished) or `error`
 * (a token refresh was refused: Reconnect); `statusMessage`, present only then, says why. */
export interface ConnectionResource {
  id: string;
  provider: string;
  displayName: string;
  authType: 'none' | 'api_key' | 'bearer' | 'basic' | 'oauth2_client_credentials' | 'oauth2_authorization_code' | (string & {});
  status: 'active' | 'pending' | 'error';
  statusMessage?: string;
  createdAt: string;
  updatedAt: string;
}
/** `POST /api/connections/:id/test`: `status` is the HTTP status of the provider's verify request, or null. */
export interface ConnectionTest {
  ok: boolean;
  status: number | null;
  message: string;
}
/** `GET /api/connections/oauth/start`: where to send the user's browser (valid 10 minutes). */
export interface OAuthStart {
  /** The provider's consent page. The callback completes the authorization only in the browser
   * that got this answer (a cookie), or in one that continued it at `browserUrl`. */
  authorizationUrl: string;
  state: string;
  expiresAt: string;
  /** The dashboard page that continues this authorization in a browser signed in as the same user
   * (for a flow started elsewhere: `dragops connection add --oauth`). */
  browserUrl: string;
}

/** GET /api/examples: a summary of each example pattern (GET /api/examples/:id is its document). */
export interface ExampleSummary {
  /** The file name without `.pattern.json`. */
  id: string;
  name: string;
  description: string;
  /** The trigger node's type, or null. */
  trigger: string | null;
  /** Pattern ids its CallPattern nodes call (an example's callee is another example). */
  calls: string[];
  nodes: number;
}

/** POST /api/packs: the installed pack (SPEC §14). */
export interface PackInstalled {
  slug: string;
  version: string;
  /** Its node type ids, `<slug>.<nodeId>`. */
  nodes: string[];
}

/** GET /api/packs: an installed integration pack. */
export interface PackInfo extends PackInstalled {
  name: string;
  description: string;
  category: string | null;
  tags: string[];
  provider: string;
  authType: string;
  /** The credential fields a connection for its provider asks for (the authType's defaults when the
   * pack declares none; none for `oauth2_authorization_code` that uses the server's OAuth client). */
  credentials: PackCredentialField[];
  /** The SHA-256 of its document: deployed versions name the exact pack they were compiled with. */
  digest: string;
  installedAt: string;
}

/** A credential field of a pack's connection: its name and label only, never a value. */
export interface PackCredentialField {
  name: string;
  label: string;
  /** Typed into a password field and never shown again. */
  secret: boolean;
  required: boolean;
}

/** GET /api/packs/:slug: with its document. */
export interface PackDetail extends PackInfo {
  document: unknown;
}
