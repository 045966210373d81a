// One node on the canvas: a header coloured by kind, exec pins as triangles, data pins as circles
// coloured by type (filled when wired). While a wire is dragged, pins it could connect to light up
// and the others fade.
import { memo, type MouseEvent } from 'react';
import { Handle, Position, useConnection, type NodeProps } from '@xyflow/react';
import type { FlowNode } from './graph.js';
import { KIND_COLOR, PIN_COLOR, canConnect, handleType, inHandle, inputPins, outHandle, outputPins, type Pin } from './pins.js';
import { useEditor, wiredKey } from './context.js';
import { short } from '../ui/format.js';
import type { NodeDescription, PinType } from '../types.js';

/** While connecting: the type and side of the pin the wire started from. */
function useDragging(): { type: PinType; fromInput: boolean; nodeId: string } | null {
  // A string, so that nodes re-render when a drag starts or ends, not on every mouse move.
  const key = useConnection((c) => {
    if (!c.inProgress) return '';
    const type = handleType((c.fromNode.data as FlowNode['data']).def, c.fromHandle.id);
    return type ? `${c.fromNode.id}\u0000${c.fromHandle.id ?? ''}\u0000${type}` : '';
  });
  if (!key) return null;
  const [nodeId, handle, type] = key.split('\u0000') as [string, string, PinType];
  return { type, fromInput: handle.startsWith('i:'), nodeId };
}

function PatternNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const { wired, problems, clearPin, notes, setDefault } = useEditor();
  const note = notes?.get(id);
  const dragging = useDragging();
  const def = data.def;
  const errs = problems.get(id) ?? [];
  const hasError = errs.some((d) => d.severity !== 'warning');
  const title = data.doc.name || def?.label || data.doc.type;

  const pinClass = (pin: Pin, input: boolean) => {
    if (!dragging || dragging.nodeId === id || dragging.fromInput === input) return '';
    const ok = input ? canConnect(dragging.type, pin.type) : canConnect(pin.type, dragging.type);
    return ok ? ' compatible' : ' incompatible';
  };
  const onPin = (handle: string) => (e: MouseEvent) => {
    if (e.altKey) {
      e.stopPropagation();
      clearPin(id, handle);
    }
  };

  const ins = inputPins(def),
    outs = outputPins(def);
  const rows = Math.max(ins.length, outs.length);
  return (
    <div
      className={`pnode${selected ? ' selected' : ''}${hasError ? ' has-error' : errs.length ? ' has-warning' : ''}${note?.className ? ` ${note.className}` : ''}`}
      data-testid={`node-${id}`}
      title={errs.map((d) => d.message).join('\n') || undefined}
    >
      <div className="pnode-head" style={{ background: def ? KIND_COLOR[def.kind] : '#4b5563' }}>
        <span>{title}</span>
        {hasError && (
          <span className="pnode-flag" aria-label={`${errs.length} problem(s)`}>
            !
          </span>
        )}
        {note?.badge && (
          <span className="pnode-badge" title={note.badgeTitle} style={note.badgeColor ? { background: note.badgeColor } : undefined}>
            {note.badge}
          </span>
        )}
      </div>
      {!def && <div className="pnode-row muted small">Unknown node type {data.doc.type}</div>}
      {Array.from({ length: rows }, (_, i) => {
        const a = ins[i],
          b = outs[i];
        return (
          <div className="pnode-row" key={i}>
            <div className="pin-in">
              {a && (
                <PinHandle
                  pin={a}
                  input
                  nodeId={id}
                  wired={wired.has(wiredKey(id, inHandle(a.id)))}
                  extra={pinClass(a, true)}
                  onClick={onPin(inHandle(a.id))}
                />
              )}
              {a && (
                <span className="pin-label">
                  {a.type === 'Exec' ? '' : (a.spec?.label ?? a.id)}
                  {a.type !== 'Exec' &&
                    !wired.has(wiredKey(id, inHandle(a.id))) &&
                    (setDefault && a.type === 'String' && !a.spec?.options?.length ? (
                      <StringField node={id} title={title} pin={a} value={data.doc.defaults?.[a.id]} onChange={setDefault} />
                    ) : (
                      <DefaultValue def={def} doc={data.doc.defaults} pin={a.id} />
                    ))}
                </span>
              )}
            </div>
            <div className="pin-out">
              {b && <span className="pin-label">{b.type === 'Exec' && b.id === 'then' ? '' : (b.spec?.label ?? b.id)}</span>}
              {b && (
                <PinHandle
                  pin={b}
                  input={false}
                  nodeId={id}
                  wired={wired.has(wiredKey(id, outHandle(b.id)))}
                  extra={pinClass(b, false)}
                  onClick={onPin(outHandle(b.id))}
                />
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function DefaultValue({ def, doc, pin }: { def: NodeDescription | undefined; doc: Record<string, unknown> | undefined; pin: string }) {
  const given = doc && Object.hasOwn(doc, pin);
  const v = given ? doc![pin] : def?.inputs.find((p) => p.id === pin)?.default;
  if (v === undefined) return null;
  return <span className={given ? 'pin-value' : 'pin-value muted'}>{short(v, 24)}</span>;
}

/** An unwired String input edited on the node, as in Blueprints: a text field with the pin's
 * default (or its name) as placeholder; emptied, the pin has no value of its own. */
function StringField({
  node,
  title,
  pin,
  value,
  onChange,
}: {
  node: string;
  title: string;
  pin: Pin;
  value: unknown;
  onChange: (node: string, pin: string, v: unknown) => void;
}) {
  const fallback = pin.spec?.default;
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <input
      className="pin-input nodrag nopan nowheel"
      value={text}
      size={Math.min(Math.max(text.length, 8), 24)}
      placeholder={fallback !== undefined && fallback !== '' ? short(fallback, 24) : 'text'}
      aria-label={`${title}: ${pin.spec?.label ?? pin.id}`}
      onChange={(e) => onChange(node, pin.id, e.target.value === '' ? undefined : e.target.value)}
      onKeyDown={(e) => e.stopPropagation()}
    />
  );
}

function PinHandle({
  pin,
  input,
  nodeId,
  wired,
  extra,
  onClick,
}: {
  pin: Pin;
  input: boolean;
  nodeId: string;
  wired: boolean;
  extra: string;
  onClick: (e: MouseEvent) => void;
}) {
  const color = PIN_COLOR[pin.type];
  const exec = pin.type === 'Exec';
  return (
    <Handle
      id={input ? inHandle(pin.id) : outHandle(pin.id)}
      type={input ? 'target' : 'source'}
      position={input ? Position.Left : Position.Right}
      className={`pin ${exec ? 'pin-exec' : 'pin-data'}${wired ? ' wired' : ''}${extra}`}
      style={exec ? { background: color } : { borderColor: color, background: wired ? color : 'transparent' }}
      title={`${pin.id}: ${pin.type}${pin.spec?.description ? ` — ${pin.spec.description}` : ''} (Alt+click clears)`}
      aria-label={`${nodeId} ${input ? 'input' : 'output'} ${pin.id} (${pin.type})`}
      onClick={onClick}
    />
  );
}

export const PatternNode = memo(PatternNodeView);
