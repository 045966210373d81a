// What connections need to know of a provider beyond its pack's declaration (port.ts ProviderSpec):
// the credential fields an auth type has when the pack lists none, checking a user's credentials
// against them, and the templates of `inject` (`{{credentials.x}}`, `{{connection.x}}`) with the
// defaults SPEC §14 gives `bearer`, `basic` and OAuth2. Pure: no I/O.
import { DragopsError } from '../errors/error.js';
import type { ProviderCatalog, ProviderSpec, ResolvedConnection } from './port.js';

export type Field = ProviderSpec['credentials'][number];
export const AUTH_TYPES: readonly ProviderSpec['authType'][] = ['none', 'api_key', 'bearer', 'basic', 'oauth2_client_credentials', 'oauth2_authorization_code'];
export const isOAuth = (t: string): t is 'oauth2_client_credentials' | 'oauth2_authorization_code' =>
  t === 'oauth2_client_credentials' || t === 'oauth2_authorization_code';

/** The fields of an auth type whose pack declares none. */
const DEFAULT_FIELDS: Record<ProviderSpec['authType'], Field[]> = {
  none: [],
  api_key: [{ name: 'apiKey', label: 'API Key', secret: true }],
  bearer: [{ name: 'token', label: 'Token', secret: true }],
  basic: [
    { name: 'username', label: 'Username' },
    { name: 'password', label: 'Password', secret: true },
  ],
  oauth2_client_credentials: [
    { name: 'clientId', label: 'Client ID' },
    { name: 'clientSecret', label: 'Client secret', secret: true },
  ],
  // The OAuth client may be the server's (ServerConfig.oauthClients) or given as fields by the pack.
  oauth2_authorization_code: [],
};

/** The credential fields a user fills in for this provider. */
export function fieldsOf(spec: ProviderSpec): Field[] {
  return spec.credentials.length > 0 ? spec.credentials : DEFAULT_FIELDS[spec.authType];
}

export const MAX_VALUE = 64 * 1024;

/** A catalog error with the field it is about (the API answers `details: {field}`). */
const invalid = (message: string, field: string) => new DragopsError('VALIDATION_ERROR', message, { details: { field } });

/**
 * Checks credentials against the provider's fields: every required field (all are, unless
 * `required: false`) present and non-empty, no field the provider does not declare, strings only.
 * `previous`: the stored values an update keeps for the fields it leaves out. Returns the values to
 * store (a copy in a null-prototype object: the keys are the user's).
 */
export function checkCredentials(spec: ProviderSpec, given: unknown, previous?: Record<string, string>): Record<string, string> {
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given)))
    throw invalid('credentials must be an object of field names to string values', 'credentials');
  const fields = fieldsOf(spec);
  const known = new Set(fields.map((f) => f.name));
  const out: Record<string, string> = Object.create(null);
  if (previous) for (const k of Object.keys(previous)) if (known.has(k)) out[k] = previous[k]!;
  for (const [k, v] of Object.entries((given ?? {}) as Record<string, unknown>)) {
    if (!known.has(k)) {
      const names = fields.map((f) => f.name).join(', ') || 'none';
      throw invalid(`provider ${spec.provider} has no credential field ${JSON.stringify(k)} (its fields: ${names})`, `credentials.${k}`);
    }
    // The value itself is never part of a message.
    if (typeof v !== 'string') throw invalid(`credentials.${k} must be a string`, `credentials.${k}`);
    if (v.length > MAX_VALUE) throw invalid(`credentials.${k} is over ${MAX_VALUE} characters`, `credentials.${k}`);
    out[k] = v;
  }
  for (const f of fields) {
    if (f.required !== false && !out[f.name])
      throw invalid(`credentials.${f.name} is required by provider ${spec.provider}${f.label ? ` (${f.label})` : ''}`, `credentials.${f.name}`);
  }
  return out;
}

/** The values of `{{connection.x}}`: the connection's id, name, provider and non-secret fields. */
export function publicFields(spec: ProviderSpec, c: { id: string; displayName: string }, credentials: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const f of fieldsOf(spec)) if (!f.secret && credentials[f.name] !== undefined) out[f.name] = credentials[f.name]!;
  out.id = c.id;
  out.displayName = c.displayName;
  out.provider = spec.provider;
  return out;
}

/** The values a connection's fields marked secret (and OAuth tokens) hold: masked wherever text may show them. */
export function secretValues(spec: ProviderSpec, credentials: Record<string, string>): string[] {
  const secret = new Set(
    fieldsOf(spec)
      .filter((f) => f.secret === true)
      .map((f) => f.name),
  );
  for (const k of ['accessToken', 'refreshToken', 'clientSecret']) secret.add(k);
  return Object.keys(credentials)
    .filter((k) => secret.has(k))
    .map((k) => credentials[k]!)
    .filter((v) => v.length >= 4);
}

/** Replaces every secret value in a text with `***` (messages from outside services may echo them). */
export function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

const TEMPLATE = /\{\{\s*(credentials|connection)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Fills `{{credentials.x}}` and `{{connection.x}}` (the only roots of an inject template); a value
 * that is missing is empty. */
export function render(template: string, c: Pick<ResolvedConnection, 'credentials' | 'fields'>): string {
  return template.replace(TEMPLATE, (_m, root: string, name: string) => {
    const from = root === 'credentials' ? c.credentials : c.fields;
    return Object.hasOwn(from, name) ? from[name]! : '';
  });
}

/** Fills `{{connection.x}}` only (URLs: base, token and authorization URLs may name a subdomain). */
export const renderPublic = (template: string, fields: Record<string, string>): string => render(template, { credentials: {}, fields });

/**
 * The headers and query parameters that carry a connection's credentials: the pack's `inject`, else
 * the auth type's default (bearer: `Authorization: Bearer {{credentials.token}}`; basic: the
 * `Authorization: Basic` of username and password; OAuth2: the access token as a bearer token).
 */
export function injectFor(spec: ProviderSpec, c: ResolvedConnection): { headers: Record<string, string>; query: Record<string, string> } {
  const headers: Record<string, string> = Object.create(null);
  const query: Record<string, string> = Object.create(null);
  if (spec.inject) {
    for (const [k, v] of Object.entries(spec.inject.headers ?? {})) headers[k] = render(v, c);
    for (const [k, v] of Object.entries(spec.inject.query ?? {})) query[k] = render(v, c);
    return { headers, query };
  }
  const cr = c.credentials;
  if (spec.authType === 'bearer') headers.Authorization = `Bearer ${cr.token ?? ''}`;
  else if (spec.authType === 'basic') headers.Authorization = `Basic ${Buffer.from(`${cr.username ?? ''}:${cr.password ?? ''}`).toString('base64')}`;
  else if (isOAuth(spec.authType)) headers.Authorization = `Bearer ${cr.accessToken ?? ''}`;
  return { headers, query };
}

/** A catalog of a fixed list of providers (tests; a server before packs are installed: empty). */
export function catalogOf(specs: readonly ProviderSpec[]): ProviderCatalog {
  const m = new Map(specs.map((s) => [s.provider, s]));
  return { provider: (name) => m.get(name) };
}
