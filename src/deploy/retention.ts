// Retention of execution history (docs/semantics.md, "Retention"): each deployment keeps its
// executions for `settings.retentionDays` of its live version (else the server's --retention-days)
// and at most `settings.retentionCount` of them (else --retention-count, unlimited by default).
// Runs of no deployment (test runs, deleted patterns') follow the server's defaults by age.
//
// Deletes go in batches of BATCH rows, oldest first, with a turn of the event loop between batches
// so requests are served meanwhile; then the store gives the freed space back (SQLite: incremental
// vacuum off the event loop). A pass runs every hour, and a deployment with a count rule is pruned
// again as soon as it has recorded a tenth of its count since its last pass, so a busy deployment
// stays near its count instead of growing by an hour of traffic.
import type { Store } from '../store/types.js';
import type { PatternDocument } from '../pattern/schema.js';

const BATCH = 500;
const DAY_MS = 86_400_000;

export interface RetentionDefaults {
  days: number;
  /** null: no limit by count. */
  count: number | null;
}

export interface Rule {
  days: number;
  count: number | null;
}

/** A deployment's rule from its live version's settings, else the server's defaults. */
export function ruleOf(settings: PatternDocument['settings'] | undefined, d: RetentionDefaults): Rule {
  return { days: settings?.retentionDays ?? d.days, count: settings?.retentionCount ?? d.count };
}

/** At most this many deployments with rules of their own are left out of the one sweep (a query's
 * parameters); beyond, every deployment is pruned one by one. */
const MAX_EXCEPT = 10_000;

export interface PruneReport {
  deleted: number;
  deployments: number;
}

export class Retention {
  /** Executions recorded per deployment since its last pass (deployments with a count rule only). */
  private readonly recorded = new Map<string, number>();
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly defaults: RetentionDefaults,
    private readonly onError: (e: unknown) => void = () => {},
    /** Writes the executions still waiting in the history's batch (src/history): a count rule then
     * counts every execution recorded so far, not only those already written. */
    private readonly flush: () => Promise<void> = async () => {},
  ) {}

  /** Counts one recorded execution of a deployment whose live version has these settings; prunes
   * the deployment when a tenth of its count rule has been recorded since its last pass. */
  recordedRun(deploymentId: string | null, settings: PatternDocument['settings'] | undefined): void {
    if (deploymentId === null) return;
    const count = settings?.retentionCount ?? this.defaults.count;
    if (count === null) return;
    const n = (this.recorded.get(deploymentId) ?? 0) + 1;
    if (n < Math.max(100, Math.ceil(count / 10))) {
      this.recorded.set(deploymentId, n);
      return;
    }
    this.recorded.set(deploymentId, 0);
    this.serial(() => this.pruneDeployment(deploymentId, ruleOf(settings, this.defaults))).catch(() => {}); // reported by serial
  }

  /** One pass over every deployment, then over runs of none. Passes never overlap. Deployments on
   * the server's default rule (no count) are pruned together, in one range of the history per batch;
   * those with rules of their own one by one (with 100,000 deployments, one query each held the
   * database for seconds). */
  pass(now = Date.now()): Promise<PruneReport> {
    return this.serial(async () => {
      let deleted = 0;
      const deployments = await this.store.deploymentRefs();
      const all = deployments.map((d) => ({ id: d.id, rule: ruleOf(d.settings, this.defaults) }));
      const own = all.filter((d) => d.rule.count !== null || d.rule.days !== this.defaults.days);
      const together = this.defaults.count === null && own.length <= MAX_EXCEPT;
      for (const d of together ? own : all) deleted += await this.pruneDeployment(d.id, d.rule, now);
      const before = new Date(now - this.defaults.days * DAY_MS).toISOString();
      const except = own.map((d) => d.id);
      deleted += await this.batches(() => this.store.pruneRuns(before, BATCH, together ? { except } : undefined));
      if (deleted > 0) this.store.reclaim();
      return { deleted, deployments: deployments.length };
    });
  }

  private async pruneDeployment(id: string, rule: Rule, now = Date.now()): Promise<number> {
    let n = await this.batches(() => this.store.pruneRuns(new Date(now - rule.days * DAY_MS).toISOString(), BATCH, id));
    if (rule.count !== null) {
      const keep = rule.count;
      await this.flush();
      n += await this.batches(() => this.store.pruneRunsBeyond(id, keep, BATCH));
    }
    return n;
  }

  private async batches(step: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await step();
      total += n;
      if (n < BATCH) return total;
      await new Promise((r) => setImmediate(r)); // requests go through between batches
    }
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.running.then(f);
    this.running = p.catch((e: unknown) => this.onError(e));
    return p;
  }
}
