// Building a pack node's HTTP request from its inputs and connection (SPEC §14), as data: a value
// goes into a path as one URL-encoded segment, into a query as its text (omitted when null or
// unset, a key per element for an Array), into a JSON body with its own type when a string is
// exactly one template. Nothing from a value can change the URL's structure or become code.
import { DragopsError } from '../errors/error.js';
import { defineData } from '../runtime/values.js';
import type { ResolvedConnection } from '../connections/port.js';
import type { PackDocument, PackNodeSpec } from './schema.js';
import { renderText, template, textOf, type Ref, type Scope } from './template.js';

export interface BuiltRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: unknown;
  /** The query parameters `connection.inject` adds (put back on `link` pages' URLs). */
  injectQuery: [string, string][];
}

const fail = (message: string, pin?: string) => new DragopsError('NODE_ERROR', message, pin === undefined ? {} : { pin });

/** Where template values come from: the node's inputs, the connection's secrets and fields. */
export function scopeOf(inputs: Readonly<Record<string, unknown>>, conn: ResolvedConnection | undefined): Scope {
  return (ref: Ref) => {
    const bag =
      ref.root === 'inputs' ? inputs : ref.root === 'credentials' ? conn?.credentials : ref.root === 'connection' ? connectionFields(conn) : undefined;
    return bag && Object.hasOwn(bag, ref.name) ? bag[ref.name] : undefined;
  };
}

function connectionFields(conn: ResolvedConnection | undefined): Record<string, unknown> | undefined {
  if (!conn) return undefined;
  return Object.hasOwn(conn.fields, 'id') ? conn.fields : { ...conn.fields, id: conn.id };
}

/** A path template with each value as one URL-encoded segment; `.`/`..` and empty values refused. */
export function renderPath(path: string, scope: Scope): string {
  const t = template(path);
  const out = renderText(t, scope, (text, ref) => {
    const v = scope(ref);
    if (v === null || v === undefined) throw fail(`{{${ref.root}.${ref.name}}} in the request path has no value`, ref.root === 'inputs' ? ref.name : undefined);
    if (text === '') throw fail(`{{${ref.root}.${ref.name}}} in the request path is empty`, ref.root === 'inputs' ? ref.name : undefined);
    return encodeURIComponent(text);
  });
  // A value alone in a segment that is `.` or `..` would move the request elsewhere (URL parsers
  // resolve `%2e%2e` too): refused.
  for (const seg of out.split('/')) {
    const plain = seg.toLowerCase().replace(/%2e/g, '.');
    if (plain === '.' || plain === '..') throw fail(`a value in the request path makes the segment ${JSON.stringify(seg)}, which is not allowed`);
  }
  return out;
}

/** Appends a query value: text form, omitted when null/unset, one key per element of an Array. */
function appendQuery(params: URLSearchParams, key: string, raw: string | number | boolean | null, scope: Scope): void {
  if (raw === null) return;
  if (typeof raw !== 'string') return params.append(key, String(raw));
  const t = template(raw);
  if (!t.whole) return params.append(key, renderText(t, scope));
  const v = scope(t.whole);
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && x !== undefined) params.append(key, textOf(x));
    return;
  }
  params.append(key, textOf(v));
}

/** A header value; undefined (no header) when it is one template whose value is null or unset. */
function headerValue(raw: string, scope: Scope): string | undefined {
  const t = template(raw);
  if (t.whole) {
    const v = scope(t.whole);
    if (v === null || v === undefined) return undefined;
  }
  return renderText(t, scope);
}

/** The body template with values in: a string that is one template keeps the value's JSON type. */
export function renderBody(v: unknown, scope: Scope): unknown {
  if (typeof v === 'string') {
    const t = template(v);
    if (t.refs.length === 0) return v;
    if (t.whole) {
      const x = scope(t.whole);
      return x === undefined ? undefined : x;
    }
    return renderText(t, scope);
  }
  if (Array.isArray(v)) return v.map((x) => renderBody(x, scope) ?? null);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = renderBody((v as Record<string, unknown>)[k], scope);
      if (x !== undefined) defineData(out, k, x); // an unset input leaves its key out
    }
    return out;
  }
  return v;
}

/** The headers `connection.inject` puts on every request; defaults by authType when it has none. */
export function injectHeaders(pack: PackDocument): Record<string, string> {
  const c = pack.connection;
  if (c.inject) return c.inject.headers ?? {};
  switch (c.authType) {
    case 'bearer':
      return { Authorization: 'Bearer {{credentials.token}}' };
    case 'oauth2_client_credentials':
    case 'oauth2_authorization_code':
      return { Authorization: 'Bearer {{credentials.accessToken}}' };
    default:
      return {};
  }
}

/** `basic` without an inject of its own: the one value a template cannot express (base64 of
 * user:password), computed here and never cached. */
export function basicAuthorization(pack: PackDocument, conn: ResolvedConnection | undefined): string | undefined {
  if (pack.connection.authType !== 'basic' || pack.connection.inject || !conn) return undefined;
  const user = conn.credentials.username ?? '';
  const password = conn.credentials.password ?? '';
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The base URL with the connection's fields in (a self-hosted service's address, a subdomain). */
export function baseUrlOf(pack: PackDocument, scope: Scope): URL {
  const text = renderText(template(pack.defaults.baseUrl), scope).replace(/\/+$/, '');
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new DragopsError('CONNECTION_ERROR', `the base URL of pack ${pack.metadata.slug} is not an absolute URL with this connection`);
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '')
    throw new DragopsError('CONNECTION_ERROR', `the base URL of pack ${pack.metadata.slug} must be an http(s) URL without query, fragment or credentials`);
  return u;
}

/** The request a pack node sends for these inputs (before pagination adds its parameters). */
export function buildRequest(
  pack: PackDocument,
  node: Pick<PackNodeSpec, 'request'>,
  inputs: Readonly<Record<string, unknown>>,
  conn: ResolvedConnection | undefined,
): BuiltRequest {
  const scope = scopeOf(inputs, conn);
  const base = baseUrlOf(pack, scope);
  const r = node.request;
  const url = new URL(base.href.replace(/\/+$/, '') + renderPath(r.path, scope));
  if (url.origin !== base.origin) throw fail('the request path left the base URL'); // cannot happen: values are encoded
  for (const [k, v] of Object.entries(r.query ?? {})) appendQuery(url.searchParams, k, v, scope);
  const injectQuery: [string, string][] = [];
  for (const [k, v] of Object.entries(pack.connection.inject?.query ?? {})) {
    const value = headerValue(v, scope);
    if (value !== undefined) injectQuery.push([k, value]);
  }
  for (const [k, v] of injectQuery) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  const put = (from: Record<string, string>) => {
    for (const [k, raw] of Object.entries(from)) {
      const value = headerValue(raw, scope);
      const name = k.toLowerCase();
      if (value === undefined) delete headers[name];
      else defineData(headers, name, value);
    }
  };
  put(pack.defaults.headers ?? {});
  put(r.headers ?? {});
  put(injectHeaders(pack)); // last: nothing a node or input sets replaces the credentials
  const basic = basicAuthorization(pack, conn);
  if (basic !== undefined) headers.authorization = basic;
  const body = r.body === undefined ? undefined : renderBody(r.body, scope);
  return { method: r.method, url, headers, body: body === undefined ? null : body, injectQuery };
}
