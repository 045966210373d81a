// Accounts over HTTP (SPEC §9): the first user is an admin, login, tokens, and what needs a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk, startServer, uniqueEmail, type TestServer } from './harness.js';
import { hashToken, newToken } from '../../src/accounts/passwords.js';

describe('auth', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startServer({ register: false }); });
  afterAll(async () => { await s?.stop(); });

  const USER_KEYS = ['createdAt', 'email', 'id', 'name', 'role'];
  let admin: { token: string; email: string; password: string; id: string };

  it('the first register creates an admin and returns {token, user}', async () => {
    const email = uniqueEmail('first');
    const r = await s.raw('/api/auth/register', { json: { email: email.toUpperCase(), password: 'a long password', name: 'First' } });
    const data = expectOk(r, 201);
    expect(Object.keys(data).sort()).toEqual(['token', 'user']);
    expect(typeof data.token).toBe('string');
    expect(Object.keys(data.user).sort()).toEqual(USER_KEYS);
    expect(data.user).toMatchObject({ email, name: 'First', role: 'admin' });
    expect(data.user.id).toMatch(/^usr_/);
    expect(JSON.stringify(data)).not.toMatch(/password|scrypt/i);
    admin = { token: data.token, email, password: 'a long password', id: data.user.id };
  });

  it('a second register without an admin token is 401, with a non-admin token 403', async () => {
    expectError(await s.raw('/api/auth/register', { json: { email: uniqueEmail(), password: 'a long password', name: 'X' } }), 401, 'UNAUTHORIZED');
    const u = expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email: uniqueEmail('plain'), password: 'a long password', name: 'Plain' } }), 201);
    expectError(await s.raw('/api/auth/register', { token: u.token, json: { email: uniqueEmail(), password: 'a long password', name: 'X' } }), 403, 'FORBIDDEN');
  });

  it('the admin creates users (role user); a taken email is 409 CONFLICT', async () => {
    const email = uniqueEmail('bob');
    const data = expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email, password: 'bob password', name: 'Bob' } }), 201);
    expect(data.user).toMatchObject({ email, name: 'Bob', role: 'user' });
    expectError(await s.raw('/api/auth/register', { token: admin.token, json: { email, password: 'bob password', name: 'Bob' } }), 409, 'CONFLICT');
    const login = expectOk(await s.raw('/api/auth/login', { json: { email, password: 'bob password' } }));
    expect(login.user).toMatchObject({ email, role: 'user' });
  });

  it('register validates its body: 400 VALIDATION_ERROR', async () => {
    for (const json of [{}, { email: 'not-an-email', password: 'a long password', name: 'X' }, { email: uniqueEmail(), password: 'short', name: 'X' }, { email: uniqueEmail(), password: 'a long password', name: 'X', role: 'admin' }]) {
      expectError(await s.raw('/api/auth/register', { token: admin.token, json }), 400, 'VALIDATION_ERROR');
    }
  });

  it('login: right password → {token, user}; wrong password or unknown email → 401 INVALID_CREDENTIALS', async () => {
    const ok = expectOk(await s.raw('/api/auth/login', { json: { email: admin.email, password: admin.password } }));
    expect(Object.keys(ok).sort()).toEqual(['token', 'user']);
    expect(Object.keys(ok.user).sort()).toEqual(USER_KEYS);
    expect(ok.user).toMatchObject({ id: admin.id, role: 'admin' });
    expect(ok.token).not.toBe(admin.token);
    expect(expectOk(await s.raw('/api/auth/me', { token: ok.token })).id).toBe(admin.id);
    expectError(await s.raw('/api/auth/login', { json: { email: admin.email, password: 'wrong password' } }), 401, 'INVALID_CREDENTIALS');
    const unknown = await s.raw('/api/auth/login', { json: { email: 'nobody@example.test', password: 'whatever it is' } });
    expectError(unknown, 401, 'INVALID_CREDENTIALS');
    // The same message either way: no hint whether the account exists.
    const wrong = await s.raw('/api/auth/login', { json: { email: admin.email, password: 'wrong again' } });
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expectError(await s.raw('/api/auth/login', { json: { email: admin.email } }), 400, 'VALIDATION_ERROR');
  });

  it('GET /api/auth/me returns the signed-in user', async () => {
    const me = expectOk(await s.raw('/api/auth/me', { token: admin.token }));
    expect(Object.keys(me).sort()).toEqual(USER_KEYS);
    expect(me).toMatchObject({ id: admin.id, email: admin.email, role: 'admin' });
    expectError(await s.raw('/api/auth/me'), 401, 'UNAUTHORIZED');
  });

  it('API tokens (POST /api/tokens) work as Bearer tokens', async () => {
    const t = expectOk(await s.raw('/api/tokens', { token: admin.token, json: { name: 'cli' } }), 201);
    expect(t).toMatchObject({ name: 'cli' });
    expect(typeof t.token).toBe('string');
    expect(expectOk(await s.raw('/api/auth/me', { token: t.token })).id).toBe(admin.id);
    expectOk(await s.raw('/api/patterns', { token: t.token }));
    const t2 = expectOk(await s.raw('/api/tokens', { token: t.token, json: { name: 'expiring', expiresInDays: 1 } }), 201);
    expect(expectOk(await s.raw('/api/auth/me', { token: t2.token })).id).toBe(admin.id);
    expectError(await s.raw('/api/tokens', { json: { name: 'x' } }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/tokens', { token: admin.token, json: { name: '' } }), 400, 'VALIDATION_ERROR');
    expectError(await s.raw('/api/tokens', { token: admin.token, json: { name: 'x', expiresInDays: 0 } }), 400, 'VALIDATION_ERROR');
  });

  it('a bad, malformed or expired token is 401 UNAUTHORIZED', async () => {
    const { token, hash } = newToken();
    await s.services.store.createToken({ id: 'tok_expired', userId: admin.id, hash, name: 'old', kind: 'api', createdAt: new Date(0).toISOString(), expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(hashToken(token)).toBe(hash);
    expectError(await s.raw('/api/auth/me', { token }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/auth/me', { token: 'dgo_not-a-real-token' }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/patterns', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/patterns', { headers: { authorization: 'Bearer' } }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/patterns', { headers: { authorization: `Bearer ${admin.token} extra` } }), 401, 'UNAUTHORIZED');
  });

  it('everything under /api except /api/auth/* needs a token; /healthz and /webhooks/* do not', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/patterns'], ['POST', '/api/patterns'], ['GET', '/api/patterns/pat_x'], ['PUT', '/api/patterns/pat_x'], ['DELETE', '/api/patterns/pat_x'],
      ['POST', '/api/patterns/import'], ['GET', '/api/patterns/pat_x/export'], ['POST', '/api/patterns/pat_x/clone'], ['POST', '/api/patterns/pat_x/validate'],
      ['POST', '/api/patterns/pat_x/run'], ['POST', '/api/patterns/pat_x/deploy'], ['DELETE', '/api/patterns/pat_x/deploy'], ['POST', '/api/patterns/pat_x/pause'],
      ['POST', '/api/patterns/pat_x/resume'], ['GET', '/api/patterns/pat_x/deployment'], ['GET', '/api/patterns/pat_x/versions'], ['GET', '/api/patterns/pat_x/versions/1'],
      ['GET', '/api/patterns/pat_x/versions/1/diff/2'], ['POST', '/api/patterns/pat_x/webhook-secret'], ['GET', '/api/deployments'], ['GET', '/api/deployments/dep_x'],
      ['GET', '/api/deployments/dep_x/runs'], ['GET', '/api/runs/run_x'], ['GET', '/api/audit'], ['POST', '/api/tokens'], ['GET', '/api/auth/me'],
      ['GET', '/api/nodes'], ['GET', '/api/errors'],
    ];
    for (const [method, path] of routes) {
      const r = await s.raw(path, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { json: {} }) });
      try { expectError(r, 401, 'UNAUTHORIZED'); } catch (e) { throw new Error(`${method} ${path}: ${(e as Error).message}`); }
    }
    const health = await s.raw('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    // A webhook needs no token: an unknown one is "not found", not "unauthorized".
    expectError(await s.raw('/webhooks/nope', { json: {} }), 404, 'WEBHOOK_NOT_FOUND');
  });

  it('successful logins from one address are not limited (only failed attempts count)', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, async (_, i) => {
      const email = uniqueEmail(`office${i}`);
      expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email, password: 'office password', name: `O${i}` } }), 201);
      return email;
    }));
    for (let round = 0; round < 4; round++) {
      for (const email of users) expectOk(await s.raw('/api/auth/login', { json: { email, password: 'office password' } }));
    }
  });

  it('login attempts are rate limited: 429 RATE_LIMITED with Retry-After', async () => {
    const email = uniqueEmail('victim');
    let limited: Awaited<ReturnType<typeof s.raw>> | undefined;
    for (let i = 0; i < 15 && !limited; i++) {
      const r = await s.raw('/api/auth/login', { json: { email, password: `guess ${i}` } });
      if (r.status === 429) limited = r;
      else expectError(r, 401, 'INVALID_CREDENTIALS');
    }
    expect(limited, 'no 429 after 15 wrong passwords').toBeDefined();
    expectError(limited!, 429, 'RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Guessing across many accounts from one address is limited too.
    expectError(await s.raw('/api/auth/login', { json: { email: uniqueEmail('other'), password: 'another guess' } }), 429, 'RATE_LIMITED');
  });
});
