// One OpenAPI operation as the draft of a pack node (`dragops pack from-openapi`, generate.ts): path,
// query and header parameters and the JSON body's properties become typed inputs, the 2xx answer's
// top-level properties outputs. An operation that cannot be a node throws Skip with the reason.
import type { DataType } from '../../pattern/pin-types.js';
import { METHODS } from '../schema.js';
import { defaultFor, flatten, isObject, isObjectSchema, pinTypeOf, propertiesOf, shortText, type Schema } from './jsonschema.js';
import { pinNameOf, unique } from './names.js';
import type { Warning } from './generate.js';

const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export interface Operation {
  /** operationId, else the node id made from method and path. */
  key: string;
  operationId?: string;
  method: string;
  path: string;
  op: Record<string, unknown>;
  item: Record<string, unknown>;
  tags: string[];
  nodeId: string;
}

export type Where = 'path' | 'query' | 'header' | 'body';
export interface DraftInput {
  pin: string;
  type: DataType;
  options?: string[];
  default?: unknown;
  label?: string;
  description?: string;
  where: Where;
  /** The parameter's or property's name in the API. */
  key: string;
}
export interface DraftOutput {
  pin: string;
  type: DataType;
  label?: string;
  description?: string;
  path: string;
}
export interface Draft {
  id: string;
  name: string;
  description?: string;
  method: (typeof METHODS)[number];
  path: string;
  inputs: DraftInput[];
  /** `object`: one key per body input; `whole`: the one body input is the body. */
  body: 'none' | 'object' | 'whole';
  contentType?: string;
  query: Record<string, string | number | boolean>;
  headers: Record<string, string>;
  paginate?: unknown;
  outputs: DraftOutput[];
  /** The overlay's `addOutputs`, as written (the pack validator checks them). */
  extraOutputs: unknown[];
}

/** An operation that cannot be a node (its message says why): skipped with a warning. */
export class Skip extends Error {}

export function draftOf(o: Operation, warnings: Warning[]): Draft {
  const method = o.method.toUpperCase() as (typeof METHODS)[number];
  if (!(METHODS as readonly string[]).includes(method))
    throw new Skip(`packs send ${METHODS.slice(0, -1).join(', ')} and ${METHODS.at(-1)} requests, not ${method}`);
  const warn = (message: string) => warnings.push({ operation: o.key, message });
  const taken = new Set<string>(['exec']);
  const inputs = parameterInputs(o, taken, warn);
  const { body, contentType, bodyInputs } = bodyOf(o, method, taken, warn);
  inputs.push(...bodyInputs);
  if (inputs.length > 100) throw new Skip(`it has ${inputs.length} parameters and body properties; a pack node has at most 100 inputs`);
  const summary = typeof o.op.summary === 'string' && o.op.summary.trim() !== '' ? o.op.summary.trim() : undefined;
  const description = shortText(o.op.description, 500); // else the name (the summary) says it all
  return {
    id: o.nodeId,
    name: (summary ?? humanize(o.key)).slice(0, 200),
    ...(description !== undefined ? { description } : {}),
    method,
    path: o.path,
    inputs,
    body,
    ...(contentType ? { contentType } : {}),
    query: {},
    headers: {},
    outputs: outputsOf(o.op, warn),
    extraOutputs: [],
  };
}

const humanize = (key: string): string => {
  const s = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** The operation's parameters (the path item's, overridden by the operation's), path ones in the
 * order the path names them. */
function parametersOf(o: Operation): Record<string, unknown>[] {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const list of [o.item.parameters, o.op.parameters]) {
    for (const p of Array.isArray(list) ? list : []) if (isObject(p)) byKey.set(`${String(p.in)}:${String(p.name)}`, p);
  }
  const params = [...byKey.values()];
  const placeholders = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of placeholders)
    if (!params.some((p) => p.in === 'path' && p.name === name)) throw new Skip(`the path names {${name}}, which no parameter declares`);
  const pathParams = placeholders.map((name) => params.find((p) => p.in === 'path' && p.name === name)!);
  return [...pathParams, ...params.filter((p) => p.in !== 'path')];
}

function parameterInputs(o: Operation, taken: Set<string>, warn: (m: string) => void): DraftInput[] {
  const out: DraftInput[] = [];
  for (const p of parametersOf(o)) {
    const input = parameterInput(p, warn);
    if (!input) continue;
    input.pin = unique(taken.has(input.pin) ? pinNameOf(`${input.where} ${input.pin}`) : input.pin, taken);
    out.push(input);
  }
  return out;
}

/** One parameter as an input; undefined when it is left out (with a warning); Skip when the
 * operation cannot be called without it. */
function parameterInput(p: Record<string, unknown>, warn: (m: string) => void): DraftInput | undefined {
  const name = String(p.name);
  const where = p.in as Where | 'cookie';
  const required = where === 'path' || p.required === true;
  const leaveOut = (why: string) => {
    if (required) throw new Skip(`required ${where} parameter ${JSON.stringify(name)}: ${why}`);
    warn(`${where} parameter ${JSON.stringify(name)} left out: ${why}`);
    return undefined;
  };
  if (where === 'cookie') return leaveOut('packs send no cookies');
  if (where === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) return undefined; // OpenAPI: these are ignored as parameters
  if (where !== 'path' && where !== 'query' && where !== 'header') return leaveOut(`unknown location ${JSON.stringify(where)}`);
  const schema = schemaOfParameter(p);
  let type = pinTypeOf(schema, true);
  const style = typeof p.style === 'string' ? p.style : undefined;
  const why = unsupportedParameter(where, type.type, style);
  if (why !== undefined) return leaveOut(why);
  // Repeated keys are how a pack sends an Array; any other array form is the text the user writes.
  const note = where === 'query' && type.type === 'Array' ? delimited(p.explode, style) : undefined;
  if (note !== undefined || (where === 'header' && (type.type === 'Array' || type.type === 'Object'))) type = { type: 'String' };
  const def = defaultFor(schema, type);
  if (def.problem) warn(`${where} parameter ${JSON.stringify(name)}: ${def.problem}`);
  const text = shortText(p.description ?? flatten(schema).description, 300);
  return { pin: pinNameOf(name), ...type, ...defaultOf(def.value, required), ...describe(text, note), where, key: name };
}

/** A pin's default: the document's, else none for a required pin and null ("not given") otherwise. */
const defaultOf = (value: unknown, required: boolean): { default?: unknown } => (value !== undefined ? { default: value } : required ? {} : { default: null });

const describe = (text: string | undefined, note: string | undefined): { description?: string } => {
  const d = note ? (text ? `${text} (${note})` : note) : text;
  return d === undefined ? {} : { description: d };
};

function unsupportedParameter(where: Where, type: DataType, style: string | undefined): string | undefined {
  if (where === 'path' && style !== undefined && style !== 'simple') return `path style ${JSON.stringify(style)} is not supported (only simple)`;
  if (where === 'path' && (type === 'Array' || type === 'Object')) return `an ${type} in a path is not supported`;
  if (where === 'query' && type === 'Object') return 'an object in the query is not supported';
  return undefined;
}

/** How a query array that is not sent as repeated keys is written, or undefined when it is. */
function delimited(explode: unknown, style: string | undefined): string | undefined {
  if (explode !== false && (style === undefined || style === 'form')) return undefined;
  return `${style === 'spaceDelimited' ? 'space' : style === 'pipeDelimited' ? '|' : 'comma'}-separated`;
}

function schemaOfParameter(p: Record<string, unknown>): Schema {
  if (isObject(p.schema)) return p.schema;
  if (isObject(p.content)) {
    const first = Object.values(p.content)[0];
    if (isObject(first) && isObject(first.schema)) return first.schema;
  }
  return {};
}

const isJson = (mt: string) => {
  const t = mt.split(';')[0]!.trim().toLowerCase();
  return t === 'application/json' || t.endsWith('+json') || t === '*/*';
};

function bodyOf(
  o: Operation,
  method: string,
  taken: Set<string>,
  warn: (m: string) => void,
): { body: Draft['body']; contentType?: string; bodyInputs: DraftInput[] } {
  const rb = o.op.requestBody;
  if (!isObject(rb) || !isObject(rb.content)) return { body: 'none', bodyInputs: [] };
  const types = Object.keys(rb.content);
  const mt = types.find((t) => t.toLowerCase() === 'application/json') ?? types.find(isJson);
  const required = rb.required === true;
  if (mt === undefined || method === 'GET' || method === 'HEAD') {
    const why =
      mt === undefined ? `the request body is ${types.join(' or ') || 'of no media type'}; packs send JSON bodies only` : `a ${method} request has no body`;
    if (required) throw new Skip(why);
    warn(`request body left out: ${why}`);
    return { body: 'none', bodyInputs: [] };
  }
  const media = rb.content[mt];
  const schema = isObject(media) && isObject(media.schema) ? media.schema : {};
  const contentType = mt.toLowerCase() === 'application/json' || mt === '*/*' ? undefined : mt;
  const props = isObjectSchema(schema) ? propertiesOf(schema).filter((p) => p.schema.readOnly !== true) : [];
  if (props.length === 0) return { body: 'whole', ...(contentType ? { contentType } : {}), bodyInputs: [wholeBody(schema, rb, required, taken)] };
  const bodyInputs = props.map((p): DraftInput => {
    const type = pinTypeOf(p.schema, true);
    const def = defaultFor(p.schema, type);
    if (def.problem) warn(`body property ${JSON.stringify(p.name)}: ${def.problem}`);
    const base = pinNameOf(p.name);
    const pin = unique(taken.has(base) ? pinNameOf(`body ${p.name}`) : base, taken);
    const description = shortText(p.schema.description, 300);
    const isRequired = required && p.required;
    return {
      pin,
      ...type,
      ...(def.value !== undefined ? { default: def.value } : isRequired ? {} : { default: null }),
      ...(description !== undefined ? { description } : {}),
      where: 'body',
      key: p.name,
    };
  });
  return { body: 'object', ...(contentType ? { contentType } : {}), bodyInputs };
}

/** A body that is not an object with properties (an array, free-form): one input, the whole body. */
function wholeBody(schema: Schema, rb: Record<string, unknown>, required: boolean, taken: Set<string>): DraftInput {
  const type = pinTypeOf(schema, true);
  const pin = unique(taken.has('body') ? 'requestBody' : 'body', taken);
  const description = shortText(rb.description ?? flatten(schema).description, 300);
  return {
    pin,
    type: type.type === 'Enum' ? 'String' : type.type,
    ...(required ? {} : { default: null }),
    ...(description ? { description } : {}),
    where: 'body',
    key: '',
  };
}

/** A dot/bracket output path for one top-level key. */
const pathFor = (key: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`);

function outputsOf(op: Record<string, unknown>, warn: (m: string) => void): DraftOutput[] {
  const responses = isObject(op.responses) ? op.responses : {};
  const codes = Object.keys(responses)
    .filter((c) => /^2(\d\d|XX)$/i.test(c))
    .sort((a, b) => (a.toUpperCase() < b.toUpperCase() ? -1 : 1));
  const res = codes.length > 0 ? responses[codes[0]!] : undefined;
  if (!isObject(res) || !isObject(res.content) || Object.keys(res.content).length === 0) return [];
  const types = Object.keys(res.content);
  const mt = types.find((t) => t.toLowerCase() === 'application/json') ?? types.find(isJson);
  if (mt === undefined) {
    warn(`the ${codes[0]} answer is ${types.join(' or ')}, not JSON: one output "response" with the whole body`);
    return [{ pin: 'response', type: 'Any', path: '' }];
  }
  const media = res.content[mt];
  const schema = isObject(media) && isObject(media.schema) ? media.schema : {};
  const taken = new Set<string>(['status', 'then', 'exec']);
  const out: DraftOutput[] = [];
  if (isObjectSchema(schema)) {
    for (const p of propertiesOf(schema)) {
      if (p.schema.writeOnly === true) continue;
      const base = pinNameOf(p.name);
      const pin = unique(taken.has(base) ? pinNameOf(`${p.name} field`) : base, taken);
      const description = shortText(p.schema.description, 300);
      out.push({ pin, type: pinTypeOf(p.schema, false).type, ...(description !== undefined ? { description } : {}), path: pathFor(p.name) });
      if (out.length >= 99) break;
    }
  }
  const whole = pinTypeOf(schema, false).type;
  out.push({ pin: unique('response', taken), type: whole === 'Enum' ? 'String' : whole, description: 'The whole answer', path: '' });
  return out;
}
