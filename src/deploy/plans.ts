// Compiled plans: one compiler for validate, test runs and deploys (callees are the owner's live
// deployments), stored versions compiled again on first use (PlanSlot), and a cache of the plans of
// versions no longer live (queued executions and replays accepted on them).
import { compile, type CompiledPattern } from '../compiler/index.js';
import { configWithDefaults } from '../compiler/check/link.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { PatternRecord, Store, VersionRecord } from '../store/types.js';
import type { VersionSummary } from '../pattern/summary.js';
import { DragopsError } from '../errors/error.js';
import { type PackLibrary, pinsOf } from '../packs/library.js';
import type { Live, LiveRegistry } from './registry.js';
import { connectionIdsOf, resolveConnections } from '../packs/connections.js';
import type { ConnectionResolver } from '../connections/port.js';

/** A plan made on first use: one load however many callers wait for it; a failed load is tried again
 * by the next caller. */
export class PlanSlot {
  value: CompiledPattern | undefined;
  private pending: Promise<CompiledPattern> | undefined;
  constructor(
    private readonly make: () => Promise<CompiledPattern>,
    value?: CompiledPattern,
  ) {
    this.value = value;
  }
  static of(plan: CompiledPattern): PlanSlot {
    return new PlanSlot(() => Promise.resolve(plan), plan);
  }
  load(): Promise<CompiledPattern> {
    if (this.value) return Promise.resolve(this.value);
    return (this.pending ??= this.make().then(
      (v) => (this.value = v),
      (e: unknown) => {
        this.pending = undefined;
        throw e;
      },
    ));
  }
}

/** The patterns a document calls, read without compiling it (any input: validate sees drafts). */
function calleesOf(doc: unknown): string[] {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const out: string[] = [];
  for (const n of nodes as { type?: unknown; config?: { pattern?: unknown } }[]) {
    const id = n?.type === 'CallPattern' ? n.config?.pattern : undefined;
    if (typeof id === 'string' && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Plans of versions no longer live kept in memory (Plans.old). */
const PLAN_CACHE = 200;

export type BrokenCaller = { patternId: string; version: number; errors: { code: string; message: string; nodeId: string | null }[] };

export class Plans {
  /** Plans of versions no longer live, for queued executions and replays accepted on them: the
   * PLAN_CACHE most recently used (live plans are held by their Live; before, every version ever
   * deployed stayed in memory). */
  private readonly old = new Map<string, CompiledPattern>();
  constructor(
    private readonly store: Store,
    private readonly registry: NodeRegistry,
    private readonly packs: PackLibrary,
    private readonly live: LiveRegistry,
    private readonly log: { error(o: unknown, m?: string): void },
  ) {}

  /** One compiler for validate, test runs and deploys; callees are the owner's live deployments
   * (their plans loaded first, for their interfaces). */
  async compileFor(doc: unknown, ownerId: string, nodeVersions?: VersionRecord['nodeVersions']) {
    await this.loadCallees(calleesOf(doc), ownerId);
    return compile(doc, {
      registry: this.registry,
      nodeVersions: nodeVersions ?? undefined,
      packs: this.packs.resolver(),
      resolveInterface: (id) => {
        const l = this.live.get(id);
        return l && l.ownerId === ownerId ? l.compiled?.interface : undefined;
      },
    });
  }

  /** Loads the plans of the owner's live deployments among `ids` (one that no longer compiles stays
   * unloaded: a call to it is then a compile error, as for a pattern not deployed). */
  private async loadCallees(ids: readonly string[], ownerId: string): Promise<void> {
    const loads: Promise<unknown>[] = [];
    for (const id of ids) {
      const l = this.live.get(id);
      if (l && l.ownerId === ownerId && !l.compiled) loads.push(l.load().catch(() => undefined));
    }
    await Promise.all(loads);
  }

  /** A stored version compiled again: against the callee interfaces it was deployed with (so the same
   * code, in any order of loading), or the owner's live ones for versions kept before those were. */
  async compileVersion(v: VersionRecord, ownerId: string) {
    const callees = v.callees;
    // The node versions it was deployed with ({}: before they were recorded, all version 1).
    const nodeVersions = v.nodeVersions ?? {};
    if (!callees) return this.compileFor(v.document, ownerId, nodeVersions);
    return compile(v.document, {
      registry: this.registry,
      nodeVersions,
      resolveInterface: (id) => (Object.hasOwn(callees, id) ? (callees[id] ?? undefined) : undefined),
      // The pack versions it was compiled with, whatever is installed now (upgrades wait for a redeploy).
      packs: this.packs.resolver(v.packs ?? {}),
    });
  }

  /** A deployed version's plan, read and compiled on first use (start-up compiles nothing). */
  slot(patternId: string, ownerId: string, version: number): PlanSlot {
    return new PlanSlot(async () => {
      const v = await this.store.getVersion(patternId, version);
      const r = v ? await this.compileVersion(v, ownerId) : undefined;
      if (r?.ok) return r.compiled;
      this.log.error({ patternId, version, errors: r?.errors }, 'a deployed version no longer compiles');
      throw new DragopsError(
        'INTERNAL_ERROR',
        `version ${version} of pattern ${JSON.stringify(patternId)} ${v ? `no longer compiles (${r?.errors[0]?.message ?? 'unknown error'})` : 'is missing'}; redeploy or roll it back`,
      );
    });
  }

  /** A version's trigger as its compiled plan would have it, without compiling (start-up). */
  triggerOf(summary: VersionSummary): CompiledPattern['trigger'] {
    const t = summary.trigger;
    if (!t) return { type: 'none', nodeId: '', config: {} };
    const schema = this.registry.get(t.type)?.config;
    return { type: t.type, nodeId: t.nodeId, config: schema ? configWithDefaults(schema, t.config) : t.config };
  }

  /** The plan a queued execution was accepted on (compiled again after a restart). */
  async planFor(patternId: string, version: number): Promise<CompiledPattern | undefined> {
    const l = this.live.get(patternId);
    if (l && l.version === version) return l.load().catch(() => undefined); // compiled once, for both
    const key = `${patternId}@${version}`;
    const hit = this.old.get(key);
    if (hit) {
      this.keep(key, hit);
      return hit;
    }
    const [v, p] = await Promise.all([this.store.getVersion(patternId, version), this.store.getPattern(patternId)]);
    if (!v || !p) return undefined;
    const r = await this.compileVersion(v, p.ownerId);
    if (!r.ok) return undefined;
    this.keep(key, r.compiled);
    return r.compiled;
  }

  /** A live deployment replaced by another version: its plan (if compiled) joins the cache. */
  retire(previous: Live | undefined, version: number): void {
    if (previous?.compiled && previous.version !== version) this.keep(`${previous.patternId}@${previous.version}`, previous.compiled);
  }

  /** Keeps a no-longer-live plan as the most recently used, dropping the least recently used past PLAN_CACHE. */
  private keep(key: string, plan: CompiledPattern): void {
    this.old.delete(key);
    this.old.set(key, plan);
    if (this.old.size > PLAN_CACHE) this.old.delete(this.old.keys().next().value as string);
  }

  /** The owner's live deployments that call `p` and would not compile against its new interface:
   * a redeploy that changes a pattern's inputs or outputs says which callers it breaks. */
  async callersBrokenBy(p: Pick<PatternRecord, 'id' | 'ownerId'>, next: CompiledPattern): Promise<BrokenCaller[]> {
    const out: BrokenCaller[] = [];
    for (const callerId of this.live.callersOf(p.id)) {
      const l = this.live.get(callerId);
      if (!l || l.ownerId !== p.ownerId || l.patternId === p.id || l.status === 'undeployed') continue;
      const caller = await l.load().catch(() => undefined);
      if (!caller) continue; // it no longer compiles whatever this deploy does
      await this.loadCallees(l.summary.callees, p.ownerId);
      const r = compile(caller.document, {
        registry: this.registry,
        packs: this.packs.resolver(pinsOf(caller.packs) ?? {}),
        resolveInterface: (id) =>
          id === p.id ? next.interface : this.live.get(id)?.ownerId === p.ownerId ? this.live.get(id)?.compiled?.interface : undefined,
      });
      if (!r.ok)
        out.push({ patternId: l.patternId, version: l.version, errors: r.errors.map((e) => ({ code: e.code, message: e.message, nodeId: e.nodeId })) });
    }
    return out;
  }
}

/** A deploy may name only its owner's connections (SPEC §14): an unknown one, or another user's,
 * is refused as NOT_FOUND (the two are not told apart). Other failures (a token that cannot be
 * refreshed now) do not block a deploy: the node fails CONNECTION_ERROR when it runs. */
export async function checkConnections(plan: CompiledPattern, ownerId: string, connections: ConnectionResolver | undefined): Promise<void> {
  const ids = connectionIdsOf(plan);
  if (ids.length === 0 || !connections) return;
  const resolved = await resolveConnections(connections, ownerId, ids);
  for (const id of ids) {
    const e = resolved[id];
    if (e && 'error' in e && /not found/i.test(e.error.message))
      throw new DragopsError('NOT_FOUND', `connection ${JSON.stringify(id)} not found; nothing was deployed`, {
        details: {
          nodes: plan.document.nodes.filter((n) => (n.config as { connection?: unknown } | undefined)?.connection === id).map((n) => n.id),
        },
      });
  }
}
