// The OAuth 2.0 wire protocol (RFC 6749, PKCE RFC 7636): the authorization URL, and the token
// endpoint's three grants (authorization code, refresh token, client credentials). Requests go
// through the outbound HTTP policy like every request dragops sends (Send, built in service.ts from
// src/nodes/http/request.ts). Failures are OAuthError: `definitive` when the provider refused
// (4xx: invalid_grant, invalid_client, a revoked token), else transient (network, 5xx, 429).
import { createHash, randomBytes } from 'node:crypto';
import type { HttpResult, RequestInput } from '../nodes/http/request.js';
import type { Tokens } from './vault.js';

export type Send = (input: RequestInput) => Promise<HttpResult>;

export interface OAuthClient {
  clientId: string;
  clientSecret?: string | undefined;
}

export interface TokenAnswer {
  tokens: Tokens;
  /** When the access token expires (from `expires_in`), or null when the provider does not say. */
  expiresAt: string | null;
}

export class OAuthError extends Error {
  constructor(
    message: string,
    /** The provider refused (the grant or the client is no good): retrying will not help. */
    readonly definitive: boolean,
  ) {
    super(message);
  }
}

const b64url = (b: Buffer) => b.toString('base64url');

/** A random `state` and PKCE verifier (43 characters of base64url, RFC 7636 §4.1), and the S256 challenge. */
export function newAuthorization(): { state: string; verifier: string; challenge: string } {
  const verifier = b64url(randomBytes(32));
  return { state: b64url(randomBytes(32)), verifier, challenge: challengeOf(verifier) };
}

/** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
export const challengeOf = (verifier: string): string => b64url(createHash('sha256').update(verifier).digest());

export const hashState = (state: string): string => createHash('sha256').update(state).digest('hex');

export function authorizationUrl(
  base: string,
  p: { clientId: string; redirectUri: string; scopes: readonly string[]; state: string; challenge: string | null },
): string {
  const u = new URL(base);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', p.clientId);
  u.searchParams.set('redirect_uri', p.redirectUri);
  if (p.scopes.length) u.searchParams.set('scope', p.scopes.join(' '));
  u.searchParams.set('state', p.state);
  if (p.challenge) {
    u.searchParams.set('code_challenge', p.challenge);
    u.searchParams.set('code_challenge_method', 'S256');
  }
  return u.toString();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The answer's fields: a JSON object, or a form-encoded body (some providers answer that). */
function answerFields(body: unknown): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && !(body instanceof Uint8Array)) return body as Record<string, unknown>;
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  return {};
}

/**
 * One request to the token endpoint (client authentication `client_secret_post`). `keepRefresh`: the
 * refresh token in use, kept when the answer brings none (providers that do not rotate them).
 */
export async function tokenRequest(
  send: Send,
  tokenUrl: string,
  grant: Record<string, string>,
  client: OAuthClient,
  o: { timeoutMs: number; now: number; keepRefresh?: string | undefined },
): Promise<TokenAnswer> {
  const form = new URLSearchParams({ ...grant, client_id: client.clientId });
  if (client.clientSecret) form.set('client_secret', client.clientSecret);
  let res: HttpResult;
  try {
    res = await send({
      url: tokenUrl,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: o.timeoutMs,
    });
  } catch (e) {
    // The message of a failed request names the URL without its query, never the form.
    throw new OAuthError(`the token endpoint could not be reached: ${(e as Error).message}`, false);
  }
  const f = answerFields(res.body);
  if (res.status < 200 || res.status > 299) {
    const error = str(f.error) ?? 'no error code';
    const description = str(f.error_description);
    const definitive = res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408;
    throw new OAuthError(`the token endpoint answered ${res.status} ${error}${description ? `: ${description.slice(0, 200)}` : ''}`, definitive);
  }
  const accessToken = str(f.access_token);
  if (!accessToken) throw new OAuthError(`the token endpoint answered ${res.status} without an access_token`, true);
  const expiresIn = Number(f.expires_in);
  return {
    tokens: {
      accessToken,
      refreshToken: str(f.refresh_token) ?? o.keepRefresh,
      tokenType: str(f.token_type),
      scope: str(f.scope),
    },
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(o.now + expiresIn * 1000).toISOString() : null,
  };
}

/** The server's OAuth clients from JSON text (`dragops serve --oauth-clients FILE`):
 * `{"<provider>": {"clientId": "…", "clientSecret": "…"}}`. Throws a message naming what is wrong
 * (never a value). */
export function parseOAuthClients(text: string): Record<string, OAuthClient> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('must be an object of provider names to {clientId, clientSecret}');
  const out: Record<string, OAuthClient> = Object.create(null);
  for (const [provider, c] of Object.entries(v)) {
    const o = c as { clientId?: unknown; clientSecret?: unknown };
    if (typeof c !== 'object' || c === null || typeof o.clientId !== 'string' || o.clientId === '')
      throw new Error(`${JSON.stringify(provider)} must have a clientId (a string)`);
    if (o.clientSecret !== undefined && typeof o.clientSecret !== 'string') throw new Error(`${JSON.stringify(provider)}: clientSecret must be a string`);
    const unknown = Object.keys(c).filter((k) => k !== 'clientId' && k !== 'clientSecret');
    if (unknown.length) throw new Error(`${JSON.stringify(provider)}: unknown key ${JSON.stringify(unknown[0])}`);
    out[provider] = { clientId: o.clientId, clientSecret: o.clientSecret as string | undefined };
  }
  return out;
}
