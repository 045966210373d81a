// Testing a connection: the provider's `verify` request (its pack's `connection.verify`) sent to its
// base URL with the pack's default headers and the credentials injected, through the outbound HTTP
// policy. The answer says only the status and whether it was expected: never a credential, never
// the response body.
import type { ProviderSpec, ResolvedConnection } from './port.js';
import type { Send } from './oauth.js';
import { injectFor, isOAuth, mask, renderPublic, secretValues } from './providers.js';

export interface TestResult {
  ok: boolean;
  /** The HTTP status of the verify request, or null when none was answered (or sent). */
  status: number | null;
  message: string;
}

/** `base` + `path`, with `{{connection.x}}` filled in both (one slash between them). */
export function joinUrl(base: string, path: string, fields: Record<string, string>): URL {
  const b = renderPublic(base, fields).replace(/\/+$/, '');
  const p = renderPublic(path, fields);
  return new URL(/^https?:\/\//i.test(p) ? p : `${b}/${p.replace(/^\/+/, '')}`);
}

export async function verifyConnection(send: Send, spec: ProviderSpec, c: ResolvedConnection, defaultTimeoutMs: number): Promise<TestResult> {
  const v = spec.verify;
  if (!v)
    return {
      ok: true,
      status: null,
      message: isOAuth(spec.authType)
        ? 'an access token was obtained; the provider declares no verify request'
        : 'the credentials are stored; the provider declares no verify request, so nothing was sent',
    };
  const secrets = [...secretValues(spec, c.credentials)];
  const method = v.method.toUpperCase();
  let url: URL;
  try {
    url = joinUrl(spec.baseUrl, v.path, c.fields);
  } catch {
    return {
      ok: false,
      status: null,
      message: `the provider's verify URL is not valid (baseUrl ${JSON.stringify(spec.baseUrl)}, path ${JSON.stringify(v.path)})`,
    };
  }
  const inject = injectFor(spec, c);
  for (const [k, val] of Object.entries(inject.query)) url.searchParams.set(k, val);
  // Pack headers first, the credentials over them (names compared without case).
  const headers: Record<string, string> = Object.create(null);
  for (const [k, val] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = val;
  for (const [k, val] of Object.entries(inject.headers)) headers[k.toLowerCase()] = val;
  const shown = `${method} ${url.pathname}`;
  try {
    const res = await send({ url: url.toString(), method, headers, body: null, timeoutMs: spec.timeoutMs ?? defaultTimeoutMs });
    const expected = v.expectStatus?.length ? v.expectStatus : null;
    const ok = expected ? expected.includes(res.status) : res.status >= 200 && res.status <= 299;
    return {
      ok,
      status: res.status,
      message: ok ? `${shown} answered ${res.status}` : `${shown} answered ${res.status}, expected ${expected ? expected.join(' or ') : 'a 2xx status'}`,
    };
  } catch (e) {
    return { ok: false, status: null, message: mask(`${shown} failed: ${(e as Error).message}`, secrets) };
  }
}
