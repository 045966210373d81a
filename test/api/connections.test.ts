// The connections API (SPEC §14) over HTTP, on both stores: shapes, validation, owner scoping, test,
// and the OAuth authorization-code flow through the server's own callback, against a local mock
// provider. No answer ever carries a credential value or token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, expectError, expectOk, request, startServer, type Account, type TestServer } from './harness.js';
import { catalogOf } from '../../src/connections/providers.js';
import { fixtureProviders, startMockProvider, type MockProvider } from '../connections/mock-provider.js';

describe.each(BACKENDS)('connections API on %s', (backend) => {
  let s: TestServer;
  let mock: MockProvider;
  let other: Account;
  const answers: string[] = [];
  /** Every answer is kept, to check that no secret ever appears in one. */
  const api = async (path: string, o: Parameters<TestServer['api']>[1] = {}) => {
    const r = await s.api(path, o);
    answers.push(r.text);
    return r;
  };

  beforeAll(async () => {
    mock = await startMockProvider();
    s = await startServer({
      backend,
      config: {
        providers: catalogOf(fixtureProviders(mock.url)),
        oauthClients: { hosted: { clientId: mock.clientId, clientSecret: mock.clientSecret } },
      },
    });
    other = await s.newUser('Other');
  });
  afterAll(async () => {
    expect(answers.join('\n')).not.toContain(mock.apiKey);
    expect(answers.join('\n')).not.toContain(mock.clientSecret);
    expect(answers.join('\n')).not.toMatch(/at_[0-9a-f]{24}|rt_[0-9a-f]{24}/);
    await s?.stop();
    await mock?.close();
  });

  it('create, list, get, update, test and delete an API key connection', async () => {
    expectError(await s.raw('/api/connections'), 401, 'UNAUTHORIZED');
    const created = expectOk(await api('/api/connections', { json: { provider: 'acme', displayName: 'Acme', credentials: { apiKey: mock.apiKey } } }), 201);
    expect(Object.keys(created).sort()).toEqual(['authType', 'createdAt', 'displayName', 'id', 'provider', 'status', 'updatedAt']);
    expect(created).toMatchObject({ id: expect.stringMatching(/^conn_/), provider: 'acme', displayName: 'Acme', authType: 'api_key', status: 'active' });
    expect(expectOk(await api('/api/connections')).map((c: { id: string }) => c.id)).toContain(created.id);
    expect(expectOk(await api(`/api/connections/${created.id}`))).toEqual(created);
    expect(expectOk(await api(`/api/connections/${created.id}/test`, { method: 'POST' }))).toEqual({
      ok: true,
      status: 200,
      message: 'GET /key/me answered 200',
    });
    const renamed = expectOk(
      await api(`/api/connections/${created.id}`, { method: 'PUT', json: { displayName: 'Acme (prod)', credentials: { apiKey: 'wrong-1234' } } }),
    );
    expect(renamed).toMatchObject({ id: created.id, displayName: 'Acme (prod)' });
    expect(expectOk(await api(`/api/connections/${created.id}/test`, { method: 'POST' }))).toMatchObject({ ok: false, status: 401 });
    expect(expectOk(await api(`/api/connections/${created.id}`, { method: 'DELETE' }))).toEqual({ id: created.id, deleted: true });
    expectError(await api(`/api/connections/${created.id}`), 404, 'NOT_FOUND');
    const key = expectOk(await api('/api/connections/api-key', { json: { provider: 'acme', apiKey: mock.apiKey, displayName: 'Quick' } }), 201);
    expect(key).toMatchObject({ provider: 'acme', displayName: 'Quick', status: 'active' });
  });

  it('refuses bad requests with the field at fault', async () => {
    const missing = await api('/api/connections', { json: { provider: 'multi', displayName: 'M', credentials: { username: 'ada' } } });
    expectError(missing, 400, 'VALIDATION_ERROR');
    expect(missing.body.error).toMatchObject({
      message: expect.stringMatching(/credentials\.password is required/),
      details: { field: 'credentials.password' },
    });
    const unknown = await api('/api/connections', { json: { provider: 'nope', displayName: 'M', credentials: {} } });
    expectError(unknown, 400, 'UNKNOWN_PROVIDER');
    expect(unknown.body.error.details).toEqual({ field: 'provider' });
    expectError(await api('/api/connections', { json: { provider: 'acme', displayName: 'A', credentials: { apiKey: 5 } } }), 400, 'VALIDATION_ERROR');
    expectError(await api('/api/connections', { json: { provider: 'acme', displayName: 'A', extra: 1 } }), 400, 'VALIDATION_ERROR');
    expectError(await api('/api/connections', { json: { provider: 'acme', displayName: '', credentials: { apiKey: 'k' } } }), 400, 'VALIDATION_ERROR');
    expectError(await api('/api/connections/api-key', { json: { provider: 'multi', apiKey: 'k' } }), 400, 'VALIDATION_ERROR');
    expectError(await api('/api/connections/oauth/start'), 400, 'VALIDATION_ERROR');
  });

  it("another user's connection is 404 for every route, and not listed", async () => {
    const mine = expectOk(await api('/api/connections', { json: { provider: 'acme', displayName: 'Mine', credentials: { apiKey: mock.apiKey } } }), 201);
    expectError(await other.api(`/api/connections/${mine.id}`), 404, 'NOT_FOUND');
    expectError(await other.api(`/api/connections/${mine.id}`, { method: 'PUT', json: { displayName: 'x' } }), 404, 'NOT_FOUND');
    // 404 whatever the body: the owner check comes before validation.
    expectError(await other.api(`/api/connections/${mine.id}`, { method: 'PUT', json: { bogus: true } }), 404, 'NOT_FOUND');
    expectError(await other.api(`/api/connections/${mine.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    expectError(await other.api(`/api/connections/${mine.id}/test`, { method: 'POST' }), 404, 'NOT_FOUND');
    expectError(await other.api(`/api/connections/oauth/start?connectionId=${mine.id}`), 404, 'NOT_FOUND');
    expect(expectOk(await other.api('/api/connections'))).toEqual([]);
    expect(expectOk(await api(`/api/connections/${mine.id}`)).displayName).toBe('Mine');
  });

  it('OAuth authorization code: start, the provider redirects to the callback, the connection is active', async () => {
    const started = await api('/api/connections/oauth/start?provider=hosted&displayName=Hosted');
    const start = expectOk(started);
    expect(start).toEqual({
      authorizationUrl: expect.stringContaining(`${mock.url}/authorize?`),
      state: expect.any(String),
      expiresAt: expect.any(String),
      browserUrl: `${s.url}/connections?authorize=${encodeURIComponent(start.state)}`,
    });
    const redirect = new URL(start.authorizationUrl).searchParams.get('redirect_uri')!;
    expect(redirect).toBe(`${s.url}/api/connections/oauth/callback`);
    // The answer binds the authorization to the browser that asked (an HttpOnly cookie for the callback).
    const setCookie = started.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^dragops_oauth_[0-9a-f]{16}=[0-9a-f]{64}; Path=\/api\/connections\/oauth; Max-Age=(599|600); HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    const back = await mock.authorize(start.authorizationUrl);
    // Another browser (someone sent the consent link): refused, and the authorization is still there.
    expectError(await request(s.url, back.pathname + back.search), 400, 'OAUTH_STATE_INVALID');
    expectError(
      await request(s.url, back.pathname + back.search, { headers: { cookie: `${cookie.split('=')[0]}=${'0'.repeat(64)}` } }),
      400,
      'OAUTH_STATE_INVALID',
    );
    // The user's browser follows the redirect: no token; the state says whose it is, the cookie that it is theirs.
    const cb = await request(s.url, back.pathname + back.search, { headers: { accept: 'text/html,application/xhtml+xml', cookie } });
    answers.push(cb.text);
    expect(cb.status).toBe(200);
    expect(cb.headers.get('content-type')).toMatch(/text\/html/);
    expect(cb.text).toMatch(/Connected: Hosted/);
    expect(cb.text).toContain('<a href="/connections">Back to Connections</a>');
    const list = expectOk(await api('/api/connections')) as { id: string; displayName: string; status: string }[];
    const made = list.find((c) => c.displayName === 'Hosted')!;
    expect(made).toMatchObject({ status: 'active' });
    expect(expectOk(await api(`/api/connections/${made.id}/test`, { method: 'POST' }))).toEqual({ ok: true, status: 200, message: 'GET /me answered 200' });
    expect(cb.headers.get('set-cookie')).toMatch(/^dragops_oauth_[0-9a-f]{16}=; Path=\/api\/connections\/oauth; Max-Age=0/);
    // Used again: refused.
    expectError(await request(s.url, back.pathname + back.search, { headers: { cookie } }), 400, 'OAUTH_STATE_INVALID');

    // Reconnect an existing connection (pending here) and answer JSON.
    const social = expectOk(
      await api('/api/connections', {
        json: { provider: 'social', displayName: 'Social', credentials: { clientId: mock.clientId, clientSecret: mock.clientSecret } },
      }),
      201,
    );
    expect(social.status).toBe('pending');
    // Started elsewhere (the CLI): continued in a browser signed in as the owner, which gets the cookie.
    const again = expectOk(await api(`/api/connections/oauth/start?connectionId=${social.id}`));
    expectError(await other.api('/api/connections/oauth/continue', { json: { state: again.state } }), 404, 'NOT_FOUND');
    expectError(await api('/api/connections/oauth/continue', { json: { state: 'no-such-state' } }), 404, 'NOT_FOUND');
    expectError(await api('/api/connections/oauth/continue', { json: {} }), 400, 'VALIDATION_ERROR');
    const continued = await api('/api/connections/oauth/continue', { json: { state: again.state } });
    const cont = expectOk(continued);
    expect(cont).toMatchObject({ state: again.state, expiresAt: again.expiresAt });
    // The same consent page (the same PKCE challenge, from the stored verifier).
    expect(new URL(cont.authorizationUrl).searchParams.get('code_challenge')).toBe(new URL(again.authorizationUrl).searchParams.get('code_challenge'));
    const back2 = await mock.authorize(cont.authorizationUrl);
    const done = await request(s.url, back2.pathname + back2.search, { headers: { cookie: continued.headers.get('set-cookie')!.split(';')[0]! } });
    answers.push(done.text);
    expect(expectOk(done)).toMatchObject({ id: social.id, status: 'active' });
    const third = await api(`/api/connections/oauth/start?connectionId=${social.id}`);
    const denied = await mock.authorize(expectOk(third).authorizationUrl, { deny: true });
    expectError(
      await request(s.url, denied.pathname + denied.search, { headers: { cookie: third.headers.get('set-cookie')!.split(';')[0]! } }),
      502,
      'OAUTH_FAILED',
    );
    expect(expectOk(await api(`/api/connections/${social.id}`)).status).toBe('active');
  });
});
