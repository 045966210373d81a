// What the generator reads from the JSON Schemas of an OpenAPI document (already dereferenced):
// `allOf` merged into one schema, the type a value has (→ a pin type), the properties of an
// object (with those of `oneOf`/`anyOf` branches, optional), texts trimmed for a pin. Pure.
import type { DataType } from '../../pattern/pin-types.js';
import { convert } from '../../pattern/types.js';

export type Schema = Record<string, unknown>;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAX_DEPTH = 32;

/** The schema with its `allOf` parts merged in (recursively): properties and `required` united, the
 * first value of any other keyword kept (the schema's own first). A property in two parts is the
 * `allOf` of both. */
export function flatten(s: unknown, depth = 0): Schema {
  if (!isObject(s)) return {};
  if (!Array.isArray(s.allOf) || depth > MAX_DEPTH) return s;
  const out: Schema = { ...s };
  delete out.allOf;
  for (const part of s.allOf) mergeInto(out, flatten(part, depth + 1));
  return out;
}

function mergeInto(out: Schema, part: Schema): void {
  for (const [k, v] of Object.entries(part)) {
    if (k === 'properties' && isObject(v)) {
      const props: Record<string, unknown> = { ...(isObject(out.properties) ? out.properties : {}) };
      for (const [name, p] of Object.entries(v)) props[name] = Object.hasOwn(props, name) ? { allOf: [props[name], p] } : p;
      out.properties = props;
    } else if (k === 'required' && Array.isArray(v)) {
      const req = Array.isArray(out.required) ? [...(out.required as unknown[])] : [];
      for (const r of v) if (!req.includes(r)) req.push(r);
      out.required = req;
    } else if (out[k] === undefined) out[k] = v;
  }
}

/** The JSON types a schema allows, `null` aside (3.0 `nullable`, 3.1 `type: [..., "null"]`). */
export function typesOf(s: Schema, depth = 0): string[] {
  const t = s.type;
  let types: string[] = Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
  if (types.length === 0) types = impliedTypes(s, depth);
  return [...new Set(types.filter((x) => x !== 'null'))];
}

function impliedTypes(s: Schema, depth: number): string[] {
  if (isObject(s.properties)) return ['object'];
  if (s.items !== undefined) return ['array'];
  const branches = [...(Array.isArray(s.oneOf) ? s.oneOf : []), ...(Array.isArray(s.anyOf) ? s.anyOf : [])];
  if (branches.length > 0 && depth < MAX_DEPTH) {
    const all = branches.map((b) => typesOf(flatten(b), depth + 1));
    // A branch that allows anything makes the union anything.
    return all.some((x) => x.length === 0) ? [] : all.flat();
  }
  const values = Array.isArray(s.enum) ? s.enum : s.const !== undefined ? [s.const] : [];
  return values.map((v) =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v,
  );
}

export interface PinTypeOf {
  type: DataType;
  options?: string[];
}

/** The pin type of a value of this schema; `Enum` (with its options) only for an input whose
 * values are a short list of strings. */
export function pinTypeOf(schema: unknown, forInput: boolean): PinTypeOf {
  const s = flatten(schema);
  const types = typesOf(s);
  if (types.length !== 1) return { type: types.length > 0 && types.every((t) => t === 'integer' || t === 'number') ? 'Float' : 'Any' };
  switch (types[0]) {
    case 'string': {
      const options = forInput ? enumOptions(s) : undefined;
      if (options) return { type: 'Enum', options };
      return { type: forInput && s.format === 'date-time' ? 'DateTime' : 'String' };
    }
    case 'integer':
      return { type: 'Integer' };
    case 'number':
      return { type: 'Float' };
    case 'boolean':
      return { type: 'Boolean' };
    case 'array':
      return { type: 'Array' };
    case 'object':
      return { type: 'Object' };
    default:
      return { type: 'Any' };
  }
}

function enumOptions(s: Schema): string[] | undefined {
  if (!Array.isArray(s.enum)) return undefined;
  const values = s.enum.filter((v) => v !== null);
  if (values.length === 0 || values.length > 200 || !values.every((v) => typeof v === 'string' && v.length <= 200)) return undefined;
  return [...new Set(values as string[])];
}

/** The schema's default as a pin default: undefined when it has none, or it does not fit the pin. */
export function defaultFor(schema: unknown, pin: PinTypeOf): { value?: unknown; problem?: string } {
  const s = flatten(schema);
  if (s.default === undefined || s.default === null) return {};
  try {
    convert(s.default, pin.type, pin.options);
    return { value: s.default };
  } catch (e) {
    return { problem: `its default ${JSON.stringify(s.default)} does not fit ${pin.type} (${(e as Error).message}); left out` };
  }
}

export interface Property {
  name: string;
  schema: Schema;
  required: boolean;
}

/** The properties of an object schema in document order: its own and its `allOf` parts', then
 * those only some `oneOf`/`anyOf` branch has (never required: which branch applies is the
 * caller's choice). */
export function propertiesOf(schema: unknown): Property[] {
  const s = flatten(schema);
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const out: Property[] = [];
  const seen = new Set<string>();
  const add = (props: unknown, isRequired: (name: string) => boolean) => {
    if (!isObject(props)) return;
    for (const [name, p] of Object.entries(props)) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, schema: flatten(p), required: isRequired(name) });
    }
  };
  add(s.properties, (n) => required.has(n));
  for (const b of [...(Array.isArray(s.oneOf) ? s.oneOf : []), ...(Array.isArray(s.anyOf) ? s.anyOf : [])]) add(flatten(b).properties, () => false);
  return out;
}

/** Whether the schema (flattened) says an object: declared `type: object`, or properties. */
export function isObjectSchema(schema: unknown): boolean {
  const t = typesOf(flatten(schema));
  return t.length === 1 && t[0] === 'object';
}

/** A description for a pin or node: the first paragraph, Markdown links as their text, one line,
 * at most `max` characters (cut at a word, with …). */
export function shortText(text: unknown, max: number): string | undefined {
  if (typeof text !== 'string') return undefined;
  const para =
    text
      .trim()
      .split(/\n\s*\n/)[0]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\s+/g, ' ')
      .trim() ?? '';
  if (para === '') return undefined;
  if (para.length <= max) return para;
  const cut = para.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '') + '…';
}
