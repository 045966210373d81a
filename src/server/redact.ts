// What logs and the history may show of a URL: the value of a credential query parameter (EventSource
// sends `/api/events?token=…`, it cannot send headers; webhook callers send `?api_key=…`) is replaced
// by ***, however its name is encoded. The URL comes back as it was when there is nothing to mask.
// (What the history keeps of a whole request — headers, query, URL — is src/history/event.ts.)

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
export const secretParam = (name: string): boolean =>
  SECRET_PARAMS.has(name) || (/[A-Z\-\s]/.test(name) && SECRET_PARAMS.has(name.trim().toLowerCase().replace(/-/g, '_')));

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
