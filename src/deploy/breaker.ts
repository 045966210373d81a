// The circuit breaker (SPEC §6): per pattern, over a sliding window of executions. When the error rate
// (with at least `minExecutions` in the window) or the run of consecutive failures crosses its
// threshold, the deployment is paused with the numbers in the reason. With `cooldownSeconds`, one
// probe execution is let through after the cooldown: success resumes, failure pauses again.
// Failures count as the error catalog's `fault` says (countsAsFailure): external and engine faults
// only. An execution failed by the pattern's own fault (ThrowError, a conversion, its deadline) is
// left out, as rejected requests (bad signature, bad JSON, rate limit) are, which start nothing.
import type { PatternSettings } from '../pattern/schema.js';

export interface BreakerSettings {
  enabled: boolean;
  windowSeconds: number;
  minExecutions: number;
  errorRatePercent: number;
  consecutiveFailures: number;
  cooldownSeconds: number | null;
}

export function breakerSettings(s: PatternSettings | undefined): BreakerSettings {
  const c = s?.circuitBreaker ?? {};
  return {
    enabled: c.enabled ?? true,
    windowSeconds: c.windowSeconds ?? 300,
    minExecutions: c.minExecutions ?? 10,
    errorRatePercent: c.errorRatePercent ?? 50,
    consecutiveFailures: c.consecutiveFailures ?? 5,
    cooldownSeconds: c.cooldownSeconds ?? null,
  };
}

export interface Trip {
  reason: string;
  errorRatePercent: number;
  executions: number;
  failures: number;
  consecutiveFailures: number;
}

export class Breaker {
  /** Per-second counts over the window, oldest first: memory and time per execution stay constant
   * whatever the request rate (a list of every execution would grow to the rate × the window). */
  private buckets: { second: number; total: number; failed: number }[] = [];
  private total = 0;
  private failed = 0;
  private consecutive = 0;
  /** While paused: not before this time (ms) does this instance look for a probe again
   * (Breakers.takeProbe: at most one read of the deployment per cooldown). */
  probeCheckAt = 0;
  /** The plan `settings` were read from (Engine.breaker). */
  plan: object | undefined;

  constructor(public settings: BreakerSettings) {}

  /** Records one finished execution; returns the trip when a threshold is crossed. */
  record(ok: boolean, now = Date.now()): Trip | null {
    if (!this.settings.enabled) return null;
    this.add(ok ? 1 : 0, ok ? 0 : 1, now);
    this.consecutive = ok ? 0 : this.consecutive + 1;
    return this.check();
  }

  /** Executions another instance ended (SPEC §13: the breaker counts every instance's): `trailing`
   * failures since its last success, `anyOk` whether it had one. The order between instances is not
   * known: a success elsewhere ends this run of failures, and that instance's trailing ones start the next. */
  merge(ok: number, failed: number, trailing: number, anyOk: boolean, now = Date.now()): Trip | null {
    if (!this.settings.enabled || ok + failed === 0) return null;
    this.add(ok, failed, now);
    this.consecutive = anyOk ? trailing : this.consecutive + trailing;
    return this.check();
  }

  private add(ok: number, failed: number, now: number): void {
    const second = Math.floor(now / 1000);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.second !== second) this.buckets.push((last = { second, total: 0, failed: 0 }));
    last.total += ok + failed;
    last.failed += failed;
    this.total += ok + failed;
    this.failed += failed;
    const from = Math.floor((now - this.settings.windowSeconds * 1000) / 1000);
    while (this.buckets.length && this.buckets[0]!.second < from) {
      const old = this.buckets.shift()!;
      this.total -= old.total;
      this.failed -= old.failed;
    }
  }

  private check(): Trip | null {
    const s = this.settings;
    const failures = this.failed;
    const executions = this.total;
    const rate = executions ? (failures / executions) * 100 : 0;
    const byCount = this.consecutive >= s.consecutiveFailures;
    if (!byCount && !(executions >= s.minExecutions && rate >= s.errorRatePercent)) return null; // the usual case: no object made
    const errorRatePercent = Math.round(rate * 10) / 10;
    const reason = byCount
      ? `circuit breaker: ${this.consecutive} consecutive failures (threshold ${s.consecutiveFailures})`
      : `circuit breaker: error rate ${errorRatePercent}% over ${executions} executions in ${s.windowSeconds} s (threshold ${s.errorRatePercent}%)`;
    return { errorRatePercent, executions, failures, consecutiveFailures: this.consecutive, reason };
  }

  /** After a trip: forget the window, so a resumed deployment starts fresh. */
  reset(): void {
    this.buckets = [];
    this.total = 0;
    this.failed = 0;
    this.consecutive = 0;
    this.probeCheckAt = 0;
  }
}
