// The 12 pin types, the wire rules and the run-time conversions of SPEC §2, in one place.
// The compiler asks `canConnect` / `conversionFor`; generated code calls the `to*` functions
// (through the runtime) only where a conversion can actually be needed.
import { DragopsError } from '../errors/error.js';
import type { PinType, DataType } from './pin-types.js';

export { PIN_TYPES, isPinType, canConnect, type PinType, type DataType } from './pin-types.js';

/**
 * Which conversion a value needs on its way from a `from` pin into a `to` pin, or null when the
 * value can pass as it is. Values typed Any (or Null) are checked at run time against the target.
 */
export function conversionFor(from: PinType, to: PinType, toOptions?: readonly string[]): DataType | null {
  if (to === 'Any' || to === 'Null' || to === 'Exec') return null;
  if (from === to && to !== 'Enum') return null;
  if (to === 'Enum' && from === 'Enum' && !toOptions) return null;
  return to as DataType;
}

const kindOf = (v: unknown): string => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'array' : v instanceof Uint8Array ? 'binary' : typeof v);

function fail(v: unknown, to: string, why?: string): never {
  let shown: string;
  try {
    shown = typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v) : kindOf(v);
  } catch {
    shown = kindOf(v);
  }
  throw new DragopsError('TYPE_CONVERSION', `cannot convert ${shown} to ${to}${why ? ` (${why})` : ''}`);
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?0[xX][0-9a-fA-F]+$|^[+-]?Infinity$/;

function numberFromString(s: string, to: string): number {
  const t = s.trim();
  if (!NUMERIC.test(t)) fail(s, to);
  return Number(t);
}

export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return numberFromString(v, 'Float');
  return fail(v, 'Float');
}

export function toInteger(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'string' ? numberFromString(v, 'Integer') : fail(v, 'Integer');
  if (!Number.isFinite(n)) fail(v, 'Integer', 'not a finite number');
  return Math.trunc(n) || 0; // `|| 0` turns -0 into 0
}

export function toBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return false;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1' || t === 'yes' || t === 'on') return true;
    if (t === 'false' || t === '0' || t === 'no' || t === 'off' || t === '') return false;
  }
  return fail(v, 'Boolean');
}

export function toStringValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (typeof v === 'object') return JSON.stringify(v, binaryReplacer);
  return fail(v, 'String');
}

/** JSON.stringify replacer that writes Binary values as base64 (SPEC §2). */
export function binaryReplacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value;
}

export function toDateTime(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let d: Date | undefined;
  if (typeof v === 'string') d = new Date(v.trim());
  else if (typeof v === 'number') d = new Date(v);
  else if (v instanceof Date) d = v;
  if (!d || Number.isNaN(d.getTime())) return fail(v, 'DateTime', 'expected an ISO 8601 date');
  return d.toISOString();
}

export function toObject(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) return v as Record<string, unknown>;
  return fail(v, 'Object');
}

export function toArray(v: unknown): unknown[] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v;
  return fail(v, 'Array');
}

export function toBinary(v: unknown): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return new TextEncoder().encode(v);
  return fail(v, 'Binary');
}

export function toEnum(v: unknown, options: readonly string[]): string {
  if (typeof v === 'string' && options.includes(v)) return v;
  return fail(v, `Enum (${options.join(' | ')})`);
}

/** Converts a value into a pin of type `to` (SPEC §2 rules 4–5); throws TYPE_CONVERSION. */
export function convert(v: unknown, to: PinType, options?: readonly string[]): unknown {
  switch (to) {
    case 'Float':
      return toFloat(v);
    case 'Integer':
      return toInteger(v);
    case 'Boolean':
      return toBoolean(v);
    case 'String':
      return toStringValue(v);
    case 'DateTime':
      return toDateTime(v);
    case 'Object':
      return toObject(v);
    case 'Array':
      return toArray(v);
    case 'Binary':
      return toBinary(v);
    case 'Enum':
      return options ? toEnum(v, options) : toStringValue(v);
    default:
      return v === undefined ? null : v;
  }
}

/** The pin type a plain JSON value would have; used for messages and IsType/TypeOf. */
export function typeOfValue(v: unknown): DataType {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Float';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Uint8Array) return 'Binary';
  return 'Object';
}
