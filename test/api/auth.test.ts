// Accounts over HTTP (SPEC §9): the first user is an admin, login, tokens, and what needs a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk, startServer, uniqueEmail, type Reply, type TestServer } from './harness.js';
import { request as httpRequest } from 'node:http';
import { hashToken, newToken } from '../../src/accounts/passwords.js';

describe('auth', () => {
  let s: TestServer;
  const loginFrom = (address: string, email: string, password: string) => postFrom(s.url, address, '/api/auth/login', { email, password });
  beforeAll(async () => {
    s = await startServer({ register: false });
  });
  afterAll(async () => {
    await s?.stop();
  });

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
    const u = expectOk(
      await s.raw('/api/auth/register', { token: admin.token, json: { email: uniqueEmail('plain'), password: 'a long password', name: 'Plain' } }),
      201,
    );
    expectError(
      await s.raw('/api/auth/register', { token: u.token, json: { email: uniqueEmail(), password: 'a long password', name: 'X' } }),
      403,
      'FORBIDDEN',
    );
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
    for (const json of [
      {},
      { email: 'not-an-email', password: 'a long password', name: 'X' },
      { email: uniqueEmail(), password: 'short', name: 'X' },
      { email: uniqueEmail(), password: 'a long password', name: 'X', role: 'admin' },
    ]) {
      expectError(await s.raw('/api/auth/register', { token: admin.token, json }), 400, 'VALIDATION_ERROR');
    }
  });

  it('the password policy: at least 12 characters, not common, repeated or a plain sequence (400 VALIDATION_ERROR naming the field and rule)', async () => {
    const register = (password: string) => s.raw('/api/auth/register', { token: admin.token, json: { email: uniqueEmail('policy'), password, name: 'P' } });
    const cases: [string, RegExp][] = [
      ['12345678', /password.*(fewer than 12|at least 12) characters/],
      ['eleven char', /password.*(fewer than 12|at least 12) characters/],
      ['Password1234', /password is one of the most common passwords/],
      ['Password2024!', /password is a common word/],
      ['aaaaaaaaaaaaaaaa', /password is one character or a short group of characters repeated/],
      ['123456789012', /password is a plain ascending or descending sequence/],
      ['zyxwvutsrqponm', /password is a plain ascending or descending sequence/],
    ];
    for (const [password, message] of cases) {
      const r = await register(password);
      expectError(r, 400, 'VALIDATION_ERROR');
      expect(r.body.error.message, password).toMatch(message);
      expect(r.body.error.details[0], password).toMatchObject({ instancePath: '/password' });
    }
    expect(expectOk(await register('twelve chars'), 201).user.role).toBe('user');
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
    await s.services.store.createToken({
      id: 'tok_expired',
      userId: admin.id,
      hash,
      name: 'old',
      kind: 'api',
      createdAt: new Date(0).toISOString(),
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(hashToken(token)).toBe(hash);
    expectError(await s.raw('/api/auth/me', { token }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/auth/me', { token: 'dgo_not-a-real-token' }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/patterns', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/patterns', { headers: { authorization: 'Bearer' } }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/patterns', { headers: { authorization: `Bearer ${admin.token} extra` } }), 401, 'UNAUTHORIZED');
  });

  it('everything under /api except /api/auth/* needs a token; /healthz and /webhooks/* do not', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/patterns'],
      ['POST', '/api/patterns'],
      ['GET', '/api/patterns/pat_x'],
      ['PUT', '/api/patterns/pat_x'],
      ['DELETE', '/api/patterns/pat_x'],
      ['POST', '/api/patterns/import'],
      ['POST', '/api/patterns/deploy'],
      ['GET', '/api/patterns/pat_x/export'],
      ['POST', '/api/patterns/pat_x/clone'],
      ['POST', '/api/patterns/pat_x/validate'],
      ['POST', '/api/patterns/pat_x/run'],
      ['POST', '/api/patterns/pat_x/deploy'],
      ['DELETE', '/api/patterns/pat_x/deploy'],
      ['POST', '/api/patterns/pat_x/pause'],
      ['POST', '/api/patterns/pat_x/resume'],
      ['GET', '/api/patterns/pat_x/deployment'],
      ['GET', '/api/patterns/pat_x/versions'],
      ['GET', '/api/patterns/pat_x/versions/1'],
      ['GET', '/api/patterns/pat_x/versions/1/diff/2'],
      ['POST', '/api/patterns/pat_x/webhook-secret'],
      ['GET', '/api/deployments'],
      ['GET', '/api/deployments/dep_x'],
      ['GET', '/api/deployments/dep_x/runs'],
      ['GET', '/api/runs/run_x'],
      ['GET', '/api/audit'],
      ['POST', '/api/tokens'],
      ['GET', '/api/tokens'],
      ['DELETE', '/api/tokens/tok_x'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/auth/logout'],
      ['GET', '/api/nodes'],
      ['GET', '/api/errors'],
    ];
    for (const [method, path] of routes) {
      const r = await s.raw(path, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { json: {} }) });
      try {
        expectError(r, 401, 'UNAUTHORIZED');
      } catch (e) {
        throw new Error(`${method} ${path}: ${(e as Error).message}`);
      }
    }
    const health = await s.raw('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    // A webhook needs no token: an unknown one is "not found", not "unauthorized".
    expectError(await s.raw('/webhooks/nope', { json: {} }), 404, 'WEBHOOK_NOT_FOUND');
  });

  it('successful logins from one address are not limited (only failed attempts count)', async () => {
    const users = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const email = uniqueEmail(`office${i}`);
        expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email, password: 'office password', name: `O${i}` } }), 201);
        return email;
      }),
    );
    for (let round = 0; round < 4; round++) {
      for (const email of users) expectOk(await s.raw('/api/auth/login', { json: { email, password: 'office password' } }));
    }
  });

  it('10 failed logins throttle that (email, address) pair only: 429 RATE_LIMITED with Retry-After', async () => {
    const email = uniqueEmail('victim'),
      password = 'victim password';
    expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email, password, name: 'V' } }), 201);
    const other = uniqueEmail('neighbour');
    expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email: other, password, name: 'N' } }), 201);
    const attacker = '127.0.0.2';
    for (let i = 0; i < 10; i++) expectError(await loginFrom(attacker, email, `guess ${i}`), 401, 'INVALID_CREDENTIALS');
    const limited = await loginFrom(attacker, email, 'guess 10');
    expectError(limited, 429, 'RATE_LIMITED');
    const wait = Number(limited.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // From that address even the right password waits (else guessing would go on)…
    expectError(await loginFrom(attacker, email, password), 429, 'RATE_LIMITED');
    // …but the owner signs in from anywhere else, and other accounts from that address still do.
    expectOk(await loginFrom('127.0.0.3', email, password));
    expectOk(await loginFrom(attacker, other, password));
    expectError(await loginFrom(attacker, uniqueEmail('unknown'), 'another guess'), 401, 'INVALID_CREDENTIALS');
  });

  it('a successful login resets its pair: failures before it do not add up with failures after it', async () => {
    const email = uniqueEmail('forgetful'),
      password = 'forgetful password';
    expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email, password, name: 'F' } }), 201);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) expectError(await loginFrom('127.0.0.4', email, `typo ${i}`), 401, 'INVALID_CREDENTIALS');
      expectOk(await loginFrom('127.0.0.4', email, password));
    }
  });

  it('one address spraying many accounts is capped at 100 failures per 15 minutes', async () => {
    const email = uniqueEmail('sprayed'),
      password = 'sprayed password';
    expectOk(await s.raw('/api/auth/register', { token: admin.token, json: { email, password, name: 'S' } }), 201);
    const sprayer = '127.0.0.5';
    for (let i = 0; i < 100; i++) expectError(await loginFrom(sprayer, uniqueEmail(`spray${i}`), 'Summer2024!'), 401, 'INVALID_CREDENTIALS');
    expectError(await loginFrom(sprayer, uniqueEmail('spray-next'), 'Summer2024!'), 429, 'RATE_LIMITED');
    expectError(await loginFrom(sprayer, email, password), 429, 'RATE_LIMITED');
    expectOk(await loginFrom('127.0.0.6', email, password));
  });
});

/** A login sent from a given loopback address (all of 127.0.0.0/8 is this machine on Linux): the
 * limiter keys on the caller's address. */
function postFrom(base: string, localAddress: string, path: string, json: unknown): Promise<Reply> {
  const url = new URL(base);
  const body = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode!, body: JSON.parse(text), text, headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
