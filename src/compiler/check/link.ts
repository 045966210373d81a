// Resolves a parsed document against the node library and reports every problem in one pass
// (SPEC §5). Each step adds diagnostics and keeps going, so a user sees all their mistakes at once.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { ValueErrorType } from '@sinclair/typebox/errors';
import type { TObject } from '@sinclair/typebox';
import type { Diagnostic } from '../diagnostic.js';
import type { NodeRegistry } from '../../nodes/registry.js';
import { execOutOf, isPure, pinsOf, type NodeDefinition, type PinEnv, type PinSpec } from '../../nodes/define.js';
import type { PatternDocument } from '../../pattern/schema.js';
import { TRIGGER_TYPES } from '../../pattern/trigger.js';
import { canConnect, convert } from '../../pattern/types.js';
import { clone } from '../../runtime/values.js';
import type { ErrorCode } from '../../errors/catalog.js';
import type { LinkedGraph, LNode } from '../graph.js';
import { closest } from './suggest.js';

const validators = new WeakMap<TObject, ReturnType<typeof TypeCompiler.Compile>>();
function validator(schema: TObject) {
  let v = validators.get(schema);
  if (!v) validators.set(schema, (v = TypeCompiler.Compile(schema)));
  return v;
}

export class Reporter {
  readonly list: Diagnostic[] = [];
  add(
    code: ErrorCode,
    message: string,
    at: { nodeId?: string | null; pin?: string | null; path?: string | null; wire?: number } = {},
    severity: 'error' | 'warning' = 'error',
  ): void {
    const d: Diagnostic = { code, severity, message, nodeId: at.nodeId ?? null, pin: at.pin ?? null, path: at.path ?? null };
    if (at.wire !== undefined) d.wire = at.wire;
    this.list.push(d);
  }
}

const q = JSON.stringify;

/** A node's config with its schema's defaults filled in (as compiled plans see it). */
export function configWithDefaults(schema: TObject, raw: Record<string, unknown>): Record<string, unknown> {
  // values.clone, not Value.Clone: TypeBox's clone turns an own "__proto__" key into the prototype.
  return Value.Default(schema, clone(raw)) as Record<string, unknown>;
}

/** A node's definition: the registry's (of `version`, or its newest), else an integration pack's
 * (whose nodes have one version each); 'no such version' when the type exists without it. */
function definitionOf(
  type: string,
  version: number | undefined,
  registry: NodeRegistry,
  extra: ((type: string) => NodeDefinition | undefined) | undefined,
): NodeDefinition | 'no such version' | undefined {
  if (registry.has(type)) return registry.get(type, version) ?? 'no such version';
  const def = extra?.(type);
  return def && version !== undefined && def.version !== version ? 'no such version' : def;
}

export function link(
  doc: PatternDocument,
  registry: NodeRegistry,
  env: PinEnv,
  r: Reporter,
  /** Node types besides the registry's: integration packs' `<slug>.<nodeId>`. */
  extra?: (type: string) => NodeDefinition | undefined,
  /** The node versions a stored version was compiled with (a type not listed: version 1); without
   * them, a node not pinned by its own `version` gets its type's newest. */
  versions?: Readonly<Record<string, number>>,
): LinkedGraph {
  const nodes: LNode[] = [];
  const byId = new Map<string, LNode>();
  const unknown = new Set<string>();

  doc.nodes.forEach((n, i) => {
    const path = `/nodes/${i}`;
    const version = n.version ?? (versions ? (versions[n.type] ?? 1) : undefined);
    const def = definitionOf(n.type, version, registry, extra);
    if (def === 'no such version') {
      unknown.add(n.id);
      const has = registry.has(n.type) ? registry.versions(n.type) : [1];
      r.add('UNKNOWN_NODE_VERSION', `node ${q(n.id)}: ${n.type} has no version ${version} (versions: ${has.join(', ')}); pin one of them or remove "version"`, {
        nodeId: n.id,
        path: `${path}/version`,
      });
      return;
    }
    if (!def) {
      unknown.add(n.id);
      const dot = n.type.indexOf('.');
      const near =
        dot > 0
          ? undefined
          : closest(
              n.type,
              registry.all().map((d) => d.type),
            );
      const hint = dot > 0 ? `; no installed integration pack ${q(n.type.slice(0, dot))} has this node` : near ? `; did you mean ${near}?` : '';
      r.add('UNKNOWN_NODE_TYPE', `node ${q(n.id)} has unknown type ${q(n.type)}${hint}`, {
        nodeId: n.id,
        path: `${path}/type`,
      });
      return;
    }
    const config = resolveConfig(def, n.config ?? {}, n.id, path, r);
    if (config === undefined) {
      unknown.add(n.id);
      return;
    }
    let inputs: readonly PinSpec[], outputs: readonly PinSpec[], execOut: readonly string[];
    try {
      inputs = pinsOf(def.inputs, config, env);
      outputs = pinsOf(def.outputs, config, env);
      execOut = execOutOf(def, config);
    } catch (e) {
      r.add('INVALID_CONFIG', `node ${q(n.id)}: ${(e as Error).message}`, { nodeId: n.id, path: `${path}/config` });
      unknown.add(n.id);
      return;
    }
    def.check?.(config, env, (message, field, code) =>
      r.add(code ?? 'INVALID_CONFIG', `node ${q(n.id)} (${def.type}): ${message}`, {
        nodeId: n.id,
        path: field ? `${path}/config/${field}` : `${path}/config`,
      }),
    );
    const node: LNode = {
      index: nodes.length,
      id: n.id,
      name: n.name ?? def.label,
      doc: n,
      def,
      config,
      pure: isPure(def),
      inputs,
      outputs,
      execOut,
      wiredFrom: new Map(),
      execTo: new Map(),
      readOutputs: new Set(),
      hasExecIn: def.execIn,
    };
    nodes.push(node);
    byId.set(n.id, node);
    checkDefaults(node, path, r);
  });

  // Wires: both ends must exist, go output → input, and carry compatible types (SPEC §2).
  const wiredInputs = new Map<string, number>();
  const execIncoming = new Map<LNode, number>();
  doc.wires.forEach((w, i) => {
    const path = `/wires/${i}`;
    const from = byId.get(w.from.node),
      to = byId.get(w.to.node);
    if (!from || !to) {
      for (const [end, ref, n] of [
        ['from', w.from, from],
        ['to', w.to, to],
      ] as const) {
        if (!n && !unknown.has(ref.node))
          r.add('UNKNOWN_PIN', `wire ${i} ${end} node ${q(ref.node)}, which does not exist`, {
            nodeId: ref.node,
            pin: ref.pin,
            path: `${path}/${end}/node`,
            wire: i,
          });
      }
      return;
    }
    const out = outputPin(from, w.from.pin);
    const inp = inputPin(to, w.to.pin);
    if (!out) {
      const isInput = inputPin(from, w.from.pin);
      r.add(
        isInput ? 'INVALID_WIRE' : 'UNKNOWN_PIN',
        isInput
          ? `wire ${i} starts at ${q(w.from.pin)}, an input of node ${q(from.id)}; wires go from an output to an input`
          : `node ${q(from.id)} (${from.def.type}) has no output pin ${q(w.from.pin)}`,
        { nodeId: from.id, pin: w.from.pin, path: `${path}/from/pin`, wire: i },
      );
      return;
    }
    if (!inp) {
      const isOutput = outputPin(to, w.to.pin);
      r.add(
        isOutput ? 'INVALID_WIRE' : 'UNKNOWN_PIN',
        isOutput
          ? `wire ${i} ends at ${q(w.to.pin)}, an output of node ${q(to.id)}; wires go from an output to an input`
          : `node ${q(to.id)} (${to.def.type}) has no input pin ${q(w.to.pin)}`,
        { nodeId: to.id, pin: w.to.pin, path: `${path}/to/pin`, wire: i },
      );
      return;
    }
    if (!canConnect(out.type, inp.type)) {
      const why = out.type === 'Exec' || inp.type === 'Exec' ? 'execution pins connect only to execution pins' : `${out.type} cannot flow into ${inp.type}`;
      r.add('INVALID_WIRE', `invalid wire ${i}: ${q(from.id)}.${w.from.pin} (${out.type}) → ${q(to.id)}.${w.to.pin} (${inp.type}): ${why}`, {
        nodeId: to.id,
        pin: w.to.pin,
        path,
        wire: i,
      });
      return;
    }
    const key = `${to.index}\u0000${w.to.pin}`;
    const prior = wiredInputs.get(key);
    if (prior !== undefined) {
      r.add(
        'INPUT_HAS_MULTIPLE_WIRES',
        `input ${q(w.to.pin)} of node ${q(to.id)} has more than one wire (wires ${prior} and ${i}); an input takes at most one`,
        { nodeId: to.id, pin: w.to.pin, path, wire: i },
      );
      return;
    }
    wiredInputs.set(key, i);
    if (out.type === 'Exec') {
      const list = from.execTo.get(w.from.pin) ?? [];
      list.push(to);
      from.execTo.set(w.from.pin, list);
      execIncoming.set(to, (execIncoming.get(to) ?? 0) + 1);
    } else {
      to.wiredFrom.set(w.to.pin, { node: from, pin: w.from.pin, type: out.type });
      from.readOutputs.add(w.from.pin);
    }
  });

  // Required inputs (SPEC §3): no default in the definition → wired or given in `defaults`.
  for (const n of nodes) {
    if (n.def.editorOnly) continue;
    const given = n.doc.defaults ?? {};
    for (const p of n.inputs) {
      if (p.default === undefined && !n.wiredFrom.has(p.id) && !Object.hasOwn(given, p.id)) {
        r.add('REQUIRED_PIN_UNCONNECTED', `required input ${q(p.id)} of node ${q(n.id)} (${n.def.type}) is not connected and has no default`, {
          nodeId: n.id,
          pin: p.id,
          path: `/nodes/${doc.nodes.indexOf(n.doc)}/defaults`,
        });
      }
    }
  }

  const triggers = nodes.filter((n) => n.def.trigger === 'trigger');
  const handlers = nodes.filter((n) => n.def.trigger === 'errorHandler');
  if (triggers.length === 0 && !doc.nodes.some((n) => unknown.has(n.id) && /^On/.test(n.type))) {
    r.add('NO_TRIGGER', `the pattern has no trigger: add one of ${TRIGGER_TYPES.join(', ')}`, { path: '/nodes' });
  }
  if (triggers.length > 1) {
    for (const t of triggers.slice(1))
      r.add('MULTIPLE_TRIGGERS', `node ${q(t.id)} is a second trigger (the first is ${q(triggers[0]!.id)}); a pattern has exactly one`, {
        nodeId: t.id,
        path: `/nodes/${doc.nodes.indexOf(t.doc)}`,
      });
  }
  if (handlers.length > 1) {
    for (const t of handlers.slice(1))
      r.add('MULTIPLE_TRIGGERS', `node ${q(t.id)} is a second OnError (the first is ${q(handlers[0]!.id)}); a pattern has at most one`, {
        nodeId: t.id,
        path: `/nodes/${doc.nodes.indexOf(t.doc)}`,
      });
  }
  return { doc, nodes, byId, trigger: triggers[0], errorHandler: handlers[0] };
}

function outputPin(n: LNode, pin: string): { type: PinSpec['type'] } | undefined {
  if (n.execOut.includes(pin)) return { type: 'Exec' };
  return n.outputs.find((p) => p.id === pin);
}

function inputPin(n: LNode, pin: string): PinSpec | { type: 'Exec' } | undefined {
  if (pin === 'exec' && n.hasExecIn) return { type: 'Exec' };
  return n.inputs.find((p) => p.id === pin);
}

function resolveConfig(def: NodeDefinition, raw: Record<string, unknown>, id: string, path: string, r: Reporter): any {
  if (!def.config) {
    const keys = Object.keys(raw);
    if (keys.length > 0)
      r.add('INVALID_CONFIG', `node ${q(id)} (${def.type}) takes no config, got key ${q(keys[0])}`, { nodeId: id, path: `${path}/config/${keys[0]}` });
    return {};
  }
  const config = configWithDefaults(def.config, raw);
  const errors = [...validator(def.config).Errors(config)];
  if (errors.length > 0) {
    const seen = new Set<string>();
    for (const e of errors.slice(0, 10)) {
      // TypeBox may report one missing key twice (required, then wrong type): one line per path.
      if (seen.has(e.path)) continue;
      seen.add(e.path);
      const msg =
        e.type === ValueErrorType.ObjectAdditionalProperties
          ? `unknown config key ${q(e.path.split('/').pop())}`
          : `config${e.path.replace(/\//g, '.')}: ${e.message}`;
      r.add('INVALID_CONFIG', `node ${q(id)} (${def.type}): ${msg}`, { nodeId: id, path: `${path}/config${e.path}` });
    }
    return undefined;
  }
  return config;
}

function checkDefaults(n: LNode, path: string, r: Reporter): void {
  const given = n.doc.defaults ?? {};
  for (const key of Object.keys(given)) {
    const pin = n.inputs.find((p) => p.id === key);
    if (!pin) {
      r.add('UNKNOWN_PIN', `node ${q(n.id)} (${n.def.type}) has no input pin ${q(key)} for its default`, {
        nodeId: n.id,
        pin: key,
        path: `${path}/defaults/${key}`,
      });
      continue;
    }
    if (given[key] === null && pin.default === null) continue; // "not given", as when unset (plan.ts)
    try {
      convert(given[key], pin.type, pin.options);
    } catch (e) {
      r.add('INVALID_CONFIG', `default for ${q(key)} of node ${q(n.id)} does not fit ${pin.type}: ${(e as Error).message}`, {
        nodeId: n.id,
        pin: key,
        path: `${path}/defaults/${key}`,
      });
    }
  }
}
