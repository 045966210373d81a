// A local OAuth 2.0 provider and API for the connection tests, on 127.0.0.1: authorization endpoint
// (checks the client and redirect URI, keeps the PKCE challenge, redirects back with code and state),
// token endpoint (authorization code with PKCE verification, refresh with rotating refresh tokens,
// client credentials; a reused or revoked refresh token is invalid_grant), expiring access tokens,
// and `/me` endpoints that accept a live access token, an API key or basic credentials.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface MockProvider {
  url: string;
  clientId: string;
  clientSecret: string;
  apiKey: string;
  /** Seconds an access token lives (changeable between requests). */
  expiresIn: number;
  /** Rotate refresh tokens on each refresh (the old one stops working). */
  rotate: boolean;
  /** Milliseconds the token endpoint waits before answering a refresh (widens races). */
  refreshDelayMs: number;
  /** The next token request answers this status (503, …) instead. */
  failNext: number | null;
  /** Requests per grant type. */
  counts: { authorization_code: number; refresh_token: number; client_credentials: number };
  /** Refresh tokens that worked once and were rotated away, presented again (must stay 0). */
  reusedRefreshTokens: number;
  /** Every refresh token given out that still works. */
  liveRefreshTokens(): string[];
  /** Revokes every refresh and access token (the user disconnected the app at the provider). */
  revokeAll(): void;
  /** Visits the authorization URL as the user's browser would and returns where it redirects to. */
  authorize(authorizationUrl: string, opts?: { deny?: boolean }): Promise<URL>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const token = (p: string) => `${p}_${randomBytes(12).toString('hex')}`;
const readBody = async (req: IncomingMessage) => {
  let s = '';
  for await (const c of req) s += c;
  return s;
};

export async function startMockProvider(): Promise<MockProvider> {
  const codes = new Map<string, { challenge: string | null; redirectUri: string; clientId: string }>();
  const access = new Map<string, number>(); // token → expiry (ms)
  const refresh = new Set<string>();
  const rotated = new Set<string>();
  const m: MockProvider = {
    url: '',
    clientId: 'client-abc',
    clientSecret: 'client-secret-xyz-123',
    apiKey: 'key-live-5f4e3d2c1b',
    expiresIn: 3600,
    rotate: true,
    refreshDelayMs: 0,
    failNext: null,
    counts: { authorization_code: 0, refresh_token: 0, client_credentials: 0 },
    reusedRefreshTokens: 0,
    liveRefreshTokens: () => [...refresh],
    revokeAll() {
      refresh.clear();
      access.clear();
    },
    async authorize(authorizationUrl, opts = {}) {
      const res = await fetch(authorizationUrl + (opts.deny ? '&deny=1' : ''), { redirect: 'manual' });
      if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
      return new URL(res.headers.get('location')!);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const issue = (withRefresh: boolean) => {
    const a = token('at');
    access.set(a, Date.now() + m.expiresIn * 1000);
    const body: Record<string, unknown> = { access_token: a, token_type: 'Bearer', expires_in: m.expiresIn };
    if (withRefresh) {
      const r = token('rt');
      refresh.add(r);
      body.refresh_token = r;
    }
    return body;
  };

  const authorizeEndpoint = (u: URL, res: ServerResponse) => {
    const q = u.searchParams;
    const redirect = q.get('redirect_uri');
    if (q.get('client_id') !== m.clientId || !redirect) return json(res, 400, { error: 'invalid_client' });
    if (q.get('response_type') !== 'code') return json(res, 400, { error: 'unsupported_response_type' });
    if (q.get('code_challenge') && q.get('code_challenge_method') !== 'S256') return json(res, 400, { error: 'invalid_request' });
    const back = new URL(redirect);
    back.searchParams.set('state', q.get('state') ?? '');
    if (q.get('deny')) back.searchParams.set('error', 'access_denied');
    else {
      const code = token('code');
      codes.set(code, { challenge: q.get('code_challenge'), redirectUri: redirect, clientId: m.clientId });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  };
  const codeGrant = (f: URLSearchParams, res: ServerResponse) => {
    m.counts.authorization_code++;
    const c = codes.get(f.get('code') ?? '');
    codes.delete(f.get('code') ?? '');
    if (!c || c.redirectUri !== f.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant', error_description: 'bad code or redirect_uri' });
    const v = f.get('code_verifier') ?? '';
    if (c.challenge && createHash('sha256').update(v).digest('base64url') !== c.challenge)
      return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    json(res, 200, issue(true));
  };
  const refreshGrant = async (f: URLSearchParams, res: ServerResponse) => {
    m.counts.refresh_token++;
    if (m.refreshDelayMs) await new Promise((r) => setTimeout(r, m.refreshDelayMs));
    const r = f.get('refresh_token') ?? '';
    if (rotated.has(r)) m.reusedRefreshTokens++;
    if (!refresh.has(r)) return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token revoked or unknown' });
    if (m.rotate) {
      refresh.delete(r);
      rotated.add(r);
    }
    json(res, 200, issue(m.rotate));
  };
  const tokenEndpoint = async (req: IncomingMessage, res: ServerResponse) => {
    const f = new URLSearchParams(await readBody(req));
    if (m.failNext !== null) {
      const status = m.failNext;
      m.failNext = null;
      return json(res, status, { error: 'temporarily_unavailable' });
    }
    if (f.get('client_id') !== m.clientId || f.get('client_secret') !== m.clientSecret) return json(res, 401, { error: 'invalid_client' });
    const grant = f.get('grant_type');
    if (grant === 'authorization_code') return codeGrant(f, res);
    if (grant === 'refresh_token') return refreshGrant(f, res);
    if (grant !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
    m.counts.client_credentials++;
    json(res, 200, issue(false));
  };
  const me = (req: IncomingMessage, res: ServerResponse) => {
    const a = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const exp = a ? access.get(a) : undefined;
    if (exp === undefined || exp < Date.now()) return json(res, 401, { error: 'invalid_token' });
    json(res, 200, { user: 'ada' });
  };

  const server = createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    if (u.pathname === '/authorize') return authorizeEndpoint(u, res);
    if (u.pathname === '/token' && req.method === 'POST') return void tokenEndpoint(req, res);
    if (u.pathname === '/me') return me(req, res);
    if (u.pathname === '/key/me') return json(res, req.headers['x-api-key'] === m.apiKey ? 200 : 401, {});
    if (u.pathname === '/basic/me') {
      const ok = req.headers.authorization === `Basic ${Buffer.from(`ada:${m.apiKey}`).toString('base64')}`;
      return json(res, ok ? 200 : 401, {});
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  m.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return m;
}

/** The pack `connection` sections of the tests' providers (a test fixture standing in for installed
 * packs: src/packs builds these from real packs). */
export function fixtureProviders(base: string) {
  const pack = { slug: 'fixture', version: '1.0.0' };
  return [
    {
      provider: 'acme',
      authType: 'api_key' as const,
      credentials: [{ name: 'apiKey', label: 'API Key', secret: true }],
      inject: { headers: { 'X-Api-Key': '{{credentials.apiKey}}' } },
      verify: { method: 'GET', path: '/key/me', expectStatus: [200] },
      baseUrl: base,
      pack,
    },
    {
      provider: 'multi',
      authType: 'basic' as const,
      credentials: [
        { name: 'username', label: 'Username' },
        { name: 'password', label: 'Password', secret: true },
        { name: 'region', label: 'Region', required: false },
      ],
      verify: { method: 'GET', path: '/basic/me' },
      baseUrl: base,
      pack,
    },
    {
      provider: 'machine',
      authType: 'oauth2_client_credentials' as const,
      credentials: [],
      oauth2: { tokenUrl: `${base}/token`, scopes: ['read'] },
      verify: { method: 'GET', path: '/me' },
      baseUrl: base,
      pack,
    },
    {
      provider: 'social',
      authType: 'oauth2_authorization_code' as const,
      credentials: [
        { name: 'clientId', label: 'Client ID' },
        { name: 'clientSecret', label: 'Client secret', secret: true },
      ],
      oauth2: { authorizationUrl: `${base}/authorize`, tokenUrl: `${base}/token`, scopes: ['profile', 'email'], pkce: true },
      verify: { method: 'GET', path: '/me', expectStatus: [200] },
      baseUrl: base,
      pack,
    },
    {
      // The server's OAuth client (ServerConfig.oauthClients): the user fills in nothing.
      provider: 'hosted',
      authType: 'oauth2_authorization_code' as const,
      credentials: [],
      oauth2: { authorizationUrl: `${base}/authorize`, tokenUrl: `${base}/token`, pkce: true },
      verify: { method: 'GET', path: '/me' },
      baseUrl: base,
      pack,
    },
  ];
}
