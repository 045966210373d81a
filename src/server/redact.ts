// What the execution history keeps of a request's headers: credentials a webhook caller sends are
// replaced by *** (the execution itself sees them).
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-webhook-signature', 'x-hub-signature', 'x-hub-signature-256', 'x-api-key']);
/** Node gives header names in lower case; events built by hand (replays, tests) may not. */
const sensitive = (k: string): boolean => SENSITIVE_HEADERS.has(k) || (/[A-Z]/.test(k) && SENSITIVE_HEADERS.has(k.toLowerCase()));

/** The headers as JSON, credentials masked. No copy when there is nothing to mask (most requests). */
export function headersJson(h: Record<string, unknown>): string {
  let any = false;
  for (const k in h) if (sensitive(k)) { any = true; break; }
  if (!any) return JSON.stringify(h);
  const out: Record<string, unknown> = {};
  for (const k in h) if (Object.hasOwn(h, k)) out[k] = sensitive(k) ? '***' : h[k];
  return JSON.stringify(out);
}

/** An event's copy for the history with its `headers` (when it has any) masked, as JSON.
 * `bodyJson`: the body's JSON when the caller has it already (a webhook's JSON body as sent). */
export function eventJson(event: Record<string, unknown>, bodyJson?: string): string {
  const h = event.headers;
  const masked = !!h && typeof h === 'object';
  if (!masked && bodyJson === undefined) return JSON.stringify(event);
  // Written as the event's own keys in order, the headers replaced by their masked JSON.
  let out = '';
  for (const k in event) {
    if (!Object.hasOwn(event, k) || event[k] === undefined) continue;
    const v = k === 'headers' && masked ? headersJson(h as Record<string, unknown>) : k === 'body' && bodyJson !== undefined ? bodyJson : JSON.stringify(event[k]);
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${v}`;
  }
  return `{${out}}`;
}

// What logs may show of a URL: the value of a token-like query parameter (EventSource sends
// `/api/events?token=…`; it cannot send headers) is replaced by ***, however its name is encoded.
const SECRET_PARAM = /^(access_)?token$/i;

function decoded(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

export function redactUrl(url: string | undefined): string | undefined {
  const q = url?.indexOf('?') ?? -1;
  if (url === undefined || q < 0) return url;
  const params = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    return SECRET_PARAM.test(decoded(name).trim()) ? `${name}=***` : pair;
  });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
