// An integration pack from an OpenAPI 3.0/3.1 document (`dragops pack from-openapi`, SPEC §14;
// docs/packs.md "From an OpenAPI document"): each chosen operation a node — path, query and header
// parameters and the JSON body's properties typed input pins, the 2xx answer's top-level properties
// output pins — the security scheme the connection, `servers[0]` the base URL; an overlay adds
// what the document cannot say. Pure and deterministic: the document (already dereferenced, see
// load.ts), the options and the overlay give the same pack every time, in document order.

import { SEMVER, SLUG, type PackDocument, type PackNodeSpec } from '../schema.js';
import { isObject, shortText } from './jsonschema.js';
import { idFromPath, nearMatches, nodeIdOf, unique } from './names.js';
import type { NodeChange, Overlay } from './overlay.js';
import { connectionOf } from './security.js';
import { draftOf, Skip, type Draft, type DraftInput, type Operation } from './draft.js';
import { applyChange } from './changes.js';

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
