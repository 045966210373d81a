// The inspector (left, Ctrl/Cmd+B): the selected node's name, description, problems, pin defaults
// (disabled when wired) and config form; with nothing selected, the pattern's own fields.
import { useState } from 'react';
import type { Diagnostic, DocNode, NodeDescription, PinType, Variable } from '../types.js';
import type { FlowEdge, FlowNode, Meta } from './graph.js';
import { withDefault } from './graph.js';
import { canConnect, inHandle, outHandle } from './pins.js';
import { wiredKey } from './context.js';
import { JsonField, SchemaField, ValueField } from './fields.js';
import { PIN_TYPES } from '../../../src/pattern/pin-types.js';
import { ConnectionField } from './ConnectionField.js';

/** A wire made from the inspector (keyboard wiring): `from` output handle → `to` input handle. */
export interface WireEnd {
  node: string;
  handle: string;
}
export type OnWire = (from: WireEnd | null, to: WireEnd | null, replacing: WireEnd) => void;
interface Wiring {
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
  onWire: OnWire;
}

export function Inspector({
  node,
  wired,
  problems,
  onNode,
  meta,
  onMeta,
  wiring,
}: {
  node: FlowNode | null;
  wired: ReadonlySet<string>;
  problems: ReadonlyMap<string, Diagnostic[]>;
  onNode: (id: string, patch: Partial<DocNode>) => void;
  meta: Meta;
  onMeta: (patch: Partial<Meta>) => void;
  wiring: Wiring;
}) {
  return (
    <aside className="inspector" aria-label="Inspector">
      {node ? (
        <NodeInspector
          key={node.id}
          node={node}
          wired={wired}
          problems={problems.get(node.id) ?? []}
          onNode={onNode}
          wiring={wiring}
          variables={meta.variables ?? []}
        />
      ) : (
        <PatternInspector meta={meta} onMeta={onMeta} problems={problems} />
      )}
    </aside>
  );
}

const SEP = '\u0000';
/** A variable's default when its type changes: a value of the new type (the old one may not fit). */
const ZERO: Partial<Record<Variable['type'], unknown>> = {
  String: '',
  Integer: 0,
  Float: 0,
  Boolean: false,
  Object: {},
  Array: [],
  DateTime: '1970-01-01T00:00:00.000Z',
};
const nameOf = (n: FlowNode) => `${n.data.doc.name ?? n.data.def?.label ?? n.data.doc.type} (${n.id})`;

/** Wiring without a mouse: each data input picks its source among the compatible outputs of the
 * other nodes; each exec output picks the node it runs next. */
function WireSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: { value: string; text: string }[];
  onChange: (v: string) => void;
}) {
  return (
    <label className="wire-select small">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">— not wired —</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

function NodeInspector({
  node,
  wired,
  problems,
  onNode,
  wiring,
  variables,
}: {
  node: FlowNode;
  wired: ReadonlySet<string>;
  problems: Diagnostic[];
  onNode: (id: string, patch: Partial<DocNode>) => void;
  wiring: Wiring;
  variables: readonly Variable[];
}) {
  const others = wiring.nodes.filter((n) => n.id !== node.id);
  const sourceOf = (pin: string) => wiring.edges.find((e) => e.target === node.id && e.targetHandle === inHandle(pin));
  const sourcesFor = (type: PinType) =>
    others.flatMap((n) =>
      (n.data.def?.outputs ?? [])
        .filter((o) => canConnect(o.type, type))
        .map((o) => ({ value: `${n.id}${SEP}${outHandle(o.id)}`, text: `${nameOf(n)} · ${o.label ?? o.id}` })),
    );
  const execTargets = others.filter((n) => n.data.def?.execIn).map((n) => ({ value: `${n.id}${SEP}${inHandle('exec')}`, text: nameOf(n) }));
  const end = (v: string): WireEnd | null => {
    if (!v) return null;
    const [n, h] = v.split(SEP);
    return { node: n!, handle: h! };
  };
  const { doc, def } = node.data;
  const set = (patch: Partial<DocNode>) => onNode(node.id, patch);
  const setDefault = (pin: string, v: unknown) => set({ defaults: withDefault(doc.defaults, pin, v) });
  const setConfig = (key: string, v: unknown) => {
    const next = { ...doc.config };
    if (v === undefined) delete next[key];
    else next[key] = v;
    set({ config: Object.keys(next).length ? next : undefined });
  };
  return (
    <div className="stack">
      <h2>{def?.label ?? doc.type}</h2>
      <p className="muted small">
        {doc.type} · id <code>{doc.id}</code>
        {def ? ` · ${def.category}` : ''}
      </p>
      {def && <p className="small">{def.description}</p>}
      <Problems list={problems} />
      <label>
        Name
        <input value={doc.name ?? ''} placeholder={def?.label} onChange={(e) => set({ name: e.target.value || undefined })} />
      </label>
      <label>
        Description
        <textarea rows={2} value={doc.description ?? ''} onChange={(e) => set({ description: e.target.value || undefined })} />
      </label>
      {def && def.inputs.length > 0 && <h3>Inputs</h3>}
      {def?.inputs.map((p) => {
        const isWired = wired.has(wiredKey(node.id, inHandle(p.id)));
        return (
          <div key={p.id} className={isWired ? 'field wired' : 'field'}>
            <ValueField
              label={`${p.label ?? p.id} (${p.type})${isWired ? ' — wired' : ''}`}
              type={p.type}
              options={p.options}
              value={doc.defaults?.[p.id]}
              placeholder={p.default === undefined ? 'required' : JSON.stringify(p.default)}
              disabled={isWired}
              onChange={(v) => setDefault(p.id, v)}
            />
            <WireSelect
              label={`${p.id} from`}
              value={(() => {
                const e = sourceOf(p.id);
                return e ? `${e.source}${SEP}${e.sourceHandle}` : '';
              })()}
              options={sourcesFor(p.type)}
              onChange={(v) => wiring.onWire(end(v), { node: node.id, handle: inHandle(p.id) }, { node: node.id, handle: inHandle(p.id) })}
            />
          </div>
        );
      })}
      {def && def.execOut.length > 0 && <h3>Then</h3>}
      {def?.execOut.map((pin) => {
        const e = wiring.edges.find((x) => x.source === node.id && x.sourceHandle === outHandle(pin));
        return (
          <div key={pin} className="field">
            <WireSelect
              label={`${pin} runs`}
              value={e ? `${e.target}${SEP}${e.targetHandle}` : ''}
              options={execTargets}
              onChange={(v) => wiring.onWire({ node: node.id, handle: outHandle(pin) }, end(v), { node: node.id, handle: outHandle(pin) })}
            />
          </div>
        );
      })}
      {def?.dynamicPins && <p className="hint">This node's pins follow its config: the canvas redraws them once the draft is saved.</p>}
      <ConfigForm
        def={def}
        config={doc.config}
        variables={variables}
        onChange={setConfig}
        onAll={(c) => set({ config: c as Record<string, unknown> | undefined })}
      />
    </div>
  );
}

/** The node's config: one schema-driven field per property (GET /api/nodes `config`), else raw JSON. */
function ConfigForm({
  def,
  config,
  variables,
  onChange,
  onAll,
}: {
  def: NodeDescription | undefined;
  config: Record<string, unknown> | undefined;
  variables: readonly Variable[];
  onChange: (k: string, v: unknown) => void;
  onAll: (c: unknown) => void;
}) {
  const props = Object.entries(def?.config?.properties ?? {});
  if (!def?.config)
    return config ? (
      <>
        <h3>Config</h3>
        <JsonField label="Config (JSON)" value={config} onChange={onAll} rows={4} />
      </>
    ) : null;
  return (
    <>
      <h3>Config</h3>
      {props.map(([k, s]) => (
        <div key={k} className="field">
          {s['x-ref'] === 'connection' ? (
            <ConnectionField label={k} provider={s['x-provider']} value={config?.[k]} onChange={(v) => onChange(k, v)} />
          ) : s['x-ref'] === 'variable' ? (
            <SchemaField
              label={k}
              schema={{ ...s, enum: variables.map((v) => v.name) }}
              value={config?.[k]}
              optional={false}
              onChange={(v) => onChange(k, v)}
            />
          ) : (
            <SchemaField label={k} schema={s} value={config?.[k]} onChange={(v) => onChange(k, v)} />
          )}
          {s.description && <p className="hint">{s.description}</p>}
        </div>
      ))}
      {props.length === 0 && <JsonField label="Config (JSON)" value={config} onChange={onAll} rows={4} />}
    </>
  );
}

function PatternInspector({ meta, onMeta, problems }: { meta: Meta; onMeta: (patch: Partial<Meta>) => void; problems: ReadonlyMap<string, Diagnostic[]> }) {
  const vars = meta.variables ?? [];
  const setVar = (i: number, patch: Partial<Variable>) => onMeta({ variables: vars.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  const all = [...problems.values()].flat();
  return (
    <div className="stack">
      <h2>Pattern</h2>
      <p className="hint">Select a node to edit it. Ctrl/Cmd+B hides this panel.</p>
      <label>
        Name
        <input value={meta.name ?? ''} onChange={(e) => onMeta({ name: e.target.value })} />
      </label>
      <label>
        Description
        <textarea rows={2} value={meta.description ?? ''} onChange={(e) => onMeta({ description: e.target.value || undefined })} />
      </label>
      <TagsField tags={meta.tags ?? []} onChange={(tags) => onMeta({ tags })} />
      <h3>Variables</h3>
      {vars.map((v, i) => (
        <fieldset key={i} className="var-row">
          <legend className="sr-only">Variable {i + 1}</legend>
          <label>
            Variable name
            <input value={v.name} onChange={(e) => setVar(i, { name: e.target.value })} />
          </label>
          <label>
            Type
            <select
              value={v.type}
              onChange={(e) => {
                const type = e.target.value as Variable['type'];
                setVar(i, { type, default: ZERO[type] ?? null });
              }}
            >
              {PIN_TYPES.filter((t) => t !== 'Exec').map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <ValueField label="Default" type={v.type} value={v.default} onChange={(d) => setVar(i, { default: d })} />
          <button type="button" className="ghost" onClick={() => onMeta({ variables: vars.filter((_, j) => j !== i) })}>
            Remove variable
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => onMeta({ variables: [...vars, { name: `var${vars.length + 1}`, type: 'String', default: '' }] })}>
        Add variable
      </button>
      <JsonField label="Settings (JSON)" value={meta.settings} onChange={(s) => onMeta({ settings: s as Meta['settings'] })} rows={3} />
      {all.length > 0 && (
        <>
          <h3>Problems</h3>
          <Problems list={all} />
        </>
      )}
    </div>
  );
}

export function Problems({ list }: { list: Diagnostic[] }) {
  if (list.length === 0) return null;
  return (
    <ul className="problems">
      {list.map((d, i) => (
        <li key={i} className={d.severity === 'warning' ? 'warn' : 'error'}>
          <b>{d.code}</b> {d.message}
        </li>
      ))}
    </ul>
  );
}

/** Tags as comma-separated text: the text is kept as typed (commas, spaces) and the list is taken
 * from it; the text follows the document only when the tags change from outside (undo). */
function TagsField({ tags, onChange }: { tags: readonly string[]; onChange: (tags: string[]) => void }) {
  const parse = (t: string) =>
    t
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const [text, setText] = useState(tags.join(', '));
  if (parse(text).join('\u0000') !== tags.join('\u0000')) setText(tags.join(', '));
  return (
    <label>
      Tags
      <input
        value={text}
        placeholder="comma, separated"
        onChange={(e) => {
          setText(e.target.value);
          onChange(parse(e.target.value));
        }}
      />
    </label>
  );
}
