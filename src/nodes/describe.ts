// The public description of node definitions: `dragops nodes --json` and GET /api/nodes serve this.
import type { NodeDefinition, PinSpec } from './define.js';
import { isPure, kindOf } from './define.js';

export interface NodeDescription {
  type: string;
  /** The newest behaviour version, which a node without a `version` of its own gets. */
  version: number;
  /** Every version a document may pin, oldest first (docs/nodes.md, "Node versions"). */
  versions: number[];
  label: string;
  category: string;
  description: string;
  kind: 'event' | 'function' | 'flow' | 'action';
  pure: boolean;
  async: boolean;
  trigger: boolean;
  /** Pins that depend on config (MakeObject keys, CallPattern's callee…) are listed as for the default config. */
  dynamicPins: boolean;
  execIn: boolean;
  execOut: readonly string[];
  inputs: readonly PinSpec[];
  outputs: readonly PinSpec[];
  config: unknown;
  examples: NodeDefinition['examples'];
}

const noEnv = { variables: new Map(), callee: () => undefined, ownInterface: undefined };

export function describeNode(d: NodeDefinition, versions: number[] = [d.version]): NodeDescription {
  const config = defaultConfig(d);
  const pins = (p: NodeDefinition['inputs']) => (typeof p === 'function' ? safe(() => p(config, noEnv)) : p);
  return {
    type: d.type,
    version: d.version,
    versions,
    label: d.label,
    category: d.category,
    description: d.description,
    kind: kindOf(d),
    pure: isPure(d),
    async: d.async,
    trigger: d.trigger !== undefined,
    dynamicPins: typeof d.inputs === 'function' || typeof d.outputs === 'function' || typeof d.execOut === 'function',
    execIn: d.execIn,
    execOut: typeof d.execOut === 'function' ? safe(() => (d.execOut as (c: unknown) => string[])(config)) : d.execOut,
    inputs: pins(d.inputs),
    outputs: pins(d.outputs),
    config: d.config ? JSON.parse(JSON.stringify(d.config)) : null,
    examples: d.examples,
  };
}

function safe<T>(f: () => readonly T[]): readonly T[] {
  try {
    return f();
  } catch {
    return [];
  }
}

function defaultConfig(d: NodeDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(d.config?.properties ?? {})) {
    if ((s as { default?: unknown }).default !== undefined) out[k] = (s as { default?: unknown }).default;
  }
  return out;
}
