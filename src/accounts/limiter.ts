/** A fixed-window counter per key. In memory: a restart forgets it, which only ever helps the user. */
export class AttemptLimiter {
  private readonly hits = new Map<string, { n: number; until: number }>();
  constructor(
    readonly max: number,
    private readonly windowMs: number,
  ) {}
  /** Seconds to wait while the key has used up its attempts, else 0 (nothing is counted). */
  wait(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    return h && h.until > now && h.n >= this.max ? Math.ceil((h.until - now) / 1000) : 0;
  }
  /** Counts one attempt (a window starts at the first). */
  count(key: string, now = Date.now()): void {
    const h = this.hits.get(key);
    if (!h || h.until <= now) {
      this.hits.set(key, { n: 1, until: now + this.windowMs });
      this.sweep(now);
      return;
    }
    h.n++;
  }
  reset(key: string): void {
    this.hits.delete(key);
  }
  /** Takes back one counted attempt. */
  refund(key: string): void {
    const h = this.hits.get(key);
    if (h && h.n > 0) h.n--;
  }
  private sweep(now: number): void {
    if (this.hits.size < 10_000) return;
    for (const [k, h] of this.hits) if (h.until <= now) this.hits.delete(k);
  }
}

export interface LoginLimits {
  /** Failures of one email from one address before that pair waits. */
  perAccount: number;
  /** Failures from one address, whatever the emails, before the address waits (password spraying). */
  perAddress: number;
  windowMs: number;
}
export const LOGIN_LIMITS: LoginLimits = { perAccount: 10, perAddress: 100, windowMs: 15 * 60_000 };

/**
 * Login throttling (docs/api.md "Accounts"): failed logins are counted per (email, address) pair and,
 * with a higher cap, per address. A pair over its limit waits, and nobody else does: the account's
 * owner elsewhere and the other accounts behind the same address keep signing in. A success resets
 * its pair and is not counted against its address.
 *
 * An attempt is counted when it starts, before the (slow, asynchronous) password check, and taken
 * back when it succeeds: counting only after the check would let a burst of concurrent guesses all
 * pass the limit before the first failure is recorded.
 */
export class LoginThrottle {
  private readonly pairs: AttemptLimiter;
  private readonly addresses: AttemptLimiter;
  constructor(limits: LoginLimits = LOGIN_LIMITS) {
    this.pairs = new AttemptLimiter(limits.perAccount, limits.windowMs);
    this.addresses = new AttemptLimiter(limits.perAddress, limits.windowMs);
  }

  /** Seconds to wait when the pair or the address has used up its attempts (nothing counted), else
   * 0 and the attempt is counted. */
  begin(email: string, address: string, now = Date.now()): number {
    const pair = pairKey(email, address);
    const wait = Math.max(this.pairs.wait(pair, now), this.addresses.wait(address, now));
    if (wait > 0) return wait;
    this.pairs.count(pair, now);
    this.addresses.count(address, now);
    return 0;
  }

  /** The attempt begun for this pair succeeded: its pair starts over and its address gets it back. */
  succeeded(email: string, address: string): void {
    this.pairs.reset(pairKey(email, address));
    this.addresses.refund(address);
  }
}

// NUL cannot be part of an address, so no two pairs share a key.
const pairKey = (email: string, address: string) => `${address}\u0000${email}`;
