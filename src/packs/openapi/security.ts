// An OpenAPI document's security schemes → the pack's one connection (SPEC §14 `authType`, the
// credentials it asks for, where they go): apiKey in a header or the query → `api_key`; http
// bearer → `bearer`; http basic → `basic`; oauth2 authorizationCode / clientCredentials → the
// oauth2 types with their URLs and the scopes the chosen operations ask for. A pack has one
// connection: the scheme the document (or the overlay's `connection.scheme`) names first is it.
import type { PackConnection } from '../schema.js';
import { isObject, shortText } from './jsonschema.js';
import type { Overlay } from './overlay.js';

export interface SelectedOp {
  key: string;
  op: Record<string, unknown>;
}
export interface SecurityResult {
  connection: Omit<PackConnection, 'provider' | 'verify'>;
  warnings: { operation: string | null; message: string }[];
  errors: { path: string; message: string }[];
}

type Requirement = Record<string, string[]>;
const requirements = (v: unknown): Requirement[] | undefined => (Array.isArray(v) ? v.filter(isObject).map((r) => r as Requirement) : undefined);

/** Why a scheme cannot be a pack connection, or undefined when it can. */
function unsupported(s: Record<string, unknown>): string | undefined {
  if (s.type === 'apiKey') return s.in === 'header' || s.in === 'query' ? undefined : `an API key in a ${String(s.in)} is not supported (only header or query)`;
  if (s.type === 'http') {
    const scheme = String(s.scheme ?? '').toLowerCase();
    return scheme === 'bearer' || scheme === 'basic'
      ? undefined
      : `HTTP authentication scheme ${JSON.stringify(s.scheme)} is not supported (only bearer and basic)`;
  }
  if (s.type === 'oauth2') {
    const flows = isObject(s.flows) ? s.flows : {};
    return flows.authorizationCode || flows.clientCredentials ? undefined : 'only the authorizationCode and clientCredentials OAuth2 flows are supported';
  }
  return `security scheme type ${JSON.stringify(s.type)} is not supported`;
}

export function connectionOf(doc: Record<string, unknown>, ops: readonly SelectedOp[], baseUrl: string, overlay: Overlay | undefined): SecurityResult {
  const warnings: SecurityResult['warnings'] = [];
  const errors: SecurityResult['errors'] = [];
  const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const global = requirements(doc.security) ?? [];
  const effective = (op: Record<string, unknown>) => requirements(op.security) ?? global;

  // The schemes in the order the document asks for them: globally, then operation by operation.
  const named: string[] = [];
  for (const r of [...global, ...ops.flatMap((o) => effective(o.op))]) for (const n of Object.keys(r)) if (!named.includes(n)) named.push(n);
  const chosen = overlay?.connection?.scheme ?? firstSupported(named, schemes, warnings);
  if (chosen !== undefined && !isObject(schemes[chosen])) {
    errors.push({
      path: '/connection/scheme',
      message: `the document has no security scheme ${JSON.stringify(chosen)} (it has: ${Object.keys(schemes).join(', ') || 'none'})`,
    });
    return { connection: { authType: 'none' }, warnings, errors };
  }
  if (chosen === undefined) {
    if (named.length > 0)
      warnings.push({
        operation: null,
        message: 'no supported security scheme: the pack has authType "none" (say how to authenticate with connection.inject in an overlay)',
      });
    return { connection: { authType: 'none' }, warnings, errors };
  }
  const scheme = schemes[chosen] as Record<string, unknown>;
  const why = unsupported(scheme);
  if (why !== undefined) {
    errors.push({ path: '/connection/scheme', message: `security scheme ${JSON.stringify(chosen)}: ${why}` });
    return { connection: { authType: 'none' }, warnings, errors };
  }

  return { connection: build(scheme, scopesFor(chosen, ops, effective, warnings), baseUrl, overlay, warnings), warnings, errors };
}

function firstSupported(named: readonly string[], schemes: Record<string, unknown>, warnings: SecurityResult['warnings']): string | undefined {
  for (const n of named) {
    const s = schemes[n];
    const why = isObject(s) ? unsupported(s) : `it is not in components.securitySchemes`;
    if (why === undefined) return n;
    warnings.push({ operation: null, message: `security scheme ${JSON.stringify(n)} skipped: ${why}` });
  }
  return undefined;
}

/** The scopes the operations ask of the scheme, sorted. Operations that cannot use it (they need
 * another scheme, with no alternative) are still generated, with a warning: the connection will
 * not authenticate them. */
function scopesFor(
  chosen: string,
  ops: readonly SelectedOp[],
  effective: (op: Record<string, unknown>) => Requirement[],
  warnings: SecurityResult['warnings'],
): string[] {
  const scopes = new Set<string>();
  for (const o of ops) {
    const reqs = effective(o.op);
    const mine = reqs.filter((r) => Object.hasOwn(r, chosen));
    for (const r of mine) for (const s of r[chosen] ?? []) scopes.add(s);
    const optional = reqs.length === 0 || reqs.some((r) => Object.keys(r).length === 0);
    if (mine.length === 0 && !optional)
      warnings.push({
        operation: o.key,
        message: `needs ${reqs.map((r) => Object.keys(r).join(' + ')).join(' or ')}; the pack's connection uses ${JSON.stringify(chosen)}`,
      });
  }
  return [...scopes].sort();
}

function build(
  s: Record<string, unknown>,
  scopes: string[],
  baseUrl: string,
  overlay: Overlay | undefined,
  warnings: SecurityResult['warnings'],
): SecurityResult['connection'] {
  const about = shortText(s.description, 300);
  const withAbout = <T extends object>(c: T): T => (about === undefined ? c : { ...c, description: about });
  if (s.type === 'apiKey') {
    const where = s.in === 'query' ? 'query' : 'headers';
    return {
      authType: 'api_key',
      credentials: [withAbout({ name: 'apiKey', label: 'API Key', secret: true, required: true })],
      inject: { [where]: { [String(s.name)]: '{{credentials.apiKey}}' } },
    };
  }
  if (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer')
    return { authType: 'bearer', credentials: [withAbout({ name: 'token', label: 'Token', secret: true, required: true })] };
  if (s.type === 'http')
    return {
      authType: 'basic',
      credentials: [
        { name: 'username', label: 'Username', required: true },
        { name: 'password', label: 'Password', secret: true, required: true },
      ],
    };
  const flows = s.flows as Record<string, Record<string, unknown> | undefined>;
  const want = overlay?.connection?.flow;
  const code = flows.authorizationCode;
  const client = flows.clientCredentials;
  const useCode = want === 'authorizationCode' ? !!code : want === 'clientCredentials' ? !client : !!code;
  if (want !== undefined && !flows[want]) warnings.push({ operation: null, message: `the OAuth2 scheme has no ${want} flow; using the one it has` });
  const flow = (useCode ? code : client)!;
  const url = (u: unknown) => {
    if (typeof u !== 'string') return '';
    try {
      return new URL(u, baseUrl + '/').href;
    } catch {
      return u; // no base URL to resolve it against (reported already): the pack validator says the rest
    }
  };
  const chosenScopes = scopes.length > 0 ? scopes : [];
  const credentials = [
    { name: 'clientId', label: 'Client ID', required: true },
    { name: 'clientSecret', label: 'Client secret', secret: true, required: true },
  ];
  if (useCode)
    return {
      authType: 'oauth2_authorization_code',
      credentials,
      oauth2: { authorizationUrl: url(flow.authorizationUrl), tokenUrl: url(flow.tokenUrl), scopes: chosenScopes, pkce: true },
    };
  return { authType: 'oauth2_client_credentials', credentials, oauth2: { tokenUrl: url(flow.tokenUrl), scopes: chosenScopes } };
}
