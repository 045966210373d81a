// An integration pack from an OpenAPI 3.0/3.1 document (`dragops pack from-openapi`, SPEC §14;
// docs/packs.md "From an OpenAPI document"): each chosen operation a node — path, query and header
// parameters and the JSON body's properties typed input pins, the 2xx answer's top-level properties
// output pins — the security scheme the connection, `servers[0]` the base URL; an overlay adds
// what the document cannot say. Pure and deterministic: the document (already dereferenced, see
// load.ts), the options and the overlay give the same pack every time, in document order.
import type { DataType } from '../../pattern/pin-types.js';
import { METHODS, SEMVER, SLUG, type PackDocument, type PackNodeSpec } from '../schema.js';
import { defaultFor, flatten, isObject, isObjectSchema, pinTypeOf, propertiesOf, shortText, type Schema } from './jsonschema.js';
import { idFromPath, nearMatches, nodeIdOf, pinNameOf, unique } from './names.js';
import type { NodeChange, Overlay } from './overlay.js';
import { connectionOf } from './security.js';

export interface Problem {
  path: string;
  message: string;
}
export interface Warning {
  /** The operation it is about (operationId, or the node id made for one without), or null. */
  operation: string | null;
  message: string;
}
export class GenerateError extends Error {
  constructor(
    readonly problems: Problem[],
    readonly warnings: Warning[],
  ) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n'));
  }
}
export interface GenerateOptions {
  slug: string;
  /** operationIds, node ids or `tag:NAME`; else the overlay's `operations`; else all. */
  operations?: readonly string[];
  overlay?: Overlay;
}
export interface Generated {
  pack: PackDocument;
  warnings: Warning[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

interface Operation {
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

type Where = 'path' | 'query' | 'header' | 'body';
interface DraftInput {
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
interface DraftOutput {
  pin: string;
  type: DataType;
  label?: string;
  description?: string;
  path: string;
}
interface Draft {
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

class Skip extends Error {}

export function generatePack(doc: Record<string, unknown>, options: GenerateOptions): Generated {
  const warnings: Warning[] = [];
  const problems: Problem[] = [];
  const overlay = options.overlay;
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.'))
    throw new GenerateError([{ path: '/openapi', message: `not an OpenAPI 3 document (openapi: ${JSON.stringify(doc.openapi ?? doc.swagger ?? null)})` }], []);
  if (!new RegExp(SLUG).test(options.slug))
    problems.push({ path: '--slug', message: `${JSON.stringify(options.slug)}: lower-case letters, digits and -, starting with a letter, up to 40` });

  const all = operationsOf(doc);
  const chosen = select(all, options.operations ?? overlay?.operations, overlay?.exclude, options.operations ? '--operations' : '/operations', problems);
  const changes = nodeChanges(all, chosen, overlay, problems);
  const baseUrl = baseUrlOf(doc, overlay, problems);

  const sec = connectionOf(
    doc,
    chosen.map((o) => ({ key: o.key, op: o.op })),
    baseUrl,
    overlay,
  );
  warnings.push(...sec.warnings);
  problems.push(...sec.errors);

  const nodes: PackNodeSpec[] = [];
  for (const o of chosen) {
    let draft: Draft;
    try {
      draft = draftOf(o, warnings);
    } catch (e) {
      if (!(e instanceof Skip)) throw e;
      warnings.push({ operation: o.key, message: `skipped (${o.method.toUpperCase()} ${o.path}): ${e.message}` });
      continue;
    }
    const change = changes.get(o.key);
    if (change) applyChange(draft, change, `/nodes/${o.key}`, problems);
    nodes.push(emitNode(draft));
  }
  if (nodes.length === 0 && problems.length === 0) problems.push({ path: '', message: 'no operation could be made a node (see the warnings)' });
  if (problems.length > 0) throw new GenerateError(problems, warnings);

  const pack: PackDocument = {
    packVersion: '1.0',
    metadata: metadataOf(doc, options.slug, overlay),
    connection: connectionWithOverlay(options.slug, sec.connection, overlay),
    defaults: defaultsOf(baseUrl, overlay),
    nodes,
  };
  return { pack, warnings };
}

function connectionWithOverlay(slug: string, inferred: Omit<PackDocument['connection'], 'provider'>, overlay: Overlay | undefined): PackDocument['connection'] {
  const c = overlay?.connection ?? {};
  const out: PackDocument['connection'] = { provider: c.provider ?? slug, ...inferred };
  if (c.credentials) out.credentials = c.credentials as never;
  if (c.inject) out.inject = c.inject as never;
  if (c.verify) out.verify = c.verify as never;
  if (c.scopes && out.oauth2) out.oauth2 = { ...out.oauth2, scopes: c.scopes };
  return out;
}

// ---- operations and their selection ----

function operationsOf(doc: Record<string, unknown>): Operation[] {
  const out: Operation[] = [];
  const ids = new Set<string>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of Object.keys(item).filter((k) => HTTP_METHODS.includes(k))) {
      const op = item[method];
      if (!isObject(op)) continue;
      const operationId = typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : undefined;
      const nodeId = unique(operationId ? nodeIdOf(operationId) : idFromPath(method, path), ids);
      const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [];
      out.push({ key: operationId ?? nodeId, ...(operationId ? { operationId } : {}), method, path, op, item, tags, nodeId });
    }
  }
  return out;
}

const matches = (o: Operation, name: string) => o.key === name || o.nodeId === name;

function lookup(all: readonly Operation[], name: string, where: string, problems: Problem[]): Operation[] {
  if (name.startsWith('tag:')) {
    const tag = name.slice(4);
    const found = all.filter((o) => o.tags.includes(tag));
    if (found.length === 0) {
      const tags = [...new Set(all.flatMap((o) => o.tags))];
      const near = nearMatches(tag, tags);
      problems.push({
        path: where,
        message: `no operation has tag ${JSON.stringify(tag)}${near.length ? `; did you mean ${near.map((t) => 'tag:' + t).join(', ')}?` : ''} (tags: ${tags.join(', ') || 'none'})`,
      });
    }
    return found;
  }
  const found = all.filter((o) => matches(o, name));
  if (found.length === 0) {
    // Near either name of an operation: named by its operationId (its key).
    const byName = new Map<string, string>();
    for (const o of all) for (const n of [o.key, o.nodeId]) if (!byName.has(n)) byName.set(n, o.key);
    const near = [...new Set(nearMatches(name, [...byName.keys()], 6).map((n) => byName.get(n)!))].slice(0, 3);
    problems.push({
      path: where,
      message: `unknown operation ${JSON.stringify(name)}${near.length ? `; did you mean ${near.join(', ')}?` : ''} (the document has ${all.length} operation${all.length === 1 ? '' : 's'})`,
    });
  }
  return found;
}

function select(
  all: Operation[],
  names: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
  where: string,
  problems: Problem[],
): Operation[] {
  let chosen: Operation[] = all;
  if (names && names.length > 0) {
    chosen = [];
    for (const n of names) for (const o of lookup(all, n, where, problems)) if (!chosen.includes(o)) chosen.push(o);
  }
  const out = new Set<Operation>();
  for (const n of exclude ?? []) for (const o of lookup(all, n, '/exclude', problems)) out.add(o);
  return chosen.filter((o) => !out.has(o));
}

function nodeChanges(all: Operation[], chosen: Operation[], overlay: Overlay | undefined, problems: Problem[]): Map<string, NodeChange> {
  const map = new Map<string, NodeChange>();
  for (const [name, change] of Object.entries(overlay?.nodes ?? {})) {
    const o = all.find((x) => matches(x, name));
    if (!o) {
      lookup(all, name, `/nodes/${name}`, problems);
      continue;
    }
    if (chosen.includes(o)) map.set(o.key, change);
  }
  return map;
}

// ---- pack-level parts ----

function baseUrlOf(doc: Record<string, unknown>, overlay: Overlay | undefined, problems: Problem[]): string {
  if (overlay?.defaults?.baseUrl) return overlay.defaults.baseUrl;
  const server = Array.isArray(doc.servers) ? doc.servers[0] : undefined;
  if (!isObject(server) || typeof server.url !== 'string') {
    problems.push({ path: '/servers', message: 'the document has no servers: give defaults.baseUrl in an overlay' });
    return '';
  }
  const vars = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (isObject(v) && v.default !== undefined) return String(v.default);
    problems.push({ path: '/servers/0/url', message: `server variable {${name}} has no default` });
    return whole;
  });
  if (!/^https?:\/\//i.test(url))
    problems.push({ path: '/servers/0/url', message: `${JSON.stringify(url)} is not an absolute http(s) URL: give defaults.baseUrl in an overlay` });
  return url.replace(/\/+$/, '');
}

function metadataOf(doc: Record<string, unknown>, slug: string, overlay: Overlay | undefined): PackDocument['metadata'] {
  const info = isObject(doc.info) ? doc.info : {};
  const m = overlay?.metadata ?? {};
  const title = typeof info.title === 'string' && info.title.trim() !== '' ? info.title.trim().slice(0, 100) : slug;
  const homepage = m.homepage ?? (isObject(doc.externalDocs) ? doc.externalDocs.url : undefined) ?? (isObject(info.contact) ? info.contact.url : undefined);
  const version = m.version ?? (typeof info.version === 'string' && new RegExp(SEMVER).test(info.version) ? info.version : '1.0.0');
  return {
    slug,
    name: m.name ?? title,
    description: m.description ?? shortText(info.description, 500) ?? `Generated from the OpenAPI document of ${title}.`,
    version,
    ...(m.category !== undefined ? { category: m.category } : {}),
    ...(m.tags !== undefined ? { tags: m.tags } : {}),
    ...(typeof homepage === 'string' ? { homepage } : {}),
  };
}

function defaultsOf(baseUrl: string, overlay: Overlay | undefined): PackDocument['defaults'] {
  const d = overlay?.defaults ?? {};
  return {
    baseUrl,
    headers: { Accept: 'application/json', ...d.headers },
    ...(d.timeoutMs !== undefined ? { timeoutMs: d.timeoutMs } : {}),
    ...(d.retry !== undefined ? { retry: d.retry as never } : {}),
  };
}

// ---- one operation → one node ----

function draftOf(o: Operation, warnings: Warning[]): Draft {
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

// ---- the overlay's changes to one node ----

function applyChange(d: Draft, c: NodeChange, at: string, problems: Problem[]): void {
  if (c.id !== undefined) d.id = c.id;
  if (c.name !== undefined) d.name = c.name;
  if (c.description !== undefined) d.description = c.description;
  const dropInput = (where: Where, key: string) => {
    d.inputs = d.inputs.filter((i) => !(i.where === where && (where === 'header' ? i.key.toLowerCase() === key.toLowerCase() : i.key === key)));
  };
  if (c.paginate !== undefined) {
    d.paginate = c.paginate;
    if (isObject(c.paginate))
      for (const k of ['offsetParam', 'limitParam', 'pageParam', 'cursorParam']) if (typeof c.paginate[k] === 'string') dropInput('query', c.paginate[k]);
  }
  for (const [k, v] of Object.entries(c.query ?? {})) {
    dropInput('query', k);
    d.query[k] = v;
  }
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    dropInput('header', k);
    d.headers[k] = v;
  }
  changeInputs(d, c, at, problems);
  changeOutputs(d, c, at, problems);
  d.extraOutputs.push(...(c.addOutputs ?? []));
}

function changeInputs(d: Draft, c: NodeChange, at: string, problems: Problem[]): void {
  for (const [pin, ch] of Object.entries(c.inputs ?? {})) {
    const i = d.inputs.findIndex((x) => x.pin === pin);
    if (i < 0) {
      const near = nearMatches(
        pin,
        d.inputs.map((x) => x.pin),
      );
      problems.push({
        path: `${at}/inputs/${pin}`,
        message: `the node has no input ${JSON.stringify(pin)}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      });
      continue;
    }
    const input = d.inputs[i]!;
    if (ch.drop) {
      if (input.where === 'path') problems.push({ path: `${at}/inputs/${pin}/drop`, message: 'a path parameter cannot be dropped' });
      else d.inputs.splice(i, 1);
      continue;
    }
    if (ch.pin !== undefined) input.pin = ch.pin;
    if (ch.label !== undefined) input.label = ch.label;
    if (ch.description !== undefined) input.description = ch.description;
    if (ch.required === true) delete input.default;
    if (ch.required === false && !Object.hasOwn(input, 'default')) input.default = null;
    if (ch.default !== undefined) input.default = ch.default;
  }
}

function changeOutputs(d: Draft, c: NodeChange, at: string, problems: Problem[]): void {
  for (const [pin, ch] of Object.entries(c.outputs ?? {})) {
    const i = d.outputs.findIndex((x) => x.pin === pin);
    if (i < 0) {
      const near = nearMatches(
        pin,
        d.outputs.map((x) => x.pin),
      );
      problems.push({
        path: `${at}/outputs/${pin}`,
        message: `the node has no output ${JSON.stringify(pin)}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      });
      continue;
    }
    if (ch.drop) {
      d.outputs.splice(i, 1);
      continue;
    }
    const out = d.outputs[i]!;
    if (ch.pin !== undefined) out.pin = ch.pin;
    if (ch.type !== undefined) out.type = ch.type;
    if (ch.label !== undefined) out.label = ch.label;
    if (ch.description !== undefined) out.description = ch.description;
    if (ch.path !== undefined) out.path = ch.path;
  }
}

// ---- the pack node ----

function requestOf(d: Draft): PackNodeSpec['request'] {
  const tpl = (i: DraftInput) => `{{inputs.${i.pin}}}`;
  let path = d.path;
  for (const i of d.inputs) if (i.where === 'path') path = path.split(`{${i.key}}`).join(tpl(i));
  const query: Record<string, string | number | boolean> = {};
  for (const i of d.inputs) if (i.where === 'query') query[i.key] = tpl(i);
  Object.assign(query, d.query);
  const headers: Record<string, string> = {};
  if (d.contentType && d.body !== 'none') headers['Content-Type'] = d.contentType;
  for (const i of d.inputs) if (i.where === 'header') headers[i.key] = tpl(i);
  Object.assign(headers, d.headers);
  const bodyInputs = d.inputs.filter((i) => i.where === 'body');
  let body: unknown;
  if (d.body === 'whole' && bodyInputs.length > 0) body = tpl(bodyInputs[0]!);
  if (d.body === 'object') body = Object.fromEntries(bodyInputs.map((i) => [i.key, tpl(i)]));
  return {
    method: d.method,
    path,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(body !== undefined ? { body } : {}),
  };
}

function emitNode(d: Draft): PackNodeSpec {
  const inputs = d.inputs.map((i) => ({
    pin: i.pin,
    type: i.type,
    ...(i.options ? { options: i.options } : {}),
    ...(Object.hasOwn(i, 'default') ? { default: i.default } : {}),
    ...(i.label !== undefined ? { label: i.label } : {}),
    ...(i.description !== undefined ? { description: i.description } : {}),
  }));
  const outputs = [
    ...d.outputs.map((o) => ({
      pin: o.pin,
      type: o.type,
      ...(o.label !== undefined ? { label: o.label } : {}),
      ...(o.description !== undefined ? { description: o.description } : {}),
      path: o.path,
    })),
    ...d.extraOutputs,
  ];
  return {
    id: d.id,
    name: d.name,
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(inputs.length > 0 ? { inputs } : {}),
    request: requestOf(d),
    ...(d.paginate !== undefined ? { paginate: d.paginate as never } : {}),
    ...(outputs.length > 0 ? { outputs } : {}),
  } as PackNodeSpec;
}
