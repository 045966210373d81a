// The live deployments of this instance and their indexes: by pattern, by webhook id, and the
// callers of each pattern (CallPattern). What is in force here; the store has the truth, and
// engine.ts keeps the two in line. Replaced, never mutated, so a running execution keeps its plan.
import type { CompiledPattern } from '../compiler/index.js';
import type { PatternDocument } from '../pattern/schema.js';
import type { DeploymentStatus } from '../store/types.js';
import type { VersionSummary } from '../pattern/summary.js';
import type { PlanSlot } from './plans.js';

/** A live deployment. Immutable: a change (pause, a rotated secret) makes a copy (`with`). It holds
 * its version's summary (trigger, settings, callees), not its document: start-up reads no document
 * (issue 16), and the plan is loaded and compiled on first use, once, shared by its copies; requests
 * racing the first load wait for the same one. */
export class Live {
  constructor(
    readonly patternId: string,
    readonly ownerId: string,
    readonly deploymentId: string,
    readonly version: number,
    readonly status: DeploymentStatus,
    readonly summary: VersionSummary,
    /** Its trigger node, config defaults filled in, as the compiled plan has it. */
    readonly trigger: CompiledPattern['trigger'],
    readonly webhookId: string,
    readonly webhookSecret: string,
    private readonly plan: PlanSlot,
  ) {}
  get settings(): PatternDocument['settings'] {
    return this.summary.settings;
  }
  /** The plan, if it has been compiled (by a deploy, or a first use since start). */
  get compiled(): CompiledPattern | undefined {
    return this.plan.value;
  }
  /** The plan, compiled on the first call. */
  load(): Promise<CompiledPattern> {
    return this.plan.load();
  }
  with(c: { status?: DeploymentStatus; webhookSecret?: string }): Live {
    return new Live(
      this.patternId,
      this.ownerId,
      this.deploymentId,
      this.version,
      c.status ?? this.status,
      this.summary,
      this.trigger,
      this.webhookId,
      c.webhookSecret ?? this.webhookSecret,
      this.plan,
    );
  }
}

export class LiveRegistry {
  /** patternId → live deployment. */
  private readonly live = new Map<string, Live>();
  private readonly byWebhook = new Map<string, string>();
  /** callee patternId → the live deployments whose plan calls it (CallPattern): a deploy checks only
   * those, not every live deployment (issue 16: deploy cost flat in the number of deployments). */
  private readonly callers = new Map<string, Set<string>>();
  /** Called after every change of a live deployment (deploy, pause, resume, undeploy, delete). */
  private readonly listeners: ((patternId: string) => void)[] = [];

  get(patternId: string): Live | undefined {
    return this.live.get(patternId);
  }
  all(): Live[] {
    return [...this.live.values()];
  }
  patternIds(): string[] {
    return [...this.live.keys()];
  }
  byWebhookId(webhookId: string): Live | undefined {
    const id = this.byWebhook.get(webhookId);
    return id === undefined ? undefined : this.live.get(id);
  }
  /** The live deployments whose plan calls `patternId`. */
  callersOf(patternId: string): Iterable<string> {
    return this.callers.get(patternId) ?? [];
  }

  onChange(f: (patternId: string) => void): void {
    this.listeners.push(f);
  }
  private changed(patternId: string): void {
    for (const f of this.listeners) f(patternId);
  }

  /** Puts `l` in force in place of its pattern's deployment, if any (returned): a new deployment or
   * version (its webhook id and callees indexed). */
  install(l: Live): Live | undefined {
    const previous = this.live.get(l.patternId);
    if (previous?.webhookId !== undefined && previous.webhookId !== l.webhookId) this.byWebhook.delete(previous.webhookId);
    this.indexCalls(l.patternId, previous?.summary.callees ?? [], l.summary.callees);
    this.live.set(l.patternId, l);
    this.byWebhook.set(l.webhookId, l.patternId);
    this.changed(l.patternId);
    return previous;
  }

  /** The same deployment with its status or webhook secret changed (`l.with(…)`); `notify`: tell
   * the listeners (a status change; a rotated secret changes no trigger). */
  replace(l: Live, notify: boolean): void {
    this.live.set(l.patternId, l);
    if (notify) this.changed(l.patternId);
  }

  /** The pattern's deployment stops serving here (undeployed or deleted). */
  drop(patternId: string): void {
    const l = this.live.get(patternId);
    if (l) {
      this.live.delete(patternId);
      this.byWebhook.delete(l.webhookId);
      this.indexCalls(patternId, l.summary.callees, []);
      this.changed(patternId);
    }
  }

  /** Keeps `callers` current when a pattern's live callees change from `before` to `after`. */
  private indexCalls(patternId: string, before: readonly string[], after: readonly string[]): void {
    for (const callee of before) {
      const set = this.callers.get(callee);
      if (set) {
        set.delete(patternId);
        if (set.size === 0) this.callers.delete(callee);
      }
    }
    for (const callee of after) {
      let set = this.callers.get(callee);
      if (!set) this.callers.set(callee, (set = new Set()));
      set.add(patternId);
    }
  }
}
