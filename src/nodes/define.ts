// The node-definition API: one node = one file = one object made by `defineNode` (ARCHITECTURE habit 4).
// A definition says what the node looks like (pins, config) and how it runs, in one of three ways:
//   pure nodes    `eval` (or `make(config)`), optionally `inline` to become a JS expression;
//   impure nodes  `run(ctx, ...inputs)` (or `make(config)`), called from straight-line generated code;
//   control flow  `emit`, which writes the generated code for the node itself (Branch, ForEach, …).
import type { TObject } from '@sinclair/typebox';
import type { PinType } from '../pattern/types.js';
import type { PatternVariable } from '../pattern/schema.js';
import type { Code } from '../compiler/codegen/code.js';
import type { EmitContext, InlineContext } from '../compiler/codegen/contexts.js';
import type { ExecutionContext } from '../runtime/context.js';
import type { ErrorCode } from '../errors/catalog.js';

export const CATEGORIES = [
  'Events',
  'Flow Control',
  'Literals',
  'Variables',
  'Math',
  'Comparison',
  'Logical',
  'String',
  'Array',
  'Object/Map',
  'Data Formats',
  'Date/Time',
  'HTTP',
  'Utility',
  'Type Conversion',
  'Encoding & Crypto',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface PinSpec {
  id: string;
  type: PinType;
  label?: string;
  description?: string;
  /** A default makes the input optional; without one the pin is required (SPEC §3). */
  default?: unknown;
  /** Enum pins: the allowed values. */
  options?: readonly string[];
}

/** What a definition may look at to decide its pins: its own config and the pattern around it. */
export interface PinEnv {
  readonly variables: ReadonlyMap<string, PatternVariable>;
  /** The declared interface of another pattern, for CallPattern; undefined when unknown. */
  callee(patternId: string): PatternInterface | undefined;
  /** This pattern's own OnPatternCall interface (for RespondWith), or undefined. */
  readonly ownInterface: PatternInterface | undefined;
}

export interface PatternInterface {
  inputs: { name: string; type: PinType }[];
  outputs: { name: string; type: PinType }[];
}

/** Identity of one node in one pattern, given to `make` so an implementation can name itself. */
export interface NodeInfo {
  readonly id: string;
  readonly name: string;
  readonly index: number;
}

/** What `make` gets: the node's identity and its resolved pins (which may depend on config). */
export interface NodeInstance extends NodeInfo {
  readonly inputs: readonly PinSpec[];
  readonly outputs: readonly PinSpec[];
}

export interface NodeExample {
  /** Values for the input pins (by id); unspecified pins take their defaults. */
  inputs?: Record<string, unknown>;
  config?: Record<string, unknown>;
  /** The single output's value, or an object of outputs by pin id for multi-output nodes. */
  output: unknown;
  note?: string;
}

type Pins<C> = readonly PinSpec[] | ((config: C, env: PinEnv) => readonly PinSpec[]);
type Impl = (...args: any[]) => unknown;

export interface NodeDefinition<C = any> {
  type: string;
  /** Behaviour version (habit 10): a change in semantics gets a new version, old plans keep theirs. */
  version: number;
  /** One of CATEGORIES for built-in nodes; an integration pack's name for its nodes (src/packs). */
  category: string;
  label: string;
  description: string;
  inputs: Pins<C>;
  outputs: Pins<C>;
  /** Exec input `exec` (impure nodes that are not triggers). */
  execIn: boolean;
  /** Exec output pin ids; [] for pure nodes. */
  execOut: readonly string[] | ((config: C) => readonly string[]);
  /** TypeBox schema of `config`; defaults in it are applied before anything else sees the config. */
  config?: TObject;
  /** Trigger nodes start executions; `OnError` is the error handler. */
  trigger?: 'trigger' | 'errorHandler';
  /** False for nodes whose value changes between calls (Random, Now, UUID): never constant-folded. */
  deterministic: boolean;
  /** Impure nodes whose `run` returns a promise. Any such node reachable makes the plan asynchronous. */
  async: boolean;
  /** Never throws for any input of its pin types (lets codegen skip error bookkeeping). */
  safe: boolean;
  eval?: Impl;
  run?: Impl;
  make?: (config: C, node: NodeInstance) => Impl;
  inline?: (g: InlineContext) => Code | undefined;
  emit?: (g: EmitContext) => Code;
  /** Extra compile-time checks of config against the pattern (INVALID_CONFIG and friends). */
  check?: (config: C, env: PinEnv, report: (message: string, field?: string, code?: ErrorCode) => void) => void;
  /** Exec outputs that are loop bodies: `Break` inside them leaves this node's loop. */
  loopBodies?: readonly string[];
  examples: readonly NodeExample[];
  /** Editor only (Comment): never compiled. */
  editorOnly?: boolean;
}

export type NodeDefinitionInput<C> = Omit<
  NodeDefinition<C>,
  'category' | 'version' | 'execIn' | 'execOut' | 'deterministic' | 'async' | 'safe' | 'examples' | 'outputs' | 'inputs'
> &
  Partial<Pick<NodeDefinition<C>, 'version' | 'execIn' | 'execOut' | 'deterministic' | 'async' | 'safe' | 'examples' | 'outputs' | 'inputs'>> & {
    /** Shorthand: impure (has exec in and a `then` exec out unless execOut says otherwise). */
    impure?: boolean;
    category: Category;
  };

export function defineNode<C = Record<string, never>>(d: NodeDefinitionInput<C>): NodeDefinition<C> {
  const impure = d.impure ?? Boolean(d.run || d.emit || d.trigger || d.execOut);
  const { impure: _drop, ...rest } = d;
  const def: NodeDefinition<C> = {
    version: 1,
    inputs: [],
    outputs: [],
    execIn: impure && !d.trigger,
    execOut: impure ? ['then'] : [],
    deterministic: true,
    async: false,
    safe: false,
    examples: [],
    ...rest,
  };
  if (!/^[A-Z][A-Za-z0-9]*$/.test(def.type)) throw new Error(`node type ${def.type}: type ids are PascalCase`);
  if (!def.eval && !def.run && !def.make && !def.emit && !def.inline && !def.editorOnly && !def.trigger) {
    throw new Error(`node type ${def.type}: no implementation (eval, run, make, inline or emit)`);
  }
  return def;
}

export const isPure = (d: NodeDefinition): boolean => !d.execIn && d.trigger === undefined && execOutOf(d, {}).length === 0;

export function execOutOf(d: NodeDefinition, config: unknown): readonly string[] {
  return typeof d.execOut === 'function' ? d.execOut(config) : d.execOut;
}

export function pinsOf(p: Pins<any>, config: unknown, env: PinEnv): readonly PinSpec[] {
  return typeof p === 'function' ? p(config, env) : p;
}

/** The editor's colour family (SPEC §11 / issue 6): Event, Function, Flow or Action. */
export function kindOf(d: NodeDefinition): 'event' | 'function' | 'flow' | 'action' {
  if (d.trigger) return 'event';
  if (isPure(d)) return 'function';
  if (d.category === 'Flow Control') return 'flow';
  return 'action';
}

export type { ExecutionContext };
