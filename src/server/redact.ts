// What the execution history keeps of a request: credentials a webhook caller sends — in headers,
// and in token-like query parameters (in `query` and in `url`) — are replaced by *** (the execution
// itself sees them). This runs on every webhook request: Set lookups, and no copy when there is
// nothing to mask (most requests).
import { mayHoldBinary } from '../pattern/binary-json.js';
import { binaryReplacer } from '../pattern/types.js';

const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-api-token',
  'x-gitlab-token',
  'x-amz-security-token',
  'x-webhook-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-dragops-signature',
]);
/** Node gives header names in lower case; events built by hand (replays, tests) may not. */
const sensitive = (k: string): boolean => SENSITIVE_HEADERS.has(k) || (/[A-Z]/.test(k) && SENSITIVE_HEADERS.has(k.toLowerCase()));

/** Query parameter names whose value is a credential, lower case with `_` for `-`. */
const SECRET_PARAMS = new Set([
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'api_token',
  'api_key',
  'apikey',
  'client_secret',
  'secret',
  'password',
  'passwd',
]);
/** A parameter name (decoded) that carries a credential, whatever its case, `-` or `_`, or spaces around it. */
const secretParam = (name: string): boolean =>
  SECRET_PARAMS.has(name) || (/[A-Z\-\s]/.test(name) && SECRET_PARAMS.has(name.trim().toLowerCase().replace(/-/g, '_')));

/** The headers as JSON, credentials masked. No copy when there is nothing to mask (most requests). */
export function headersJson(h: Record<string, unknown>): string {
  return maskedJson(h, sensitive);
}

/** `o` as JSON with the values of the keys `secret` picks as `***`. No copy when none is picked. */
function maskedJson(o: Record<string, unknown>, secret: (k: string) => boolean): string {
  let any = false;
  for (const k in o)
    if (secret(k)) {
      any = true;
      break;
    }
  if (!any) return JSON.stringify(o);
  const out: Record<string, unknown> = {};
  for (const k in o) if (Object.hasOwn(o, k)) out[k] = secret(k) ? '***' : o[k];
  return JSON.stringify(out);
}

/** A query object as JSON, credential parameters masked. No copy when there is nothing to mask. */
export function queryJson(q: Record<string, unknown>): string {
  return maskedJson(q, secretParam);
}

/** An event's copy for the history as JSON: its `headers`, `query` and `url` (when it has them)
 * masked. `bodyJson`: the body's JSON when the caller has it already (a webhook's JSON body as sent). */
export function eventJson(event: Record<string, unknown>, bodyJson?: string): string {
  const h = event.headers,
    q = event.query,
    u = event.url;
  const maskHeaders = !!h && typeof h === 'object';
  const maskQuery = !!q && typeof q === 'object';
  const maskUrl = typeof u === 'string' && u.includes('?');
  // Binary values of a body (SPEC §15) as base64 (JSON.stringify alone writes a Uint8Array as an
  // object of numbered keys); the replacer only then, since it makes JSON.stringify several times slower.
  if (bodyJson === undefined && mayHoldBinary(event.body)) bodyJson = JSON.stringify(event.body, binaryReplacer);
  if (!maskHeaders && !maskQuery && !maskUrl && bodyJson === undefined) return JSON.stringify(event);
  // Written as the event's own keys in order, those three replaced by their masked JSON.
  let out = '';
  for (const k in event) {
    if (!Object.hasOwn(event, k) || event[k] === undefined) continue;
    const v =
      k === 'headers' && maskHeaders
        ? headersJson(h as Record<string, unknown>)
        : k === 'query' && maskQuery
          ? queryJson(q as Record<string, unknown>)
          : k === 'url' && maskUrl
            ? JSON.stringify(redactUrl(u as string))
            : k === 'body' && bodyJson !== undefined
              ? bodyJson
              : JSON.stringify(event[k]);
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${v}`;
  }
  return `{${out}}`;
}

// What logs and the history may show of a URL: the value of a credential query parameter (EventSource
// sends `/api/events?token=…`, it cannot send headers; webhook callers send `?api_key=…`) is replaced
// by ***, however its name is encoded. The URL comes back as it was when there is nothing to mask.

function decoded(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The OAuth callback's `code` and `state` are one-use credentials too (src/connections/flow.ts);
 * elsewhere these names are ordinary parameters. */
const OAUTH_CALLBACK = '/api/connections/oauth/callback?';
const oauthParam = (name: string): boolean => name === 'code' || name === 'state';

export function redactUrl(url: string | undefined): string | undefined {
  const q = url?.indexOf('?') ?? -1;
  if (url === undefined || q < 0) return url;
  const callback = url.startsWith(OAUTH_CALLBACK);
  let changed = false;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (!secretParam(decoded(name)) && !(callback && oauthParam(decoded(name)))) return pair;
      changed = true;
      return `${name}=***`;
    });
  return changed ? `${url.slice(0, q)}?${params.join('&')}` : url;
}
