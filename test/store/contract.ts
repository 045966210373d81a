// The Store contract (ARCHITECTURE habit 6): one suite, run against every implementation on real
// databases (sqlite.test.ts, postgres.test.ts).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { ClaimRules, QueuedJob, Store, RunRecord } from '../../src/store/types.js';
import type { PatternDocument } from '../../src/pattern/schema.js';
import { Trace } from '../../src/runtime/trace.js';
import { idOf, seqAt, seqOf } from '../../src/store/run-ids.js';
import { compareVersions } from '../../src/packs/semver.js';

const doc = (name: string, tags: string[] = []): PatternDocument => ({
  format: 'dragops.pattern/1',
  name,
  tags,
  nodes: [{ id: 's', type: 'OnWebhook' }],
  wires: [],
});
const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;
const id = (p: string) => `${p}_${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A node log as the recorder stores it: node `n` starts and finishes with `{i}`. */
function logOf(i: number): string {
  const t = new Trace([{ id: 'n', name: 'Node n' }], 10);
  t.c[0]!++;
  t.f(0, t.s(0), { i });
  return t.stored();
}

export function storeContract(name: string, open: () => Promise<Store>) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let owner: string;
    beforeAll(async () => {
      store = await open();
      owner = id('usr');
      await store.createUser({ id: owner, email: `${owner}@example.test`, name: 'Owner', role: 'user', passwordHash: 'x' });
    });
    afterAll(async () => {
      await store.close();
    });

    async function newPattern(name = 'p', tags: string[] = []) {
      const p = {
        id: id('pat'),
        ownerId: owner,
        document: doc(name, tags),
        webhookId: id('wh'),
        webhookSecret: 's',
        revision: 1,
        createdAt: iso(Date.now()),
        updatedAt: iso(Date.now()),
      };
      await store.createPattern(p);
      return p;
    }

    it('only one caller can create the first user, even concurrently', async () => {
      const results = await Promise.all(
        [0, 1, 2, 3].map((i) => store.createFirstUser({ id: id('adm'), email: `admin${i}-${seq}@example.test`, name: 'A', passwordHash: 'h' })),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(results.find((r) => r)!.role).toBe('admin');
      expect(await store.createFirstUser({ id: id('adm'), email: `late${seq}@example.test`, name: 'A', passwordHash: 'h' })).toBeNull();
    });

    it('users by email; tokens by hash, honouring expiry', async () => {
      const listed = await store.listUsers();
      expect(listed.find((x) => x.id === owner)).toEqual({
        id: owner,
        email: `${owner}@example.test`,
        name: 'Owner',
        role: 'user',
        createdAt: expect.any(String),
      });
      expect(listed.every((x) => !('passwordHash' in x))).toBe(true);
      const u = await store.findUserByEmail(`${owner}@example.test`);
      expect(u).toMatchObject({ id: owner, role: 'user', passwordHash: 'x' });
      expect(await store.findUserByEmail('nobody@example.test')).toBeUndefined();
      const live = id('hash'),
        expired = id('hash');
      await store.createToken({ id: id('tok'), userId: owner, hash: live, name: 'cli', kind: 'api', createdAt: iso(0), expiresAt: null });
      await store.createToken({ id: id('tok'), userId: owner, hash: expired, name: 'x', kind: 'session', createdAt: iso(0), expiresAt: iso(1000) });
      expect((await store.findToken(live, iso(Date.now())))?.user.id).toBe(owner);
      expect(await store.findToken(expired, iso(Date.now()))).toBeUndefined();
      expect(await store.findToken('no-such-hash', iso(Date.now()))).toBeUndefined();
    });

    it('tokens: listed per user (live ones, newest first), used, revoked by their owner only, expired ones pruned', async () => {
      const other = id('usr');
      await store.createUser({ id: other, email: `${other}@example.test`, name: 'Other', role: 'user', passwordHash: 'x' });
      const now = Date.now();
      const mk = async (userId: string, name: string, createdAt: number, expiresAt: number | null) => {
        const t = {
          id: id('tok'),
          userId,
          hash: id('hash'),
          name,
          kind: 'api' as const,
          createdAt: iso(createdAt),
          expiresAt: expiresAt === null ? null : iso(expiresAt),
        };
        await store.createToken(t);
        return t;
      };
      const forever = await mk(other, 'forever', now - 3000, null);
      const week = await mk(other, 'week', now - 2000, now + 7 * 86_400_000);
      const gone = await mk(other, 'gone', now - 1000, now - 500);
      const theirs = await mk(owner, 'not yours', now, null);
      const listed = await store.listTokens(other, iso(now));
      expect(listed.map((t) => t.name)).toEqual(['week', 'forever']);
      expect(listed[0]).toEqual({
        id: week.id,
        userId: other,
        name: 'week',
        kind: 'api',
        createdAt: week.createdAt,
        expiresAt: week.expiresAt,
        lastUsedAt: null,
      });
      expect(JSON.stringify(listed)).not.toContain(week.hash);

      await store.touchToken(week.id, iso(now + 5));
      expect((await store.findToken(week.hash, iso(now)))?.token).toMatchObject({ id: week.id, lastUsedAt: iso(now + 5) });
      expect((await store.listTokens(other, iso(now)))[0]!.lastUsedAt).toBe(iso(now + 5));

      // Revoking: another user's token is not found (and stays); the owner's is gone at once.
      expect(await store.deleteToken(other, theirs.id)).toBe(false);
      expect((await store.findToken(theirs.hash, iso(now)))?.user.id).toBe(owner);
      expect(await store.deleteToken(other, week.id)).toBe(true);
      expect(await store.deleteToken(other, week.id)).toBe(false);
      expect(await store.findToken(week.hash, iso(now))).toBeUndefined();
      expect((await store.listTokens(other, iso(now))).map((t) => t.id)).toEqual([forever.id]);

      // Pruning deletes expired tokens only.
      expect(await store.pruneTokens(iso(now))).toBeGreaterThanOrEqual(1);
      expect(await store.listTokens(other, iso(0))).toEqual([expect.objectContaining({ id: forever.id })]);
      expect(gone.id).not.toBe(forever.id);
      expect((await store.findToken(forever.hash, iso(now)))?.user.id).toBe(other);
    });

    it('patterns: create, read by id and webhook id, list with search and tag, paged', async () => {
      const a = await newPattern('Order intake', ['orders', 'prod']);
      await newPattern('Billing 100%_sure', ['billing']);
      expect((await store.getPattern(a.id))?.document.name).toBe('Order intake');
      expect((await store.getPatternByWebhookId(a.webhookId))?.id).toBe(a.id);
      expect(await store.getPattern('pat_missing')).toBeUndefined();
      const byName = await store.listPatterns(owner, { search: 'ORDER', limit: 10, offset: 0 });
      expect(byName.items.map((p) => p.id)).toEqual([a.id]);
      expect((await store.listPatterns(owner, { tag: 'orders', limit: 10, offset: 0 })).items.map((p) => p.id)).toEqual([a.id]);
      expect((await store.listPatterns(owner, { search: '100%_', limit: 10, offset: 0 })).total).toBe(1);
      expect((await store.listPatterns(owner, { search: '%', limit: 10, offset: 0 })).total).toBe(1);
      // Descriptions are searched too, as saved (create and update).
      const d = await newPattern('Nightly');
      await store.updatePattern(d.id, { ...doc('Nightly'), description: 'Sends the nightly SALES report' }, iso(Date.now()));
      expect((await store.listPatterns(owner, { search: 'sales', limit: 10, offset: 0 })).items.map((p) => p.id)).toEqual([d.id]);
      const page = await store.listPatterns(owner, { limit: 1, offset: 0 });
      expect(page.items).toHaveLength(1);
      expect(page.total).toBeGreaterThanOrEqual(2);
    });

    it("a pattern id is its first owner's: taken while the pattern exists, reserved for that owner after a delete, one winner when created concurrently", async () => {
      const other = id('usr');
      await store.createUser({ id: other, email: `${other}@example.test`, name: 'Other', role: 'user', passwordHash: 'x' });
      const record = (pid: string, ownerId: string) => ({
        id: pid,
        ownerId,
        document: doc(pid),
        webhookId: id('wh'),
        webhookSecret: 's',
        revision: 1,
        createdAt: iso(Date.now()),
        updatedAt: iso(Date.now()),
      });
      const pid = id('kept');
      expect(await store.createPattern(record(pid, owner))).toBe(true);
      expect(await store.createPattern(record(pid, owner))).toBe(false); // exists: nothing changes
      expect(await store.createPattern(record(pid, other))).toBe(false);
      expect((await store.getPattern(pid))?.ownerId).toBe(owner);
      await store.deletePattern(pid);
      expect(await store.createPattern(record(pid, other))).toBe(false); // reserved for its owner
      expect(await store.getPattern(pid)).toBeUndefined();
      expect(await store.createPattern(record(pid, owner))).toBe(true);
      const race = id('race');
      const results = await Promise.all([owner, other, owner, other].map((o) => store.createPattern(record(race, o))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = (await store.getPattern(race))!.ownerId;
      expect(results.findIndex(Boolean) % 2).toBe(winner === owner ? 0 : 1);
    });

    it('updates bump the revision; a stale revision is refused (concurrent edits lose nothing silently)', async () => {
      const p = await newPattern('v1');
      const u1 = await store.updatePattern(p.id, doc('v2'), iso(Date.now()), 1);
      expect(u1 && u1.revision).toBe(2);
      expect(await store.updatePattern(p.id, doc('v3'), iso(Date.now()), 1)).toBe(false);
      expect((await store.getPattern(p.id))?.document.name).toBe('v2');
      const both = await Promise.all([store.updatePattern(p.id, doc('x'), iso(Date.now()), 2), store.updatePattern(p.id, doc('y'), iso(Date.now()), 2)]);
      expect(both.filter((r) => r !== false)).toHaveLength(1);
    });

    it('deploys record versions 1, 2, 3 atomically, and status changes keep the version', async () => {
      const p = await newPattern('dep');
      const depId = id('dep');
      const now = iso(Date.now());
      const r1 = await store.recordDeploy({
        deploymentId: depId,
        patternId: p.id,
        document: doc('one'),
        compilerVersion: 1,
        note: 'first',
        userId: owner,
        now,
      });
      const r2 = await store.recordDeploy({
        deploymentId: id('dep'),
        patternId: p.id,
        document: { ...doc('two'), settings: { retentionDays: 3 } },
        compilerVersion: 1,
        note: null,
        userId: owner,
        now,
      });
      expect([r1.version.version, r2.version.version]).toEqual([1, 2]);
      expect(r2.deployment.id).toBe(depId); // one deployment per pattern, created on the first deploy
      const pause = { status: 'paused' as const, from: ['active' as const], pausedReason: 'breaker', pausedBy: 'circuit_breaker', now };
      // Two pauses from `active` at once (two instances' breakers): one lands.
      const both = await Promise.all([store.setDeploymentStatus(p.id, pause), store.setDeploymentStatus(p.id, pause)]);
      expect(both.filter((x) => x !== undefined)).toHaveLength(1);
      const paused = both.find((x) => x !== undefined);
      expect(paused).toMatchObject({ status: 'paused', version: 2, pausedReason: 'breaker', pausedBy: 'circuit_breaker' });
      expect(await store.setDeploymentStatus(p.id, pause)).toBeUndefined();
      // The breaker's probe after the cooldown: of two instances claiming it at once, one does.
      const later = iso(Date.now() + 5000);
      const claims = await Promise.all([store.claimBreakerProbe(p.id, paused!.pausedAt!, later), store.claimBreakerProbe(p.id, paused!.pausedAt!, later)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await store.getDeployment(p.id))?.pausedAt).toBe(later);
      expect(await store.claimBreakerProbe(p.id, paused!.pausedAt!, iso(Date.now() + 9000))).toBe(false); // already claimed
      const resumed = await store.setDeploymentStatus(p.id, { status: 'active', from: ['paused'], now });
      expect(resumed).toMatchObject({ status: 'active', pausedReason: null, pausedBy: null });
      expect((await store.listVersions(p.id)).map((v) => v.version)).toEqual([2, 1]);
      expect((await store.getVersion(p.id, 1))?.document.name).toBe('one');
      expect((await store.getDeploymentById(depId))?.patternId).toBe(p.id);
      // Retention's pass reads the live version's settings with the references, not the documents.
      expect((await store.deploymentRefs()).find((d) => d.id === depId)).toMatchObject({ patternId: p.id, version: 2, settings: { retentionDays: 3 } });
      const list = (await store.listDeployments(owner, { limit: 50, offset: 0 })).items;
      expect(list.find((d) => d.id === depId)).toMatchObject({ patternName: 'dep', trigger: 'OnWebhook', version: 2 });
    });

    it("deployments: listed newest deploy first, paged, searched by name and description, only the owner's; start-up sees summaries", async () => {
      const other = id('usr');
      await store.createUser({ id: other, email: `${other}@example.test`, name: 'Other', role: 'user', passwordHash: 'x' });
      const deployAt = async (name: string, ms: number, ownerId = owner, description?: string) => {
        const p = { ...(await newPattern(name)), ownerId };
        if (ownerId !== owner) await store.createPattern({ ...p, id: id('pat'), webhookId: id('wh') });
        const pid = ownerId === owner ? p.id : (await store.listPatterns(ownerId, { search: name, limit: 1, offset: 0 })).items[0]!.id;
        const document = { ...doc(name), ...(description ? { description } : {}), nodes: [{ id: 't', type: 'OnSchedule', config: { cron: '* * * * *' } }] };
        if (description) await store.updatePattern(pid, document, iso(ms)); // the draft's description is searched
        await store.recordDeploy({ deploymentId: id('dep'), patternId: pid, document, compilerVersion: 1, note: null, userId: ownerId, now: iso(ms) });
        return pid;
      };
      const base = Date.UTC(2030, 0, 1);
      const first = await deployAt('Listing alpha', base + 1);
      const second = await deployAt('Listing beta', base + 2, owner, 'the NIGHTLY one');
      const third = await deployAt('Listing gamma', base + 3);
      const theirs = await deployAt('Listing theirs', base + 4, other);
      const all = await store.listDeployments(owner, { limit: 500, offset: 0 });
      const mine = all.items.filter((d) => [first, second, third].includes(d.patternId));
      expect(mine.map((d) => d.patternId)).toEqual([third, second, first]);
      expect(all.items.some((d) => d.patternId === theirs)).toBe(false);
      expect(mine[0]).toMatchObject({ trigger: 'OnSchedule', ownerId: owner, patternName: 'Listing gamma' });
      const paged = await store.listDeployments(owner, { search: 'listing', limit: 2, offset: 1 });
      expect(paged.total).toBe(3);
      expect(paged.items.map((d) => d.patternId)).toEqual([second, first]);
      expect((await store.listDeployments(owner, { search: 'nightly', limit: 10, offset: 0 })).items.map((d) => d.patternId)).toEqual([second]);
      expect((await store.listDeployments(owner, { search: '%', limit: 10, offset: 0 })).total).toBe(0);
      expect((await store.listDeployments(other, { search: 'listing', limit: 10, offset: 0 })).items.map((d) => d.patternId)).toEqual([theirs]);
      const live = (await store.liveVersions(third))[0]!;
      expect(live.summary).toEqual({ trigger: { type: 'OnSchedule', nodeId: 't', config: { cron: '* * * * *' } }, callees: [] });
      await store.setDeploymentStatus(third, { status: 'undeployed', from: ['active', 'paused'], now: iso(base + 5) });
      expect(await store.liveVersions(third)).toEqual([]);
    });

    it('schedule ledger: a tick is recorded once, whoever records it (the winner runs it); latest per pattern; old ticks pruned', async () => {
      const pa = id('pat'),
        pb = id('pat');
      const tick = (patternId: string, sec: number, instanceId: string, outcome: 'fired' | 'skipped' = 'fired') => ({
        patternId,
        at: iso(Date.UTC(2031, 0, 1, 0, 0, sec)),
        outcome,
        instanceId,
        recordedAt: iso(Date.now()),
      });
      // Two instances racing for the same ticks: each tick is won by exactly one.
      const ticks = (who: string) => [tick(pa, 0, who), tick(pb, 0, who, 'skipped'), tick(pa, 1, who)];
      const [a, b] = await Promise.all([store.recordTicks(ticks('a')), store.recordTicks(ticks('b'))]);
      expect([...a, ...b].sort()).toEqual([0, 1, 2]);
      expect(await store.recordTicks(ticks('c'))).toEqual([]);
      const many = Array.from({ length: 1200 }, (_, i) => tick(pb, 100 + i, 'a'));
      expect((await store.recordTicks(many)).length).toBe(1200); // more than one statement's rows
      expect((await store.listTicks(pa, 10)).map((t) => t.at)).toEqual([iso(Date.UTC(2031, 0, 1, 0, 0, 1)), iso(Date.UTC(2031, 0, 1, 0, 0, 0))]);
      expect((await store.listTicks(pb, 2000)).at(-1)).toMatchObject({ outcome: 'skipped' });
      const last = await store.lastTicks();
      expect(last.get(pa)).toBe(iso(Date.UTC(2031, 0, 1, 0, 0, 1)));
      expect(last.get(pb)).toBe(iso(Date.UTC(2031, 0, 1, 0, 0, 100 + 1199)));
      let pruned = 0;
      for (let n; (n = await store.pruneTicks(iso(Date.UTC(2031, 0, 1, 0, 0, 1)), 1)) > 0;) pruned += n;
      expect(pruned).toBe(2); // the two ticks of second 0
      expect((await store.listTicks(pa, 10)).length).toBe(1);
    });

    it('concurrent deploys of one pattern never share a version number', async () => {
      const p = await newPattern('race');
      const now = iso(Date.now());
      const results = await Promise.allSettled(
        [0, 1, 2].map(() =>
          store.recordDeploy({ deploymentId: id('dep'), patternId: p.id, document: doc('r'), compilerVersion: 1, note: null, userId: owner, now }),
        ),
      );
      const versions = results
        .filter((r) => r.status === 'fulfilled')
        .map((r) => (r as PromiseFulfilledResult<{ version: { version: number } }>).value.version.version);
      expect(new Set(versions).size).toBe(versions.length);
      expect(versions.length).toBeGreaterThanOrEqual(1);
    });

    it('runs: saved in batches, updated in place, listed newest first with filters, with their log', async () => {
      const p = await newPattern('runs');
      const dep = await store.recordDeploy({
        deploymentId: id('dep'),
        patternId: p.id,
        document: doc('r'),
        compilerVersion: 1,
        note: null,
        userId: owner,
        now: iso(Date.now()),
      });
      const base = Date.now();
      const runs: RunRecord[] = Array.from({ length: 30 }, (_v, i) => ({
        id: store.newRunId(),
        deploymentId: dep.deployment.id,
        patternId: p.id,
        version: i < 20 ? 1 : 2,
        status: 'running',
        triggeredBy: i % 2 ? 'webhook' : 'manual',
        parentRunId: null,
        startedAt: iso(base + i),
        finishedAt: null,
        durationMs: null,
        triggerData: { i },
        error: null,
      }));
      const saved = (r: RunRecord) => JSON.stringify(r.triggerData);
      await store.saveRuns(runs.map((run) => ({ run, triggerData: saved(run) })));
      await store.saveRuns(
        runs.map((r, i) => ({
          triggerData: saved(r),
          run: {
            ...r,
            status: i % 3 ? 'completed' : 'failed',
            finishedAt: iso(base + i + 5),
            durationMs: 5,
            error: i % 3 ? null : { code: 'USER_ERROR', message: 'x', type: 'Error', nodeId: 'n' },
          },
          log: logOf(i),
        })),
      );
      const page = await store.listRuns(dep.deployment.id, { limit: 5, offset: 0 });
      expect(page.total).toBe(30);
      expect(page.items.map((r) => r.id)).toEqual(
        runs
          .slice(-5)
          .reverse()
          .map((r) => r.id),
      );
      expect((await store.listRuns(dep.deployment.id, { status: 'failed', limit: 50, offset: 0 })).total).toBe(10);
      expect((await store.listRuns(dep.deployment.id, { triggeredBy: 'webhook', version: 2, limit: 50, offset: 0 })).total).toBe(5);
      const one = await store.getRun(runs[3]!.id);
      expect(one).toMatchObject({ status: 'failed', triggerData: { i: 3 }, error: { code: 'USER_ERROR' } });
      expect(one!.log).toMatchObject({
        dropped: 0,
        runs: { n: 1 },
        entries: [
          { nodeId: 'n', nodeName: 'Node n', event: 'start' },
          { nodeId: 'n', nodeName: 'Node n', event: 'finish', output: { i: 3 } },
        ],
      });
      expect(Date.parse(one!.log!.entries[0]!.timestamp)).toBeGreaterThan(Date.now() - 60_000);
      // A later save without a log keeps the one saved before.
      await store.saveRuns([{ run: { ...runs[3]!, status: 'failed' }, triggerData: saved(runs[3]!) }]);
      expect((await store.getRun(runs[3]!.id))!.log!.entries).toHaveLength(2);
    });

    it('a saved run never overwrites another run with the same id, nor goes back from finished to running', async () => {
      const p = await newPattern('guard'),
        other = await newPattern('other');
      const r: RunRecord = {
        id: store.newRunId(),
        deploymentId: null,
        patternId: p.id,
        version: null,
        status: 'completed',
        triggeredBy: 'manual',
        parentRunId: null,
        startedAt: iso(Date.now()),
        finishedAt: iso(Date.now()),
        durationMs: 1,
        triggerData: null,
        error: null,
      };
      await store.saveRuns([{ run: r, triggerData: null, log: logOf(7) }]);
      await store.saveRuns([{ run: { ...r, status: 'running', finishedAt: null, durationMs: null }, triggerData: null }]);
      expect(await store.getRun(r.id)).toMatchObject({ status: 'completed', durationMs: 1 });
      await store.saveRuns([{ run: { ...r, patternId: other.id, status: 'failed' }, triggerData: null }]);
      expect(await store.getRun(r.id)).toMatchObject({ patternId: p.id, status: 'completed' });
      await store.saveRuns([{ run: { ...r, status: 'dead_letter' }, triggerData: null }]); // a later attempt's end still lands
      expect(await store.getRun(r.id)).toMatchObject({ status: 'dead_letter', log: { runs: { n: 1 } } });
    });

    it('run ids: run_ + 16 hex digits, increasing, after every id in the database', async () => {
      const ids = Array.from({ length: 2000 }, () => store.newRunId());
      for (const r of ids) expect(r).toMatch(/^run_[0-9a-f]{16}$/);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(seqOf(ids[0]!)! / 1000).toBeGreaterThanOrEqual(Date.now() - 60_000);
      expect(await store.getRun('run_ffffffffffffffff')).toBeUndefined();
      expect(await store.getRun('run_nothex')).toBeUndefined();
    });

    it('runs left running by a process no instance row knows are marked interrupted at a start; old runs are pruned in batches', async () => {
      const p = await newPattern('crash');
      // A run that started at t = 1 s has a seq from that time (run-ids.ts).
      const r = {
        id: idOf(seqAt(1000)),
        deploymentId: null,
        patternId: p.id,
        version: null,
        status: 'running' as const,
        triggeredBy: 'manual' as const,
        parentRunId: null,
        startedAt: iso(1000),
        finishedAt: null,
        durationMs: null,
        triggerData: null,
        error: null,
      };
      await store.saveRuns([{ run: r, triggerData: null }]);
      expect((await store.reapInstances(iso(Date.now()), iso(Date.now() - 30_000), true)).interrupted).toBeGreaterThanOrEqual(1);
      expect((await store.getRun(r.id))?.status).toBe('interrupted');
      expect(await store.pruneRuns(iso(2000), 1)).toBeGreaterThanOrEqual(1);
      expect(await store.getRun(r.id)).toBeUndefined();
    });

    it("retention: a deployment's runs by age or beyond its newest N; runs of no deployment apart", async () => {
      const p = await newPattern('retained');
      const at = (ms: number, deploymentId: string | null, status: 'completed' | 'running' = 'completed') => ({
        run: {
          id: idOf(seqAt(ms)),
          deploymentId,
          patternId: p.id,
          version: null,
          status,
          triggeredBy: 'manual' as const,
          parentRunId: null,
          startedAt: iso(ms),
          finishedAt: status === 'running' ? null : iso(ms),
          durationMs: null,
          error: null,
        },
        triggerData: null,
      });
      const dep = `dep_${p.id}`;
      await store.saveRuns([at(5000, dep, 'running'), at(6000, dep), at(7000, dep), at(8000, dep), at(9000, dep), at(5500, null)]);
      // Beyond the newest 2: 6000 and 7000 (5000 still runs), oldest first, in batches.
      expect(await store.pruneRunsBeyond(dep, 2, 1)).toBe(1);
      expect(await store.getRun(idOf(seqAt(6000)))).toBeUndefined();
      expect(await store.pruneRunsBeyond(dep, 2, 10)).toBe(1);
      expect(await store.pruneRunsBeyond(dep, 2, 10)).toBe(0);
      for (const ms of [5000, 8000, 9000, 5500]) expect(await store.getRun(idOf(seqAt(ms)))).toBeDefined();
      // By age, one deployment's only; then runs of no deployment (dep_… has no row: counted as none).
      expect(await store.pruneRuns(iso(8500), 10, dep)).toBe(1);
      expect(await store.getRun(idOf(seqAt(9000)))).toBeDefined();
      expect(await store.pruneRuns(iso(9500), 10)).toBeGreaterThanOrEqual(2);
      expect(await store.getRun(idOf(seqAt(5500)))).toBeUndefined();
      expect(await store.getRun(idOf(seqAt(9000)))).toBeUndefined();
      // Every deployment but some at once (those on the default rule), and runs of none.
      const own = `dep_own_${p.id}`;
      await store.saveRuns([at(10_000, dep), at(10_100, own), at(10_200, null), at(10_300, dep, 'running')]);
      expect(await store.pruneRuns(iso(11_000), 10, { except: [own] })).toBeGreaterThanOrEqual(2);
      expect(await store.getRun(idOf(seqAt(10_000)))).toBeUndefined();
      expect(await store.getRun(idOf(seqAt(10_200)))).toBeUndefined();
      expect(await store.getRun(idOf(seqAt(10_100)))).toBeDefined();
      expect(await store.getRun(idOf(seqAt(10_300)))).toBeDefined(); // still running
    });

    it('idempotency keys: the first caller wins, others get its run id, expired keys are released', async () => {
      const p = await newPattern('idem');
      const now = iso(Date.now());
      const claims = await Promise.all(['run_a', 'run_b', 'run_c'].map((r) => store.claimIdempotencyKey(p.id, 'k1', r, now, iso(Date.now() - 86_400_000))));
      const winners = claims.filter((c) => c === null);
      expect(winners).toHaveLength(1);
      const first = ['run_a', 'run_b', 'run_c'][claims.indexOf(null)];
      expect(claims.filter((c) => c !== null).every((c) => c === first)).toBe(true);
      expect(await store.claimIdempotencyKey(p.id, 'k1', 'run_d', iso(Date.now() + 90_000_000), iso(Date.now() + 1000))).toBeNull();
    });

    const RULES = { perOwner: 100, perDeployment: 100 };
    const job = (over: Partial<QueuedJob> = {}): QueuedJob => ({
      id: id('job'),
      runId: id('run'),
      patternId: 'p',
      ownerId: 'o',
      version: 1,
      event: null,
      attempts: 0,
      crashes: 0,
      runAt: iso(Date.now() - 10),
      ...over,
    });
    /** Claims everything ready for `worker` and keeps only `mine`. */
    const claimOf = async (worker: string, mine: QueuedJob[], at = Date.now(), rules: ClaimRules = RULES, limit = 100) => {
      const ids = new Set(mine.map((j) => j.id));
      return (await store.claimJobs(worker, iso(at), limit, rules)).filter((j) => ids.has(j.id));
    };

    it('queue: a job is claimed by one worker only, and gone once finished', async () => {
      const j = job({ event: { body: 1 }, ownerId: 'owner-1' });
      await store.enqueue(j);
      const now = iso(Date.now());
      const [a, b] = await Promise.all([store.claimJobs('w1', now, 10, RULES), store.claimJobs('w2', now, 10, RULES)]);
      const mine = [...a, ...b].filter((x) => x.id === j.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ event: { body: 1 }, attempts: 1, crashes: 0, ownerId: 'owner-1', runId: j.runId });
      await store.finishJob(j.id);
      expect((await store.claimJobs('w3', iso(Date.now() + 3_600_000), 100, RULES)).some((x) => x.id === j.id)).toBe(false);
    });

    it("queue: an event's Binary values come back as the same bytes (SPEC §15 bodies), a String that looks like base64 stays a String", async () => {
      const bytes = new Uint8Array(256).map((_, i) => i);
      const event = {
        body: {
          note: 'AAEC',
          file: { filename: 'a.bin', contentType: 'application/octet-stream', data: bytes },
          many: [{ filename: 'b', contentType: 'x/y', data: new Uint8Array(0) }, 'text'],
        },
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        method: 'POST',
      };
      const raw = { body: new Uint8Array([0, 1, 255]), headers: {} };
      const jobs = [job({ event }), job({ event: raw })];
      for (const j of jobs) await store.enqueue(j);
      const claimed = await claimOf('w-bin', jobs);
      const got = (j: QueuedJob) => claimed.find((c) => c.id === j.id)!.event as any;
      expect(got(jobs[0]!)).toEqual(event);
      expect(got(jobs[0]!).body.file.data).toBeInstanceOf(Uint8Array);
      expect(got(jobs[0]!).body.note).toBe('AAEC');
      expect(got(jobs[1]!)).toEqual(raw);
      expect(got(jobs[1]!).body).toBeInstanceOf(Uint8Array);
      for (const j of jobs) await store.finishJob(j.id);
    });

    it('queue: at a start, jobs claimed by a process no instance row knows count a crash and are ready again', async () => {
      const j = job();
      await store.enqueue(j);
      expect(await claimOf('dead', [j])).toHaveLength(1);
      expect(await claimOf('next', [j])).toEqual([]);
      const reap = () => store.reapInstances(iso(Date.now()), iso(Date.now() - 30_000), true);
      expect((await reap()).released).toBeGreaterThanOrEqual(1);
      expect((await claimOf('next', [j]))[0]).toMatchObject({ attempts: 2, crashes: 1 });
      // Again: the crashes add up, and a claim can ask for the jobs that crashed at least so often.
      await reap();
      expect(await claimOf('w', [j], Date.now(), { ...RULES, minCrashes: 3 })).toEqual([]);
      expect((await claimOf('w', [j], Date.now(), { ...RULES, minCrashes: 2 }))[0]).toMatchObject({ attempts: 3, crashes: 2 });
      await store.finishJob(j.id);
    });

    it("queue: a claim is never taken over for its age (only by reaping its instance); a worker's own release and a retry are not crashes", async () => {
      const j = job({ runAt: iso(Date.now() - 12 * 60_000) });
      await store.enqueue(j);
      expect(await claimOf('slow', [j], Date.now() - 11 * 60_000)).toHaveLength(1);
      expect(await claimOf('other', [j])).toEqual([]);
      // A shutdown out of time gives its jobs back: neither the attempt nor a crash is counted.
      expect(await store.releaseJobs('slow')).toBeGreaterThanOrEqual(1);
      expect((await claimOf('again', [j]))[0]).toMatchObject({ attempts: 1, crashes: 0 });
      await store.retryJob(j.id, iso(Date.now() - 1));
      expect((await claimOf('again', [j]))[0]).toMatchObject({ attempts: 2, crashes: 0 });
      await store.retryJob(j.id, iso(Date.now() + 60_000), true);
      expect(await claimOf('early', [j])).toEqual([]);
      expect((await claimOf('later', [j], Date.now() + 61_000))[0]).toMatchObject({ attempts: 3, crashes: 1 });
      await store.finishJob(j.id);
    });

    it('queue: claims keep owners and deployments under their caps and take owners in turn, oldest first', async () => {
      const a = id('own'),
        b = id('own');
      const t = Date.now() - 60_000;
      // Owner a: 6 jobs of pattern pa1 then 2 of pa2; owner b: 2 of pb, newer than all of a's.
      const all = [
        ...[0, 1, 2, 3, 4, 5].map((i) => job({ ownerId: a, patternId: `${a}-1`, runAt: iso(t + i) })),
        ...[6, 7].map((i) => job({ ownerId: a, patternId: `${a}-2`, runAt: iso(t + i) })),
        ...[8, 9].map((i) => job({ ownerId: b, patternId: `${b}-1`, runAt: iso(t + i) })),
      ];
      for (const j of all) await store.enqueue(j);
      const rules = { perOwner: 3, perDeployment: 2 };
      const first = await claimOf('w1', all, Date.now(), rules);
      const name = (j: QueuedJob) => `${j.ownerId === a ? 'a' : 'b'}${j.patternId.endsWith('-1') ? 1 : 2}@${Date.parse(j.runAt) - t}`;
      expect(first.map(name)).toEqual(['a1@0', 'b1@8', 'a1@1', 'b1@9', 'a2@6']);
      // Everyone is at a cap now (a: 3 running; b's pattern: 2): nothing more, from any worker.
      expect(await claimOf('w2', all, Date.now(), rules)).toEqual([]);
      // One of a's deployment-1 jobs ends: a gets one more, its oldest one that fits.
      await store.finishJob(first[0]!.id);
      expect((await claimOf('w2', all, Date.now(), rules)).map(name)).toEqual(['a1@2']);
      for (const j of all) await store.finishJob(j.id);
    });

    it('queue: enqueue claims an idempotency key in the same transaction, or queues nothing', async () => {
      const p = await newPattern('enq');
      const now = iso(Date.now()),
        since = iso(Date.now() - 86_400_000);
      const j1 = job({ patternId: p.id });
      expect(await store.enqueue(j1, { key: 'k-enq', now, since })).toBeNull();
      const j2 = job({ patternId: p.id });
      expect(await store.enqueue(j2, { key: 'k-enq', now, since })).toBe(j1.runId);
      expect((await claimOf('w', [j1, j2])).map((j) => j.id)).toEqual([j1.id]);
      // An enqueue that fails (here: a job id already taken) leaves its key unclaimed.
      await expect(store.enqueue(job({ id: j1.id, patternId: p.id }), { key: 'k-failed', now, since })).rejects.toThrow();
      expect(await store.claimIdempotencyKey(p.id, 'k-failed', 'run_next', now, since)).toBeNull();
      await store.finishJob(j1.id);
    });

    it('idempotency keys are compared whole, however long; a key is given back only by the run that holds it', async () => {
      const p = await newPattern('longkeys');
      const now = iso(Date.now()),
        since = iso(Date.now() - 86_400_000);
      const prefix = 'x'.repeat(250);
      expect(await store.claimIdempotencyKey(p.id, `${prefix}-one`, 'run_one', now, since)).toBeNull();
      expect(await store.claimIdempotencyKey(p.id, `${prefix}-two`, 'run_two', now, since)).toBeNull();
      expect(await store.claimIdempotencyKey(p.id, `${prefix}-one`, 'run_three', now, since)).toBe('run_one');
      expect(await store.claimIdempotencyKey(p.id, 'x'.repeat(200), 'run_short', now, since)).toBeNull();
      expect(await store.claimIdempotencyKey(p.id, 'x'.repeat(201), 'run_201', now, since)).toBeNull();
      await store.releaseIdempotencyKey(p.id, `${prefix}-one`, 'run_someone_else');
      expect(await store.claimIdempotencyKey(p.id, `${prefix}-one`, 'run_four', now, since)).toBe('run_one');
      await store.releaseIdempotencyKey(p.id, `${prefix}-one`, 'run_one');
      expect(await store.claimIdempotencyKey(p.id, `${prefix}-one`, 'run_five', now, since)).toBeNull();
    });

    it('audit entries, newest first, scoped to the owner', async () => {
      const p = await newPattern('aud');
      await store.addAudit({ at: iso(Date.now()), userId: owner, patternId: p.id, deploymentId: null, action: 'deploy', details: { version: 1 } });
      await store.addAudit({ at: iso(Date.now()), userId: owner, patternId: p.id, deploymentId: null, action: 'pause', details: null });
      const page = await store.listAudit({ ownerId: owner, patternId: p.id, limit: 10, offset: 0 });
      expect(page.items.map((e) => e.action)).toEqual(['pause', 'deploy']);
      expect(page.items[1]!.details).toEqual({ version: 1 });
      expect((await store.listAudit({ ownerId: 'someone-else', patternId: p.id, limit: 10, offset: 0 })).total).toBe(0);
    });

    it('integration packs: install, replace with the same or a newer version only, list, delete; every version kept', async () => {
      const slug = `pk${seq++}`;
      const docOf = (version: string, extra = '') => ({ metadata: { slug, version, extra } });
      const install = (version: string, digest: string, extra = '') =>
        store.installPack({ slug, version, digest, document: docOf(version, extra), userId: owner, now: iso(Date.now()) }, compareVersions);
      expect(await install('1.0.0', 'd1')).toEqual({ installed: true });
      expect(await store.getPack(slug)).toMatchObject({ slug, version: '1.0.0', digest: 'd1', document: docOf('1.0.0'), installedBy: owner });
      expect(await install('1.0.0', 'd1b', 'same version, other content')).toEqual({ installed: true });
      expect(await install('1.2.0', 'd2')).toEqual({ installed: true });
      expect(await install('1.1.9', 'd3')).toEqual({ installed: false, current: '1.2.0' });
      expect(await install('1.2.0-beta.1', 'd4')).toEqual({ installed: false, current: '1.2.0' });
      expect((await store.getPack(slug))?.digest).toBe('d2');
      expect((await store.listPacks()).filter((p) => p.slug === slug).map((p) => p.version)).toEqual(['1.2.0']);
      // Refused installs still store their version (harmless: nothing names it); every version is there.
      const versions = (await store.packVersions()).filter((v) => v.slug === slug);
      expect(versions.map((v) => v.digest).sort()).toEqual(['d1', 'd1b', 'd2', 'd3', 'd4']);
      expect((await store.getPackVersion(slug, 'd1'))?.document).toEqual(docOf('1.0.0'));
      // Concurrent installs over an installed version (its row is locked): the newest wins, in any order.
      const slug2 = `pk${seq++}`;
      const put = (v: string) =>
        store.installPack({ slug: slug2, version: v, digest: `x${v}`, document: {}, userId: null, now: iso(Date.now()) }, compareVersions);
      await put('1.0.0');
      const results = await Promise.all(['2.0.0', '3.0.0', '1.5.0', '2.5.0'].map(put));
      expect(results.filter((r) => r.installed).length).toBeGreaterThanOrEqual(1);
      expect((await store.getPack(slug2))?.version).toBe('3.0.0');
      expect(await store.deletePack(slug)).toBe(true);
      expect(await store.deletePack(slug)).toBe(false);
      expect(await store.getPack(slug)).toBeUndefined();
      expect(await store.getPackVersion(slug, 'd2')).toBeDefined(); // deployed versions may still name it
      expect(await install('0.1.0', 'd5')).toEqual({ installed: true }); // after a delete, any version
    });

    it('a version records the packs it was compiled with', async () => {
      const p = await newPattern('packs');
      const packs = { acme: { version: '1.0.0', digest: 'abc' } };
      const r = await store.recordDeploy({
        deploymentId: id('dep'),
        patternId: p.id,
        document: doc('p'),
        compilerVersion: 1,
        packs,
        note: null,
        userId: owner,
        now: iso(Date.now()),
      });
      expect(r.version.packs).toEqual(packs);
      expect((await store.getVersion(p.id, 1))?.packs).toEqual(packs);
      const q = await newPattern('nopacks');
      await store.recordDeploy({
        deploymentId: id('dep'),
        patternId: q.id,
        document: doc('q'),
        compilerVersion: 1,
        note: null,
        userId: owner,
        now: iso(Date.now()),
      });
      expect((await store.getVersion(q.id, 1))?.packs).toBeNull();
    });

    it('deleting a pattern removes its draft, deployment and versions', async () => {
      const p = await newPattern('gone');
      await store.recordDeploy({
        deploymentId: id('dep'),
        patternId: p.id,
        document: doc('g'),
        compilerVersion: 1,
        note: null,
        userId: owner,
        now: iso(Date.now()),
      });
      await store.deletePattern(p.id);
      expect(await store.getPattern(p.id)).toBeUndefined();
      expect(await store.getDeployment(p.id)).toBeUndefined();
      expect(await store.listVersions(p.id)).toEqual([]);
    });
  });
}
