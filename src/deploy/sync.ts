// This instance's live deployments kept in line with the store: all of them at start, one after a
// change made here or announced by another instance (cluster/link.ts), all again after messages may
// have been missed. A loaded deployment's plan is compiled on its first use (plans.ts).
import type { DeploymentStatus, LiveRecord, PatternRecord, Store } from '../store/types.js';
import { Live, type LiveRegistry } from './registry.js';
import type { Plans, PlanSlot } from './plans.js';

export class LiveSync {
  constructor(
    private readonly store: Store,
    private readonly live: LiveRegistry,
    private readonly plans: Plans,
  ) {}

  /** Loads every active or paused deployment (loaded, not compiled). */
  async loadAll(): Promise<void> {
    for (const r of await this.store.liveVersions()) this.load(r);
  }

  /** Installs a deployment as the store has it, its plan to be compiled on first use. */
  private load({ deployment: d, pattern: p, summary }: LiveRecord): Live {
    return this.install(p, d, summary, this.plans.slot(p.id, p.ownerId, d.version));
  }

  /** Puts a deployment in force here (a deploy's plan is compiled already: PlanSlot.of). */
  install(
    p: Pick<PatternRecord, 'id' | 'ownerId' | 'webhookId' | 'webhookSecret'>,
    d: LiveRecord['deployment'],
    summary: LiveRecord['summary'],
    plan: PlanSlot,
  ): Live {
    const trigger = plan.value ? plan.value.trigger : this.plans.triggerOf(summary);
    const l = new Live(p.id, p.ownerId, d.id, d.version, d.status, summary, trigger, p.webhookId, p.webhookSecret, plan);
    this.plans.retire(this.live.install(l), d.version);
    return l;
  }

  /** A status change made here, in force here at once. */
  async applyStatus(patternId: string, status: DeploymentStatus): Promise<void> {
    const l = this.live.get(patternId);
    if (status === 'undeployed') this.live.drop(patternId);
    else if (l) this.live.replace(l.with({ status }), true);
    else await this.reload(patternId);
  }

  /** Brings one pattern's deployment in line with the store (another instance changed it): a new
   * version is loaded (compiled on first use), a status or webhook secret is taken over, an
   * undeployed or deleted one stops serving. */
  async reload(patternId: string): Promise<void> {
    const [r] = await this.store.liveVersions(patternId);
    const l = this.live.get(patternId);
    if (!r) return this.live.drop(patternId);
    if (l && l.deploymentId === r.deployment.id && l.version === r.deployment.version && l.webhookId === r.pattern.webhookId) {
      if (l.status === r.deployment.status && l.webhookSecret === r.pattern.webhookSecret) return;
      this.live.replace(l.with({ status: r.deployment.status, webhookSecret: r.pattern.webhookSecret }), true);
      return;
    }
    this.load(r);
  }

  /** Every deployment brought in line with the store (after messages may have been missed). */
  async resync(): Promise<void> {
    const rows = await this.store.liveVersions();
    const seen = new Set(rows.map((r) => r.deployment.patternId));
    for (const id of this.live.patternIds()) if (!seen.has(id)) this.live.drop(id);
    for (const r of rows) {
      const l = this.live.get(r.deployment.patternId);
      if (!l || l.version !== r.deployment.version || l.status !== r.deployment.status || l.webhookSecret !== r.pattern.webhookSecret)
        await this.reload(r.deployment.patternId);
    }
  }
}
