// The Store contract for connections (SPEC §14, migration 011), run on SQLite and PostgreSQL like
// contract.ts: sealed values stored as given, owner scoping, the token version as a compare-and-set,
// the refresh lease, one-use OAuth states.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { ConnectionRecord, Store } from '../../src/store/types.js';

let seq = 0;
const id = (p: string) => `${p}_${Date.now().toString(36)}${(seq++).toString(36)}`;
const sealed = (n: string) => ({ ciphertext: `c-${n}`, iv: `iv-${n}`, tag: `tag-${n}` });
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s)).toISOString();

export function connectionsContract(name: string, open: () => Promise<Store>) {
  describe(`Store contract, connections: ${name}`, () => {
    let store: Store;
    let owner: string;
    let other: string;
    beforeAll(async () => {
      store = await open();
      owner = id('usr');
      other = id('usr');
      for (const u of [owner, other]) await store.createUser({ id: u, email: `${u}@example.test`, name: 'U', role: 'user', passwordHash: 'x' });
    });
    afterAll(async () => {
      await store.close();
    });

    const record = (over: Partial<ConnectionRecord> = {}): ConnectionRecord => ({
      id: id('conn'),
      ownerId: owner,
      provider: 'acme',
      displayName: 'Acme',
      authType: 'api_key',
      status: 'active',
      statusMessage: null,
      credentials: sealed('cred'),
      tokens: null,
      tokenVersion: 0,
      tokenExpiresAt: null,
      createdAt: at(1),
      updatedAt: at(1),
      ...over,
    });

    it('stores a connection as given and lists an owner’s own, oldest first', async () => {
      const a = record({ createdAt: at(1), updatedAt: at(1) });
      const b = record({ createdAt: at(2), updatedAt: at(2), tokens: sealed('tok'), tokenExpiresAt: at(60), authType: 'oauth2_client_credentials' });
      const theirs = record({ ownerId: other });
      await store.createConnection(b);
      await store.createConnection(a);
      await store.createConnection(theirs);
      expect(await store.getConnection(b.id)).toEqual(b);
      const mine = (await store.listConnections(owner)).map((c) => c.id);
      expect(mine.indexOf(a.id)).toBeLessThan(mine.indexOf(b.id));
      expect(mine).not.toContain(theirs.id);
      expect(await store.getConnection('conn_missing')).toBeUndefined();
    });

    it('updates the name and credentials; only the owner deletes', async () => {
      const c = record();
      await store.createConnection(c);
      const u = await store.updateConnection(c.id, { displayName: 'Renamed', credentials: sealed('new') }, at(5));
      expect(u).toMatchObject({ displayName: 'Renamed', credentials: sealed('new'), updatedAt: at(5), tokenVersion: 0 });
      expect(await store.updateConnection('conn_missing', { displayName: 'x' }, at(5))).toBe(false);
      expect(await store.deleteConnection(other, c.id)).toBe(false);
      expect(await store.deleteConnection(owner, c.id)).toBe(true);
      expect(await store.getConnection(c.id)).toBeUndefined();
    });

    it('writes tokens only on the version they were derived from (compare-and-set), one winner of two', async () => {
      const c = record({ authType: 'oauth2_client_credentials', tokens: sealed('v0'), tokenVersion: 0 });
      await store.createConnection(c);
      const write = (n: string) =>
        store.updateConnection(c.id, { status: 'active', tokens: { expectedVersion: 0, sealed: sealed(n), expiresAt: at(99) } }, at(9));
      const [x, y] = await Promise.all([write('x'), write('y')]);
      expect([x, y].filter((r) => r !== false)).toHaveLength(1);
      const now = await store.getConnection(c.id);
      expect(now!.tokenVersion).toBe(1);
      expect(now!.tokenExpiresAt).toBe(at(99));
      expect(now!.tokens).toEqual(x === false ? sealed('y') : sealed('x'));
    });

    it('a refresh lease has one holder until it expires or its version moves on', async () => {
      const c = record({ authType: 'oauth2_client_credentials', tokens: sealed('v0') });
      await store.createConnection(c);
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((h) => store.claimConnectionRefresh(c.id, 0, h, at(10), at(40))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimConnectionRefresh(c.id, 0, 'e', at(39), at(70))).toBe(false);
      expect(await store.claimConnectionRefresh(c.id, 0, 'e', at(41), at(70))).toBe(true); // the first lease ran out
      await store.releaseConnectionRefresh(c.id, 'someone-else'); // not theirs: no effect
      expect(await store.claimConnectionRefresh(c.id, 0, 'f', at(42), at(70))).toBe(false);
      await store.releaseConnectionRefresh(c.id, 'e');
      expect(await store.claimConnectionRefresh(c.id, 1, 'f', at(42), at(70))).toBe(false); // no such version
      expect(await store.claimConnectionRefresh(c.id, 0, 'f', at(42), at(70))).toBe(true);
      // Writing tokens ends the lease: the next version can be claimed at once.
      expect(await store.updateConnection(c.id, { tokens: { expectedVersion: 0, sealed: sealed('v1'), expiresAt: null } }, at(43))).not.toBe(false);
      expect(await store.claimConnectionRefresh(c.id, 1, 'g', at(43), at(70))).toBe(true);
    });

    it('marks a connection error only when no other refresh wrote tokens since', async () => {
      const c = record({ authType: 'oauth2_authorization_code', tokens: sealed('v0') });
      await store.createConnection(c);
      await store.updateConnection(c.id, { tokens: { expectedVersion: 0, sealed: sealed('v1'), expiresAt: null } }, at(3));
      expect(await store.markConnectionError(c.id, 0, 'refresh failed', at(4))).toBe(false);
      expect((await store.getConnection(c.id))!.status).toBe('active');
      expect(await store.markConnectionError(c.id, 1, 'refresh failed', at(4))).toBe(true);
      expect(await store.getConnection(c.id)).toMatchObject({ status: 'error', statusMessage: 'refresh failed' });
      const back = await store.updateConnection(
        c.id,
        { status: 'active', statusMessage: null, tokens: { expectedVersion: 1, sealed: sealed('v2'), expiresAt: null } },
        at(5),
      );
      expect(back).toMatchObject({ status: 'active', statusMessage: null, tokenVersion: 2 });
    });

    it('an OAuth state is taken once, and not after it expires', async () => {
      const st = (hash: string, expiresAt: string) => ({
        stateHash: hash,
        ownerId: owner,
        provider: 'acme',
        displayName: 'Acme',
        connectionId: null,
        verifier: sealed('ver'),
        redirectUri: 'http://127.0.0.1/cb',
        createdAt: at(0),
        expiresAt,
      });
      const h1 = id('h'),
        h2 = id('h');
      await store.putOAuthState(st(h1, at(600)));
      await store.putOAuthState(st(h2, at(100)));
      // Peeking (a browser continuing the authorization) leaves it in place, and not once expired.
      expect(await store.peekOAuthState(h1, at(50))).toEqual(st(h1, at(600)));
      expect(await store.peekOAuthState(h2, at(101))).toBeUndefined();
      const both = await Promise.all([store.takeOAuthState(h1, at(50)), store.takeOAuthState(h1, at(50))]);
      expect(both.filter(Boolean)).toEqual([st(h1, at(600))]);
      expect(await store.takeOAuthState(h2, at(101))).toBeUndefined();
    });
  });
}
