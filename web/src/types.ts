// The dashboard's types. The API's answers are the server's own (src/api/types.ts, types only:
// nothing of the server reaches the bundle); what is declared here is the dashboard's model of a
// pattern document (SPEC §1) and of the node catalog (GET /api/nodes).
import type { PinType } from '../../src/pattern/pin-types.js';
import type { PatternResource, PatternVersion as ApiPatternVersion, ResolvedPinsOf } from '../../src/api/types.js';

export type { PinType };
export type {
  User,
  Role,
  Session,
  TokenInfo,
  ErrorInfo,
  Diagnostic,
  DeploymentStatus,
  DeploymentSummary,
  Deployment,
  DeploymentListed,
  PatternDeployment,
  DeployResult,
  DeployFileResult,
  DeployedTrigger,
  BrokenCaller,
  VersionInfo,
  RunStatus,
  TriggeredBy,
  TraceEntry,
  LogLine,
  WebhookResponse,
  Run,
  RunDetail,
  TestRun,
  Replayed,
  PageMeta,
  StatsPeriod,
  StatsBucket,
  RunStats,
  TriggerActivityInfo,
  CaptureSample,
  CaptureState,
  NodeRun,
  InspectedNode,
  Inspection,
  NodeProfile,
  Profile,
  VersionDiff,
  SecretInfo,
  ExampleSummary,
  PackInfo,
  PackInstalled,
  PackCredentialField,
  ConnectionResource,
  ConnectionTest,
  OAuthStart,
} from '../../src/api/types.js';

export interface PinSpec {
  id: string;
  type: PinType;
  label?: string;
  description?: string;
  default?: unknown;
  options?: readonly string[];
}

export interface JsonSchema {
  /** dragops' own hint: the value names something (`variable`: one of the pattern's variables;
   * `connection`: one of the owner's connections, for the provider `x-provider`). */
  'x-ref'?: 'variable' | 'connection';
  'x-provider'?: string;
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
export type ResolvedPins = ResolvedPinsOf<PinSpec>;
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
export interface Wire {
  from: { node: string; pin: string };
  to: { node: string; pin: string };
}
export interface Variable {
  name: string;
  type: PinType;
  default?: unknown;
}

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

/** A pattern resource (GET /api/patterns/:id): the document plus the server's fields. */
export type Pattern = PatternResource<PatternDocument>;

/** A version of a pattern (GET /api/patterns/:id/versions/:v), with the pins to draw it. */
export type PatternVersion = ApiPatternVersion<PatternDocument, PinSpec>;

/** The `meta` of a list of executions. */
export type { PageMeta as RunsMeta } from '../../src/api/types.js';
