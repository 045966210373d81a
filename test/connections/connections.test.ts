// Connections (SPEC §14) on real databases (SQLite and PostgreSQL) against a local mock provider:
// sealing, validation, owner scoping, resolving, testing, the OAuth flows (PKCE, state, rotation,
// revocation, Reconnect), and one refresh per connection however many callers and processes race.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/types.js';
import { Connections } from '../../src/connections/service.js';
import { catalogOf } from '../../src/connections/providers.js';
import { policySend } from '../../src/connections/send.js';
import { DragopsError } from '../../src/errors/error.js';
import { fixtureProviders, startMockProvider, type MockProvider } from './mock-provider.js';

const PG_URL = process.env.DRAGOPS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const KEY = randomBytes(32);

type Backend = 'sqlite' | 'postgres';
async function openStore(backend: Backend, schema: string): Promise<Store> {
  return backend === 'sqlite'
    ? openSqliteStore(join(mkdtempSync(join(tmpdir(), 'dragops-conn-')), 'dragops.db'))
    : openPostgresStore(PG_URL, { schema, max: 20 });
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<DragopsError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DragopsError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe.each<Backend>(['sqlite', 'postgres'])('connections on %s', (backend) => {
  const schema = `conn_${Date.now().toString(36)}_${process.pid}_${randomBytes(2).toString('hex')}`;
  let store: Store;
  let mock: MockProvider;
  let owner: string;
  let other: string;
  const stores: Store[] = [];
  const service = (s: Store = store) =>
    new Connections({
      store: s,
      key: KEY,
      providers: catalogOf(fixtureProviders(mock.url)),
      send: policySend(undefined),
      oauthClients: { hosted: { clientId: mock.clientId, clientSecret: mock.clientSecret } },
    });
  let c: Connections;

  beforeAll(async () => {
    mock = await startMockProvider();
    store = await openStore(backend, schema);
    stores.push(store);
    owner = `usr_${randomBytes(4).toString('hex')}`;
    other = `usr_${randomBytes(4).toString('hex')}`;
    for (const u of [owner, other]) await store.createUser({ id: u, email: `${u}@example.test`, name: 'U', role: 'user', passwordHash: 'x' });
  });
  beforeEach(() => {
    c = service();
    mock.expiresIn = 3600;
    mock.rotate = true;
    mock.refreshDelayMs = 0;
    mock.failNext = null;
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await mock.close();
    if (backend === 'postgres') {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  /** A social (authorization code) connection authorized through the mock provider. */
  async function authorized(svc = c) {
    const created = await svc.create(owner, {
      provider: 'social',
      displayName: 'Social',
      credentials: { clientId: mock.clientId, clientSecret: mock.clientSecret },
    });
    expect(created.status).toBe('pending');
    const start = await svc.oauth.start(owner, { connectionId: created.id }, 'http://127.0.0.1:9/api/connections/oauth/callback');
    const back = await mock.authorize(start.authorizationUrl);
    const q = Object.fromEntries(back.searchParams);
    return svc.oauth.callback(q);
  }

  it('an API key connection: sealed at rest, resolved decrypted, tested with its inject', async () => {
    const info = await c.create(owner, { provider: 'acme', displayName: 'Acme prod', credentials: { apiKey: mock.apiKey } });
    expect(info).toEqual({
      id: expect.stringMatching(/^conn_[0-9a-f]{24}$/),
      provider: 'acme',
      displayName: 'Acme prod',
      authType: 'api_key',
      status: 'active',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(info)).not.toContain(mock.apiKey);
    const row = await store.getConnection(info.id);
    expect(JSON.stringify(row)).not.toContain(mock.apiKey);
    const r = await c.resolve(owner, info.id);
    expect(r).toEqual({
      id: info.id,
      provider: 'acme',
      authType: 'api_key',
      credentials: { apiKey: mock.apiKey },
      fields: { id: info.id, displayName: 'Acme prod', provider: 'acme' },
    });
    expect(await c.test(owner, info.id)).toEqual({ ok: true, status: 200, message: 'GET /key/me answered 200' });
    await c.update(owner, info.id, { credentials: { apiKey: 'wrong-key-000' } });
    expect(await c.test(owner, info.id)).toEqual({ ok: false, status: 401, message: 'GET /key/me answered 401, expected 200' });
    const key = await c.createApiKey(owner, { provider: 'acme', apiKey: mock.apiKey });
    expect(key).toMatchObject({ displayName: 'acme', authType: 'api_key' });
    expect((await c.test(owner, key.id)).ok).toBe(true);
  });

  it('multi-field credentials are checked against the provider: missing, unknown, wrong type; basic auth by default', async () => {
    const missing = await rejection(c.create(owner, { provider: 'multi', displayName: 'M', credentials: { username: 'ada' } }));
    expect(missing).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'credentials.password' } });
    expect(missing.message).toMatch(/credentials\.password is required by provider multi/);
    const unknown = await rejection(c.create(owner, { provider: 'multi', displayName: 'M', credentials: { username: 'a', password: 'b', pin: '1' } }));
    expect(unknown).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'credentials.pin' } });
    const typed = await rejection(c.create(owner, { provider: 'multi', displayName: 'M', credentials: { username: 'a', password: 5 } }));
    expect(typed).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'credentials.password' } });
    expect(await rejection(c.create(owner, { provider: 'nope', displayName: 'M', credentials: {} }))).toMatchObject({ code: 'UNKNOWN_PROVIDER' });
    const m = await c.create(owner, { provider: 'multi', displayName: 'M', credentials: { username: 'ada', password: mock.apiKey, region: 'eu' } });
    expect((await c.resolve(owner, m.id)).fields).toEqual({ username: 'ada', region: 'eu', id: m.id, displayName: 'M', provider: 'multi' });
    expect(await c.test(owner, m.id)).toMatchObject({ ok: true, status: 200 });
    // An update keeps the fields it does not name.
    await c.update(owner, m.id, { displayName: 'Renamed', credentials: { region: 'us' } });
    expect((await c.resolve(owner, m.id)).credentials).toEqual({ username: 'ada', password: mock.apiKey, region: 'us' });
  });

  it("another owner's connection is not found, for every operation", async () => {
    const info = await c.create(owner, { provider: 'acme', displayName: 'Mine', credentials: { apiKey: mock.apiKey } });
    const ops = [
      () => c.resolve(other, info.id),
      () => c.get(other, info.id),
      () => c.test(other, info.id),
      () => c.update(other, info.id, { displayName: 'x' }),
      () => c.delete(other, info.id),
    ];
    for (const op of ops) expect(await rejection(op())).toMatchObject({ code: 'NOT_FOUND', message: `connection ${info.id} not found` });
    expect((await c.list(other)).map((x) => x.id)).not.toContain(info.id);
    expect(await rejection(c.oauth.start(other, { connectionId: info.id }, 'http://x/cb'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a sealed value moved to another row does not decrypt (the additional data binds the row)', async () => {
    const a = await c.create(owner, { provider: 'acme', displayName: 'A', credentials: { apiKey: 'key-of-a-1234' } });
    const b = await c.create(owner, { provider: 'acme', displayName: 'B', credentials: { apiKey: 'key-of-b-5678' } });
    const rowA = (await store.getConnection(a.id))!;
    await store.updateConnection(b.id, { credentials: rowA.credentials }, new Date().toISOString());
    await expect(c.resolve(owner, b.id)).rejects.toThrow(/unable to authenticate|auth/i);
  });

  it('client credentials: the token is fetched once, reused until it nears expiry, then refreshed', async () => {
    const before = mock.counts.client_credentials;
    const m = await c.create(owner, { provider: 'machine', displayName: 'M', credentials: { clientId: mock.clientId, clientSecret: mock.clientSecret } });
    const [r1, r2] = await Promise.all([c.resolve(owner, m.id), c.resolve(owner, m.id)]);
    expect(r1.credentials.accessToken).toMatch(/^at_/);
    expect(r2.credentials.accessToken).toBe(r1.credentials.accessToken);
    expect((await c.resolve(owner, m.id)).credentials.accessToken).toBe(r1.credentials.accessToken);
    expect(mock.counts.client_credentials - before).toBe(1);
    // Within `skewMs` of its expiry (here: two hours ahead) a token is refreshed before it is used.
    const early = new Connections({
      store,
      key: KEY,
      providers: catalogOf(fixtureProviders(mock.url)),
      send: policySend(undefined),
      keeper: { skewMs: 7200_000 },
    });
    const r3 = await early.resolve(owner, m.id);
    expect(r3.credentials.accessToken).not.toBe(r1.credentials.accessToken);
    expect((await c.resolve(owner, m.id)).credentials.accessToken).toBe(r3.credentials.accessToken);
    expect(mock.counts.client_credentials - before).toBe(2);
    expect(await c.test(owner, m.id)).toEqual({ ok: true, status: 200, message: 'GET /me answered 200' });
    expect(JSON.stringify(await store.getConnection(m.id))).not.toContain(r3.credentials.accessToken!);
    // Wrong client credentials: the provider refuses (401 invalid_client) → error, kept, message without secrets.
    await c.update(owner, m.id, { credentials: { clientSecret: 'not-the-secret-999' } });
    const t = await c.test(owner, m.id);
    expect(t).toMatchObject({ ok: false, status: null });
    expect(t.message).toMatch(/invalid_client/);
    expect(t.message).not.toContain('not-the-secret-999');
    expect(await c.get(owner, m.id)).toMatchObject({ status: 'error' });
    // New credentials clear the error.
    await c.update(owner, m.id, { credentials: { clientSecret: mock.clientSecret } });
    expect(await c.get(owner, m.id)).toMatchObject({ status: 'active' });
    expect((await c.test(owner, m.id)).ok).toBe(true);
  });

  it('authorization code with PKCE and state: start, authorize, callback, test', async () => {
    const start = await c.oauth.start(owner, { provider: 'hosted', displayName: 'Hosted' }, 'http://127.0.0.1:9/api/connections/oauth/callback');
    const u = new URL(start.authorizationUrl);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      response_type: 'code',
      client_id: mock.clientId,
      redirect_uri: 'http://127.0.0.1:9/api/connections/oauth/callback',
      state: start.state,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    const back = await mock.authorize(start.authorizationUrl);
    expect(back.searchParams.get('state')).toBe(start.state);
    const info = await c.oauth.callback(Object.fromEntries(back.searchParams));
    expect(info).toMatchObject({ provider: 'hosted', displayName: 'Hosted', authType: 'oauth2_authorization_code', status: 'active' });
    expect(await c.test(owner, info.id)).toMatchObject({ ok: true, status: 200 });
    expect((await c.resolve(owner, info.id)).credentials).toEqual({ accessToken: expect.stringMatching(/^at_/) });
    // The state works once.
    expect(await rejection(c.oauth.callback(Object.fromEntries(back.searchParams)))).toMatchObject({ code: 'OAUTH_STATE_INVALID' });
    expect(await rejection(c.oauth.callback({ state: 'forged', code: 'x' }))).toMatchObject({ code: 'OAUTH_STATE_INVALID' });
    expect(await rejection(c.oauth.callback({ code: 'x' }))).toMatchObject({ code: 'OAUTH_STATE_INVALID' });
  });

  it("PKCE: a code is exchanged only with its own authorization's verifier; a denial stores nothing", async () => {
    const cb = 'http://127.0.0.1:9/api/connections/oauth/callback';
    const a = await c.oauth.start(owner, { provider: 'hosted', displayName: 'A' }, cb);
    const b = await c.oauth.start(owner, { provider: 'hosted', displayName: 'B' }, cb);
    const codeOfA = (await mock.authorize(a.authorizationUrl)).searchParams.get('code')!;
    const e = await rejection(c.oauth.callback({ state: b.state, code: codeOfA }));
    expect(e.code).toBe('OAUTH_FAILED');
    expect(e.message).toMatch(/PKCE verification failed/);
    expect(e.message).not.toContain(codeOfA);
    const before = (await c.list(owner)).length;
    const denied = await mock.authorize((await c.oauth.start(owner, { provider: 'hosted', displayName: 'C' }, cb)).authorizationUrl, { deny: true });
    expect(await rejection(c.oauth.callback(Object.fromEntries(denied.searchParams)))).toMatchObject({ code: 'OAUTH_FAILED', message: /access_denied/ });
    expect((await c.list(owner)).length).toBe(before);
    // Not an authorization-code provider; a provider that needs fields first.
    expect(await rejection(c.oauth.start(owner, { provider: 'acme', displayName: 'x' }, cb))).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await rejection(c.oauth.start(owner, { provider: 'social', displayName: 'x' }, cb))).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: /clientId is required.*POST \/api\/connections first/,
    });
  });

  it('many concurrent resolves of an expiring token: exactly one refresh; the rotated refresh token is kept', async () => {
    mock.expiresIn = 30;
    const info = await authorized();
    mock.expiresIn = 3600;
    mock.refreshDelayMs = 100;
    const before = mock.counts.refresh_token;
    // Two services on one database: two processes' worth of callers (in-process sharing and the lease).
    const other = service();
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? c : other).resolve(owner, info.id)));
    expect(mock.counts.refresh_token - before).toBe(1);
    expect(new Set(all.map((r) => r.credentials.accessToken)).size).toBe(1);
    expect(mock.reusedRefreshTokens).toBe(0);
    // The rotated refresh token was stored: the next refresh works.
    const row = (await store.getConnection(info.id))!;
    expect(row.tokenVersion).toBe(2); // the authorization wrote version 1, the one refresh version 2
    expect(mock.liveRefreshTokens()).toContain(c.vault.openTokens(row)!.refreshToken);
  });

  it('a revoked refresh token marks the connection error (kept, not deleted); Reconnect restores it', async () => {
    mock.expiresIn = 30;
    const info = await authorized();
    mock.revokeAll();
    const e = await rejection(c.resolve(owner, info.id));
    expect(e.code).toBe('CONNECTION_ERROR');
    expect(e.message).toMatch(/invalid_grant.*Reconnect/);
    expect(await c.get(owner, info.id)).toMatchObject({ status: 'error', statusMessage: expect.stringMatching(/invalid_grant/) });
    expect(await rejection(c.resolve(owner, info.id))).toMatchObject({ code: 'CONNECTION_ERROR' });
    expect(await c.test(owner, info.id)).toMatchObject({ ok: false, status: null });
    mock.expiresIn = 3600;
    const start = await c.oauth.start(owner, { connectionId: info.id }, 'http://127.0.0.1:9/api/connections/oauth/callback');
    const back = await mock.authorize(start.authorizationUrl);
    const again = await c.oauth.callback(Object.fromEntries(back.searchParams));
    expect(again).toMatchObject({ id: info.id, status: 'active', displayName: 'Social' });
    expect(again).not.toHaveProperty('statusMessage');
    expect(await c.test(owner, info.id)).toMatchObject({ ok: true, status: 200 });
  });

  it('a transient refresh failure (503) fails this use only; the connection stays active', async () => {
    mock.expiresIn = 1;
    const info = await authorized();
    await new Promise((r) => setTimeout(r, 1100));
    mock.expiresIn = 3600;
    mock.failNext = 503;
    expect(await rejection(c.resolve(owner, info.id))).toMatchObject({ code: 'CONNECTION_REFRESH_FAILED' });
    expect(await c.get(owner, info.id)).toMatchObject({ status: 'active' });
    expect((await c.resolve(owner, info.id)).credentials.accessToken).toMatch(/^at_/);
    // Early (not yet expired): a failing refresh still hands out the current token.
    mock.expiresIn = 30;
    const early = await authorized();
    const current = c.vault.openTokens((await store.getConnection(early.id))!)!.accessToken;
    mock.failNext = 503;
    expect((await c.resolve(owner, early.id)).credentials.accessToken).toBe(current);
  });

  it('a pending or uninstalled-provider connection cannot be resolved', async () => {
    const p = await c.create(owner, { provider: 'social', displayName: 'P', credentials: { clientId: mock.clientId, clientSecret: mock.clientSecret } });
    expect(await rejection(c.resolve(owner, p.id))).toMatchObject({ code: 'CONNECTION_ERROR', message: /not authorized yet/ });
    const a = await c.create(owner, { provider: 'acme', displayName: 'A', credentials: { apiKey: 'k-12345' } });
    const without = new Connections({ store, key: KEY, providers: catalogOf([]), send: policySend(undefined) });
    expect(await rejection(without.resolve(owner, a.id))).toMatchObject({ code: 'CONNECTION_ERROR', message: /provider acme is not installed/ });
  });

  it.runIf(backend === 'postgres')('two stores (two processes) on one PostgreSQL schema racing: one refresh', async () => {
    mock.expiresIn = 30;
    const info = await authorized();
    mock.expiresIn = 3600;
    mock.refreshDelayMs = 200;
    const second = await openStore('postgres', schema);
    stores.push(second);
    const [p1, p2] = [service(store), service(second)];
    const before = mock.counts.refresh_token;
    const all = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? p1 : p2).resolve(owner, info.id)));
    expect(mock.counts.refresh_token - before).toBe(1);
    expect(new Set(all.map((r) => r.credentials.accessToken)).size).toBe(1);
    expect(mock.reusedRefreshTokens).toBe(0);
  });
});
