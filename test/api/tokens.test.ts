// Tokens that expire and can be revoked (docs/api.md "Accounts"): sessions for 30 days from sign-in,
// API tokens for 90 days unless told otherwise, listed without their secret, revoked by their owner
// or by signing out; a dead token is 401 UNAUTHORIZED saying to sign in again. On both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, expectError, expectOk, startServer, type Account, type TestServer } from './harness.js';
import { newToken } from '../../src/accounts/passwords.js';

const DAY = 86_400_000;
const near = (iso: string, ms: number) => Math.abs(Date.parse(iso) - (Date.now() + ms)) < 60_000;

describe.each(BACKENDS)('tokens on %s', (backend) => {
  let s: TestServer;
  let alice: Account, bob: Account;
  beforeAll(async () => {
    s = await startServer({ backend });
    alice = await s.newUser('Alice');
    bob = await s.newUser('Bob');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('a login gives a session that expires 30 days after sign-in; GET /api/tokens lists it, marked current, without any secret', async () => {
    const login = expectOk(await s.raw('/api/auth/login', { json: { email: alice.email, password: alice.password } }));
    const list = expectOk(await s.raw('/api/tokens', { token: login.token }));
    const mine = list.find((t: { current: boolean }) => t.current);
    expect(Object.keys(mine).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'kind', 'lastUsedAt', 'name']);
    expect(mine).toMatchObject({ kind: 'session', name: 'session' });
    expect(mine.id).toMatch(/^tok_/);
    expect(near(mine.expiresAt, 30 * DAY)).toBe(true);
    // Used by this very request: its last use is recorded.
    expect(near(mine.lastUsedAt, 0)).toBe(true);
    // The register session is listed too (newest first), and nothing secret anywhere.
    expect(list.map((t: { kind: string }) => t.kind)).toEqual(['session', 'session']);
    expect(JSON.stringify(list)).not.toMatch(/dgo_|[0-9a-f]{64}|hash/);
    // Only one's own tokens.
    expect(expectOk(await bob.api('/api/tokens')).map((t: { id: string }) => t.id)).not.toContain(mine.id);
  });

  it('POST /api/tokens: 90 days by default, expiresInDays, or null for never (on purpose); 0 is refused', async () => {
    const def = expectOk(await alice.api('/api/tokens', { json: { name: 'ci' } }), 201);
    expect(Object.keys(def).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'kind', 'lastUsedAt', 'name', 'token']);
    expect(def).toMatchObject({ name: 'ci', kind: 'api', lastUsedAt: null, current: false });
    expect(near(def.expiresAt, 90 * DAY)).toBe(true);
    const week = expectOk(await alice.api('/api/tokens', { json: { name: 'week', expiresInDays: 7 } }), 201);
    expect(near(week.expiresAt, 7 * DAY)).toBe(true);
    const forever = expectOk(await alice.api('/api/tokens', { json: { name: 'forever', expiresInDays: null } }), 201);
    expect(forever.expiresAt).toBeNull();
    expect(expectOk(await s.raw('/api/auth/me', { token: forever.token })).id).toBe(alice.user.id);
    for (const expiresInDays of [0, -1, 1.5, 3651, '7'])
      expectError(await alice.api('/api/tokens', { json: { name: 'x', expiresInDays } }), 400, 'VALIDATION_ERROR');
    const names = expectOk(await alice.api('/api/tokens')).map((t: { name: string }) => t.name);
    expect(names.slice(0, 3)).toEqual(['forever', 'week', 'ci']);
  });

  it("DELETE /api/tokens/:id revokes one of your tokens at once; another user's is 404 and keeps working", async () => {
    const t = expectOk(await alice.api('/api/tokens', { json: { name: 'to revoke' } }), 201);
    expectError(await bob.api(`/api/tokens/${t.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    expectError(await bob.api('/api/tokens/tok_nonexistent', { method: 'DELETE' }), 404, 'NOT_FOUND');
    expectOk(await s.raw('/api/auth/me', { token: t.token }));
    expect(expectOk(await alice.api(`/api/tokens/${t.id}`, { method: 'DELETE' }))).toEqual({ id: t.id, revoked: true });
    const dead = await s.raw('/api/patterns', { token: t.token });
    expectError(dead, 401, 'UNAUTHORIZED');
    expect(dead.body.error.message).toMatch(/sign in again/);
    expect(expectOk(await alice.api('/api/tokens')).map((x: { id: string }) => x.id)).not.toContain(t.id);
    expectError(await alice.api(`/api/tokens/${t.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    // Nor can it open the event stream (EventSource's ?token=).
    const events = await s.raw(`/api/events?token=${encodeURIComponent(t.token)}`);
    expectError(events, 401, 'UNAUTHORIZED');
    expect(events.body.error.message).toMatch(/sign in again/);
  });

  it('POST /api/auth/logout revokes the token of the request only', async () => {
    const a = expectOk(await s.raw('/api/auth/login', { json: { email: bob.email, password: bob.password } }));
    const b = expectOk(await s.raw('/api/auth/login', { json: { email: bob.email, password: bob.password } }));
    const id = expectOk(await s.raw('/api/tokens', { token: a.token })).find((t: { current: boolean }) => t.current).id;
    expect(expectOk(await s.raw('/api/auth/logout', { token: a.token, method: 'POST' }))).toEqual({ id, revoked: true });
    const after = await s.raw('/api/auth/me', { token: a.token });
    expectError(after, 401, 'UNAUTHORIZED');
    expect(after.body.error.message).toMatch(/sign in again/);
    expectError(await s.raw('/api/auth/logout', { token: a.token, method: 'POST' }), 401, 'UNAUTHORIZED');
    expectError(await s.raw('/api/auth/logout', { method: 'POST' }), 401, 'UNAUTHORIZED');
    expect(expectOk(await s.raw('/api/auth/me', { token: b.token })).id).toBe(bob.user.id);
    expect(expectOk(await bob.api('/api/auth/me')).id).toBe(bob.user.id);
  });

  it('an expired token is 401 saying to sign in again, and is not listed', async () => {
    const { token, hash } = newToken();
    await s.services.store.createToken({
      id: 'tok_expired_' + backend,
      userId: alice.user.id,
      hash,
      name: 'old',
      kind: 'api',
      createdAt: new Date(Date.now() - 2 * DAY).toISOString(),
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const r = await s.raw('/api/auth/me', { token });
    expectError(r, 401, 'UNAUTHORIZED');
    expect(r.body.error.message).toMatch(/expired.*sign in again/);
    expect(expectOk(await alice.api('/api/tokens')).map((t: { id: string }) => t.id)).not.toContain('tok_expired_' + backend);
    expect(await s.services.store.pruneTokens(new Date().toISOString())).toBeGreaterThanOrEqual(1);
  });
});
