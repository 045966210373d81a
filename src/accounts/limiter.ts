/** A fixed-window counter per key (login attempts per email and per address). In memory: a
 * restart forgets it, which only ever helps the user. */
export class AttemptLimiter {
  private readonly hits = new Map<string, { n: number; until: number }>();
  constructor(private readonly max: number, private readonly windowMs: number) {}
  /** Seconds to wait when over the limit, else 0 (and the attempt is counted). */
  hit(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    if (!h || h.until <= now) { this.hits.set(key, { n: 1, until: now + this.windowMs }); this.sweep(now); return 0; }
    if (h.n >= this.max) return Math.ceil((h.until - now) / 1000);
    h.n++;
    return 0;
  }
  reset(key: string): void { this.hits.delete(key); }
  /** Takes back one counted attempt (a login that succeeded: only failures should use up the limit). */
  refund(key: string): void {
    const h = this.hits.get(key);
    if (h && h.n > 0) h.n--;
  }
  private sweep(now: number): void {
    if (this.hits.size < 10_000) return;
    for (const [k, h] of this.hits) if (h.until <= now) this.hits.delete(k);
  }
}
