// Pin types and colours on the canvas, and the wire rule the editor checks while dragging: the
// compiler's own `canConnect` (src/pattern/pin-types.ts, bundled as it is).
import { canConnect } from '../../../src/pattern/pin-types.js';
import type { NodeDescription, PinSpec, PinType } from '../types.js';

export { canConnect };

// Header colours by kind, dark enough for white titles (WCAG AA, ≥ 4.5:1).
export const KIND_COLOR: Record<NodeDescription['kind'], string> = {
  event: '#be185d',
  function: '#2563eb',
  flow: '#c2410c',
  action: '#15803d',
};

export const PIN_COLOR: Record<PinType, string> = {
  Exec: '#f8fafc',
  String: '#e879f9',
  Integer: '#2dd4bf',
  Float: '#a3e635',
  Boolean: '#ef4444',
  Object: '#60a5fa',
  Array: '#fbbf24',
  DateTime: '#c084fc',
  Binary: '#94a3b8',
  Any: '#d1d5db',
  Null: '#6b7280',
  Enum: '#fb7185',
};

/** Handle ids carry the side, so an input and an output of the same name stay distinct. */
export const inHandle = (pin: string) => `i:${pin}`;
export const outHandle = (pin: string) => `o:${pin}`;
export const pinOf = (handle: string | null | undefined) => (handle ?? '').slice(2);

export interface Pin {
  id: string;
  type: PinType;
  spec?: PinSpec;
}

export function inputPins(def: NodeDescription | undefined): Pin[] {
  if (!def) return [];
  return [...(def.execIn ? [{ id: 'exec', type: 'Exec' as const }] : []), ...def.inputs.map((p) => ({ id: p.id, type: p.type, spec: p }))];
}

export function outputPins(def: NodeDescription | undefined): Pin[] {
  if (!def) return [];
  return [...def.execOut.map((id) => ({ id, type: 'Exec' as const })), ...def.outputs.map((p) => ({ id: p.id, type: p.type, spec: p }))];
}

/** The type of a handle of a node, or undefined when the node or pin is unknown. */
export function handleType(def: NodeDescription | undefined, handle: string | null | undefined): PinType | undefined {
  if (!handle) return undefined;
  const pins = handle.startsWith('i:') ? inputPins(def) : outputPins(def);
  return pins.find((p) => p.id === pinOf(handle))?.type;
}
