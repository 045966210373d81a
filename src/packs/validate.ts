// Checks an untrusted pack (SPEC §14) and reports every problem with its JSON pointer: first the
// schema (schema.ts), then what a schema cannot say — templates (only `inputs` the node declares,
// `credentials` only inside `connection.inject`, `connection`), unique ids, output paths, defaults
// that fit their pins, what each `authType` needs. Pure: no I/O.
import { validateHeaderName } from 'node:http';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { convert } from '../pattern/types.js';
import { PackSchema, type PackConnection, type PackDocument, type PackNodeSpec } from './schema.js';
import { scanTemplates, type Root } from './template.js';
import { parseOutputPath, splitDotPath } from './paths.js';

export interface PackProblem {
  path: string;
  message: string;
}
export type PackCheck = { ok: true; pack: PackDocument } | { ok: false; errors: PackProblem[] };

const checker = TypeCompiler.Compile(PackSchema);
const MAX_PROBLEMS = 200;
const ptr = (...parts: (string | number)[]) => parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** The credential fields of a connection, with the ones its authType implies when it declares none
 * (the same rule as `fieldsOf` in src/connections/providers.ts). */
export function credentialFields(c: PackConnection): { name: string; label?: string; secret?: boolean; required?: boolean }[] {
  if (c.credentials && c.credentials.length > 0) return c.credentials;
  switch (c.authType) {
    case 'bearer':
      return [{ name: 'token', label: 'Token', secret: true }];
    case 'basic':
      return [
        { name: 'username', label: 'Username' },
        { name: 'password', label: 'Password', secret: true },
      ];
    case 'api_key':
      return [{ name: 'apiKey', label: 'API Key', secret: true }];
    case 'oauth2_client_credentials':
      return [
        { name: 'clientId', label: 'Client ID' },
        { name: 'clientSecret', label: 'Client secret', secret: true },
      ];
    // The OAuth client is the server's (`--oauth-clients`) unless the pack asks the user for one by
    // declaring `clientId` (and `clientSecret`) fields: the user fills in nothing by default.
    default:
      return [];
  }
}

/** Credential names `{{credentials.x}}` may name: the declared fields, and the access token of OAuth2. */
export function credentialNames(c: PackConnection): Set<string> {
  const names = new Set(credentialFields(c).map((f) => f.name));
  if (c.authType.startsWith('oauth2_')) names.add('accessToken');
  return names;
}

/** Names `{{connection.x}}` may name: the connection's id and display name, and non-secret fields. */
export function connectionNames(c: PackConnection): Set<string> {
  const names = new Set(['id', 'displayName']);
  for (const f of credentialFields(c)) if (f.secret !== true) names.add(f.name);
  return names;
}

export function validatePack(value: unknown): PackCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, errors: [{ path: '', message: 'a pack must be a JSON object' }] };
  const errors: PackProblem[] = [];
  const seen = new Set<string>();
  for (const e of checker.Errors(value)) {
    // A union failure reports each branch: one line per path is enough for a person.
    if (seen.has(e.path) && e.type !== ValueErrorType.ObjectAdditionalProperties) continue;
    seen.add(e.path);
    errors.push({ path: e.path, message: describe(e.type, e.path, e.message, e.schema) });
    if (errors.length >= MAX_PROBLEMS) break;
  }
  const shapeOk = errors.length === 0;
  const pack = value as PackDocument;
  const report = (path: string, message: string) => {
    if (errors.length < MAX_PROBLEMS && !errors.some((x) => x.path === path && x.message === message)) errors.push({ path, message });
  };
  if (shapeOk) semantic(pack, report);
  else {
    // The rules a schema cannot say (templates, ids, defaults…), on what has the shape they read:
    // a person sees every problem at once, not the template errors only after the schema's are fixed.
    try {
      semantic(pack, report);
    } catch {
      /* a part too malformed to read: its schema errors say so */
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, pack };
}

/** Parses JSON text and validates it. */
export function validatePackText(text: string): PackCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validatePack(value);
}

/** The choices of a union: its constants (`"GET" | "POST"`), or its objects' `type` constants. */
function choicesOf(schema: { anyOf?: { const?: unknown; properties?: { type?: { const?: unknown } } }[] } | undefined): string | undefined {
  const list = (schema?.anyOf ?? []).map((s) => s.const ?? s.properties?.type?.const);
  if (list.length === 0 || list.some((c) => c === undefined)) return undefined;
  return list.map((c) => JSON.stringify(c)).join(', ');
}

function describe(type: ValueErrorType, path: string, message: string, schema?: unknown): string {
  if (type === ValueErrorType.Union) {
    const choices = choicesOf(schema as Parameters<typeof choicesOf>[0]);
    const objects = (schema as { anyOf?: { type?: string }[] } | undefined)?.anyOf?.every((s) => s.type === 'object');
    if (choices) return objects ? `expected an object whose "type" is one of ${choices}` : `expected one of ${choices}`;
  }
  if (type === ValueErrorType.ObjectAdditionalProperties) return `unknown key ${JSON.stringify(path.split('/').pop())}`;
  if (type === ValueErrorType.ObjectRequiredProperty) return 'required key is missing';
  if (path === '/packVersion') return 'unknown packVersion; expected "1.0"';
  if (path.endsWith('/pin') || path.endsWith('/credentials/name') || /\/credentials\/\d+\/name$/.test(path))
    return 'a name starts with a letter or _ and has up to 64 letters, digits and _';
  if (path === '/metadata/slug' || path === '/connection/provider') return 'lower-case letters, digits and -, starting with a letter, up to 40';
  if (path === '/metadata/version') return 'a semantic version: MAJOR.MINOR.PATCH (1.2.0), optionally -prerelease';
  if (/^\/nodes\/\d+\/id$/.test(path)) return 'a node id starts with a letter and has up to 64 letters and digits';
  return message.charAt(0).toLowerCase() + message.slice(1);
}

type Report = (path: string, message: string) => void;

function semantic(pack: PackDocument, report: Report): void {
  const c = pack.connection;
  const creds = credentialNames(c);
  const conn = connectionNames(c);
  const secretFields = new Set(
    credentialFields(c)
      .filter((f) => f.secret === true)
      .map((f) => f.name),
  );

  /** Checks the templates of one string: roots allowed here, declared names. */
  const strings = (s: string, path: string, roots: readonly Root[], inputs?: ReadonlySet<string>) => {
    const p = scanTemplates(s);
    for (const error of p.errors) report(path, error);
    for (const ref of p.refs) {
      const t = `{{${ref.root}.${ref.name}}}`;
      if (!roots.includes(ref.root)) {
        report(
          path,
          ref.root === 'credentials'
            ? `${t}: credentials may appear only in connection.inject (never in a path, query, header, body or verify)`
            : `${t}: ${ref.root} templates are not allowed here (allowed: ${roots.join(', ') || 'none'})`,
        );
      } else if (ref.root === 'inputs' && !inputs?.has(ref.name)) report(path, `${t}: the node declares no input ${JSON.stringify(ref.name)}`);
      else if (ref.root === 'credentials' && !creds.has(ref.name)) report(path, `${t}: the connection declares no credential ${JSON.stringify(ref.name)}`);
      else if (ref.root === 'connection' && !conn.has(ref.name)) {
        report(
          path,
          secretFields.has(ref.name)
            ? `${t}: ${JSON.stringify(ref.name)} is a secret credential; use {{credentials.${ref.name}}} in connection.inject`
            : `${t}: a connection has id, displayName and its non-secret credential fields, not ${JSON.stringify(ref.name)}`,
        );
      }
    }
  };
  // Names as HTTP allows them; values without line breaks or other control characters (a template's
  // value is checked again when the request is made).
  const headerNames = (h: Record<string, unknown> | undefined, path: string) => {
    for (const [k, v] of Object.entries(h ?? {})) {
      try {
        validateHeaderName(k);
      } catch {
        report(ptr(...path.split('/').slice(1), k), `${JSON.stringify(k)} is not a valid header name`);
      }
      // eslint-disable-next-line no-control-regex
      if (typeof v === 'string' && /[\x00-\x08\x0a-\x1f\x7f]/.test(v))
        report(ptr(...path.split('/').slice(1), k), 'a header value may not hold line breaks or control characters');
    }
  };

  connectionRules(c, report, strings, headerNames);

  // defaults
  strings(pack.defaults.baseUrl, '/defaults/baseUrl', ['connection']);
  baseUrl(pack.defaults.baseUrl, report);
  for (const [k, v] of Object.entries(pack.defaults.headers ?? {})) strings(v, ptr('defaults', 'headers', k), ['connection']);
  headerNames(pack.defaults.headers, '/defaults/headers');

  // nodes
  const ids = new Map<string, number>();
  pack.nodes.forEach((n, i) => {
    const at = `/nodes/${i}`;
    if (ids.has(n.id)) report(`${at}/id`, `duplicate node id ${JSON.stringify(n.id)} (also /nodes/${ids.get(n.id)})`);
    else ids.set(n.id, i);
    node(n, at, report, strings, headerNames);
  });
}

type Strings = (s: string, path: string, roots: readonly Root[], inputs?: ReadonlySet<string>) => void;
type HeaderNames = (h: Record<string, unknown> | undefined, path: string) => void;

/** What each authType needs. */
function authRules(c: PackConnection, report: Report): void {
  if (c.authType === 'none' && (c.credentials?.length ?? 0) > 0) report('/connection/credentials', 'authType "none" takes no credentials');
  if (c.authType === 'api_key' && Object.keys(c.inject?.headers ?? {}).length + Object.keys(c.inject?.query ?? {}).length === 0)
    report('/connection/inject', 'authType "api_key" needs inject.headers or inject.query saying where the key goes');
  if (c.authType.startsWith('oauth2_') && !c.oauth2)
    report('/connection/oauth2', `authType ${JSON.stringify(c.authType)} needs an oauth2 section (tokenUrl, …)`);
  if (c.authType === 'oauth2_authorization_code' && c.oauth2 && !c.oauth2.authorizationUrl)
    report('/connection/oauth2/authorizationUrl', 'oauth2_authorization_code needs an authorizationUrl');
}

function connectionRules(c: PackConnection, report: Report, strings: Strings, headerNames: HeaderNames): void {
  authRules(c, report);
  const names = new Set<string>();
  (c.credentials ?? []).forEach((f, i) => {
    if (names.has(f.name)) report(`/connection/credentials/${i}/name`, `duplicate credential ${JSON.stringify(f.name)}`);
    names.add(f.name);
  });
  for (const where of ['headers', 'query'] as const) {
    for (const [k, v] of Object.entries(c.inject?.[where] ?? {})) strings(v, ptr('connection', 'inject', where, k), ['credentials', 'connection']);
  }
  headerNames(c.inject?.headers, '/connection/inject/headers');
  if (c.verify) {
    strings(c.verify.path, '/connection/verify/path', ['connection']);
    requestPath(c.verify.path, '/connection/verify/path', report);
  }
  if (c.oauth2) {
    if (c.oauth2.authorizationUrl !== undefined) strings(c.oauth2.authorizationUrl, '/connection/oauth2/authorizationUrl', ['connection']);
    strings(c.oauth2.tokenUrl, '/connection/oauth2/tokenUrl', ['connection']);
  }
}

function baseUrl(s: string, report: Report): void {
  // A connection field may give the whole base URL (a self-hosted service) or a part of it; what is
  // literal must make it an http(s) URL without query or fragment.
  if (/^\{\{[^}]*\}\}$/.test(s.trim())) return;
  const literal = s.replace(/\{\{[^}]*\}\}/g, 'x');
  let u: URL;
  try {
    u = new URL(literal);
  } catch {
    return report('/defaults/baseUrl', 'not an absolute URL (https://api.example.com)');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') report('/defaults/baseUrl', 'only http and https base URLs');
  if (u.search !== '' || u.hash !== '' || literal.includes('?') || literal.includes('#'))
    report('/defaults/baseUrl', 'no query string or fragment in the base URL (use request.query)');
  if (u.username !== '' || u.password !== '') report('/defaults/baseUrl', 'no credentials in the base URL (use connection.inject)');
}

function requestPath(s: string, path: string, report: Report): void {
  if (!s.startsWith('/')) report(path, 'a request path starts with /');
  if (s.includes('?') || s.includes('#')) report(path, 'no query string or fragment in a path (use request.query)');
  if (/(^|\/)\.\.?(\/|$)/.test(s)) report(path, 'no . or .. segments in a path');
}

function node(n: PackNodeSpec, at: string, report: Report, strings: Strings, headerNames: HeaderNames): void {
  const inputs = new Set<string>();
  (n.inputs ?? []).forEach((p, j) => {
    const pp = `${at}/inputs/${j}`;
    if (inputs.has(p.pin)) report(`${pp}/pin`, `duplicate input pin ${JSON.stringify(p.pin)}`);
    if (p.pin === 'exec') report(`${pp}/pin`, '"exec" is the execution input of every pack node');
    inputs.add(p.pin);
    if (p.type === 'Enum' && !p.options) report(`${pp}/options`, 'an Enum pin lists its options');
    if (p.type !== 'Enum' && p.options) report(`${pp}/options`, 'only Enum pins have options');
    if (p.default !== undefined && p.default !== null) {
      try {
        convert(p.default, p.type, p.options);
      } catch (e) {
        report(`${pp}/default`, `the default does not fit ${p.type}: ${(e as Error).message}`);
      }
    }
  });
  const outputs = new Set<string>();
  (n.outputs ?? []).forEach((p, j) => {
    const pp = `${at}/outputs/${j}`;
    if (outputs.has(p.pin)) report(`${pp}/pin`, `duplicate output pin ${JSON.stringify(p.pin)}`);
    if (p.pin === 'status' || p.pin === 'then') report(`${pp}/pin`, `${JSON.stringify(p.pin)} is an output of every pack node`);
    outputs.add(p.pin);
    const parsed = parseOutputPath(p.path);
    if (typeof parsed === 'string') report(`${pp}/path`, parsed);
    else if (parsed.kind === 'items' && !n.paginate) report(`${pp}/path`, '$items needs the node to paginate');
  });
  const r = n.request;
  strings(r.path, `${at}/request/path`, ['inputs', 'connection'], inputs);
  requestPath(r.path, `${at}/request/path`, report);
  for (const [k, v] of Object.entries(r.query ?? {}))
    if (typeof v === 'string') strings(v, ptr(...`${at}/request/query`.split('/').slice(1), k), ['inputs', 'connection'], inputs);
  for (const [k, v] of Object.entries(r.headers ?? {})) strings(v, ptr(...`${at}/request/headers`.split('/').slice(1), k), ['inputs', 'connection'], inputs);
  headerNames(r.headers, `${at}/request/headers`);
  if (r.body !== undefined) {
    if (r.method === 'GET' || r.method === 'HEAD') report(`${at}/request/body`, `a ${r.method} request has no body`);
    body(r.body, `${at}/request/body`, 0, report, (s, path) => strings(s, path, ['inputs', 'connection'], inputs));
  }
  const pg = n.paginate;
  if (pg) {
    const checkPath = (s: string, name: string) => {
      const seg = s === '' ? [] : splitDotPath(s);
      if (typeof seg === 'string') report(`${at}/paginate/${name}`, seg);
    };
    checkPath(pg.itemsPath, 'itemsPath');
    if (pg.type === 'cursor') checkPath(pg.cursorPath, 'cursorPath');
    if (pg.type === 'link' && pg.nextUrlPath !== undefined) checkPath(pg.nextUrlPath, 'nextUrlPath');
    if (r.method !== 'GET' && r.method !== 'POST') report(`${at}/paginate`, 'only GET and POST requests paginate');
  }
}

function body(v: unknown, path: string, depth: number, report: Report, strings: (s: string, path: string) => void): void {
  if (depth > 32) return report(path, 'the body template nests deeper than 32 levels');
  if (typeof v === 'string') return strings(v, path);
  if (Array.isArray(v)) return v.forEach((x, i) => body(x, `${path}/${i}`, depth + 1, report, strings));
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = `${path}${ptr(k)}`;
      if (k.includes('{{')) report(p, 'templates are not allowed in keys');
      body(x, p, depth + 1, report, strings);
    }
  }
}
