// Fresh OAuth access tokens, refreshed once per connection however many executions and server
// processes need one at the same moment (n8n #12742: concurrent refreshes with rotating refresh
// tokens broke users' credentials).
//
// Within a process, callers of one connection share one refresh (`inflight`). Across processes on
// one database, a refresh is a lease on the row's token version (Store.claimConnectionRefresh: a
// conditional UPDATE, no lock held over the network call): the winner asks the provider and writes
// the new tokens as version+1 only if the version is still the one it refreshed (a compare-and-set,
// so a rotated refresh token is never overwritten by an older one); the others poll the row until
// the version moves on, and use what the winner wrote. A refused refresh (4xx: revoked, expired
// grant) marks the connection `error`, never deletes it; a transient failure (network, 5xx) leaves
// it as it is and fails this use only — or, when the token has not yet expired, uses it.
import { DragopsError } from '../errors/error.js';
import type { ConnectionRecord, Store } from '../store/types.js';
import { OAuthError, type TokenAnswer } from './oauth.js';
import type { Tokens, Vault } from './vault.js';

export interface KeeperOptions {
  /** Refresh this long before the access token expires. */
  skewMs: number;
  /** A refresh holds its lease this long at most (longer than the token request's timeout). */
  leaseMs: number;
  /** How often a process waiting on another's refresh reads the row again. */
  pollMs: number;
  now(): number;
}
export const DEFAULT_KEEPER: KeeperOptions = { skewMs: 60_000, leaseMs: 60_000, pollMs: 100, now: Date.now };

/** Asks the provider for new tokens for the row as read (`current`: its tokens, if any). */
export type Obtain = (rec: ConnectionRecord, current: Tokens | null) => Promise<TokenAnswer>;

const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const connectionError = (id: string, why: string) =>
  new DragopsError('CONNECTION_ERROR', `connection ${id} cannot be used: ${why}`, { type: 'ConnectionError' });

export class TokenKeeper {
  private readonly inflight = new Map<string, Promise<Tokens>>();
  private readonly o: KeeperOptions;

  constructor(
    private readonly store: Store,
    private readonly vault: Vault,
    /** This process's name in leases (unique per instance). */
    private readonly holder: string,
    options: Partial<KeeperOptions> = {},
  ) {
    this.o = { ...DEFAULT_KEEPER, ...options };
  }

  private expiresWithin(rec: ConnectionRecord, ms: number): boolean {
    return rec.tokenExpiresAt !== null && Date.parse(rec.tokenExpiresAt) - this.o.now() <= ms;
  }

  /** The connection's tokens, refreshed first when they are missing or expire within `skewMs`. */
  async tokens(rec: ConnectionRecord, obtain: Obtain): Promise<Tokens> {
    const current = this.usable(rec);
    if (current && !this.expiresWithin(rec, this.o.skewMs)) return current;
    let p = this.inflight.get(rec.id);
    if (!p) {
      p = this.refresh(rec.id, obtain).finally(() => this.inflight.delete(rec.id));
      this.inflight.set(rec.id, p);
    }
    return p;
  }

  /** The row's tokens when its status allows using them; throws CONNECTION_ERROR otherwise. */
  private usable(rec: ConnectionRecord): Tokens | null {
    if (rec.status === 'error') throw connectionError(rec.id, `${rec.statusMessage ?? 'it failed'} (Reconnect it)`);
    if (rec.status === 'pending') throw connectionError(rec.id, 'it is not authorized yet: finish the OAuth authorization (GET /api/connections/oauth/start)');
    return this.vault.openTokens(rec);
  }

  private async refresh(id: string, obtain: Obtain): Promise<Tokens> {
    let waitedUntil: number | null = null;
    for (;;) {
      const rec = await this.store.getConnection(id);
      if (!rec) throw new DragopsError('NOT_FOUND', `connection ${id} not found`);
      const current = this.usable(rec);
      if (current && !this.expiresWithin(rec, this.o.skewMs)) return current; // another process refreshed it
      const now = this.o.now();
      if (await this.store.claimConnectionRefresh(id, rec.tokenVersion, this.holder, iso(now), iso(now + this.o.leaseMs))) {
        let answer: TokenAnswer;
        try {
          answer = await obtain(rec, current);
        } catch (e) {
          if (e instanceof OAuthError && e.definitive) {
            if (await this.store.markConnectionError(id, rec.tokenVersion, `token refresh failed: ${e.message}`, iso(this.o.now())))
              throw connectionError(id, `token refresh failed: ${e.message} (Reconnect it)`);
            continue; // someone wrote new tokens meanwhile: use theirs
          }
          await this.store.releaseConnectionRefresh(id, this.holder);
          if (current && !this.expiresWithin(rec, 0)) return current; // refreshed early: the token still works
          throw new DragopsError('CONNECTION_REFRESH_FAILED', `connection ${id}: ${(e as Error).message}`, { type: 'ConnectionError', cause: e });
        }
        const written = await this.store.updateConnection(
          id,
          {
            status: 'active',
            statusMessage: null,
            tokens: { expectedVersion: rec.tokenVersion, sealed: this.vault.sealTokens(rec, rec.tokenVersion + 1, answer.tokens), expiresAt: answer.expiresAt },
          },
          iso(this.o.now()),
        );
        if (written) return answer.tokens;
        continue; // our lease ran out and another refresh wrote first: read what it wrote
      }
      // Another process holds the lease: wait for its write, at most one lease long.
      waitedUntil ??= now + this.o.leaseMs + 5_000;
      if (this.o.now() > waitedUntil)
        throw new DragopsError('CONNECTION_REFRESH_FAILED', `connection ${id}: gave up waiting for another instance's token refresh`, {
          type: 'ConnectionError',
        });
      await sleep(this.o.pollMs);
    }
  }
}
