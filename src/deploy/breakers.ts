// The circuit breakers of the live deployments (SPEC §6; the rules are breaker.ts): one per
// deployment, fed after each execution; a trip pauses the deployment, a probe after the cooldown
// resumes it or pauses it again. With several instances (SPEC §13) each counts every instance's
// executions (`share`/`take` here, `merge` from the others, cluster/link.ts), and a pause is
// conditional on the deployment being active: of several instances tripping at once, one pauses.
// The probe after the cooldown is read from the database, not from this process's memory: any
// instance takes it (a conditional write on `paused_at`: one across all), so a deployment paused by
// an instance that died since is still probed.
import { Breaker, breakerSettings } from './breaker.js';
import type { DeploymentStatus, Store } from '../store/types.js';
import type { VersionSummary } from '../pattern/summary.js';

type LiveView = { status: DeploymentStatus; settings: VersionSummary['settings']; summary: VersionSummary };
/** How the breakers change a deployment's status (Engine.setStatus, by the circuit breaker). */
type SetStatus = (
  patternId: string,
  status: 'active' | 'paused',
  by: { reason: string; details?: unknown; from: readonly DeploymentStatus[] },
) => Promise<void>;

export class Breakers {
  private readonly breakers = new Map<string, Breaker>();
  constructor(
    private readonly live: (patternId: string) => LiveView | undefined,
    private readonly set: SetStatus,
    private readonly log: { error(o: unknown, m?: string): void },
    private readonly store: Pick<Store, 'getDeployment' | 'claimBreakerProbe'>,
  ) {}

  /** Whether a request to a paused deployment goes through as the probe after the breaker's
   * cooldown (SPEC §6): when the deployment was paused by the breaker at least a cooldown ago, and
   * this instance's conditional write moving `paused_at` to now lands — one probe per cooldown
   * across every instance. The database is read at most once per cooldown per instance while paused. */
  async takeProbe(patternId: string, now = Date.now()): Promise<boolean> {
    const b = this.of(patternId);
    const c = b.settings.cooldownSeconds;
    if (c === null || now < b.probeCheckAt) return false;
    const cooldown = c * 1000;
    b.probeCheckAt = now + cooldown; // set before the await: requests meanwhile do not look again
    const d = await this.store.getDeployment(patternId);
    if (!d || d.status !== 'paused' || d.pausedBy !== 'circuit_breaker' || !d.pausedAt) return false;
    const due = Date.parse(d.pausedAt) + cooldown;
    if (now < due) {
      b.probeCheckAt = due;
      return false;
    }
    return this.store.claimBreakerProbe(patternId, d.pausedAt, new Date(now).toISOString());
  }

  /** A pause, resume or undeploy by hand starts the breaker afresh (and ends any cooldown probes). */
  forget(patternId: string): void {
    this.breakers.delete(patternId);
  }

  of(patternId: string): Breaker {
    const l = this.live(patternId);
    let b = this.breakers.get(patternId);
    // Settings are read again when the deployed plan changes (a redeploy may change them), not per run.
    if (!b) this.breakers.set(patternId, (b = new Breaker(breakerSettings(l?.settings))));
    else if (b.plan !== l?.summary) b.settings = breakerSettings(l?.settings);
    b.plan = l?.summary;
    return b;
  }

  /** The breaker's part after each execution of a deployment: nothing to wait for (undefined) in
   * the common case; a promise when it pauses or resumes the deployment. `user`: it failed by the
   * pattern's or the request's own fault (the catalog's `fault`), which the breaker leaves out, as it
   * does rejected requests; a probe that ends so met no outage, and resumes the deployment. */
  afterRun(patternId: string, outcome: 'ok' | 'failed' | 'user', probe: boolean): Promise<void> | undefined {
    const b = this.of(patternId);
    const l = this.live(patternId);
    if (!l) return undefined;
    if (probe) return this.probed(b, patternId, outcome !== 'failed');
    if (l.status !== 'active' || outcome === 'user') return undefined;
    if (this.unsent && b.settings.enabled) {
      let u = this.unsent.get(patternId);
      if (!u) this.unsent.set(patternId, (u = [0, 0, 0, false]));
      if (outcome === 'ok') {
        u[0]++;
        u[2] = 0;
        u[3] = true;
      } else {
        u[1]++;
        u[2]++;
      }
    }
    const trip = b.record(outcome === 'ok');
    if (!trip) return undefined; // the common case costs no database work
    return this.trip(b, patternId, trip);
  }

  /** Breaker counts since the last report to the other instances (only when there are others). */
  private unsent: Map<string, [ok: number, failed: number, trailing: number, anyOk: boolean]> | undefined;

  /** The breaker counts executions of every instance (SPEC §13): from here on this one's are kept
   * for `takeBreakerCounts`, which the cluster sends to the others. */
  share(): void {
    this.unsent ??= new Map();
  }
  take(): [string, number, number, number, boolean][] {
    if (!this.unsent || this.unsent.size === 0) return [];
    const out = [...this.unsent].map(([id, u]) => [id, ...u] as [string, number, number, number, boolean]);
    this.unsent.clear();
    return out;
  }
  /** Another instance's counts: added to the breakers here; one that trips pauses the deployment
   * (conditionally: once, whichever instance gets there first). */
  merge(counts: readonly (readonly [string, number, number, number, boolean])[]): void {
    for (const [patternId, ok, failed, trailing, anyOk] of counts) {
      const l = this.live(patternId);
      if (!l || l.status !== 'active') continue;
      const b = this.of(patternId);
      const trip = b.merge(ok, failed, trailing, anyOk);
      if (trip) this.trip(b, patternId, trip).catch((e) => this.log.error({ err: e, patternId }, 'pausing a deployment for its circuit breaker failed'));
    }
  }

  private async probed(b: Breaker, patternId: string, ok: boolean): Promise<void> {
    b.reset();
    if (ok) {
      await this.set(patternId, 'active', { reason: 'circuit breaker probe succeeded', from: ['paused'] });
    } else await this.set(patternId, 'paused', { reason: 'circuit breaker: the probe after the cooldown failed', from: ['paused'] });
  }

  private async trip(b: Breaker, patternId: string, trip: NonNullable<ReturnType<Breaker['record']>>): Promise<void> {
    b.reset();
    // Only an active deployment is paused: when several instances trip at once, one pause lands.
    await this.set(patternId, 'paused', { reason: trip.reason, details: trip, from: ['active'] });
  }
}
