// The 12 pin types and the wire rules of SPEC §2, with no imports: the compiler and the web editor
// (which bundles this file) check wires with the same `canConnect`.
export const PIN_TYPES = ['Exec', 'String', 'Integer', 'Float', 'Boolean', 'Object', 'Array', 'DateTime', 'Binary', 'Any', 'Null', 'Enum'] as const;
export type PinType = (typeof PIN_TYPES)[number];
export type DataType = Exclude<PinType, 'Exec'>;

const SCALARS: ReadonlySet<PinType> = new Set<PinType>(['Integer', 'Float', 'String', 'Boolean']);

export function isPinType(t: unknown): t is PinType {
  return typeof t === 'string' && (PIN_TYPES as readonly string[]).includes(t);
}

/** Wire rules 2–5 (rule 1, one wire per input, is a property of the graph, checked elsewhere). */
export function canConnect(from: PinType, to: PinType): boolean {
  if (from === 'Exec' || to === 'Exec') return from === to;
  if (from === to) return true;
  if (from === 'Any' || from === 'Null' || to === 'Any' || to === 'Null') return true;
  if (SCALARS.has(from) && SCALARS.has(to)) return true;
  // DateTime and Enum values are strings at run time, so they meet String both ways.
  const stringy = (t: PinType) => t === 'String' || t === 'DateTime' || t === 'Enum';
  return stringy(from) && stringy(to) && (from === 'String' || to === 'String');
}
