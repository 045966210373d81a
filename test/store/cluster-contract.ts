// Two instances on one database (SPEC §13), as the store sees them: each `open()` is another
// process's store on the same database. The probe that found the one-process assumption (issue 12)
// is here: both issued the same run id, the second's start marked the first's running execution
// `interrupted`, and the second claimed a queued job the first was still running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuedJob, RunRecord, Store } from '../../src/store/types.js';
import { seqOf, SLOTS } from '../../src/store/run-ids.js';

const iso = (ms: number) => new Date(ms).toISOString();
let n = 0;
const uid = (p: string) => `${p}_${Date.now().toString(36)}${(n++).toString(36)}`;
const RULES = { perOwner: 100, perDeployment: 100 };

/** `racing`: stores of one process may race on the database (not SQLite: its connections in one
 * process wait for each other synchronously, on the one event loop; a server has its folder alone). */
export function clusterContract(name: string, open: () => Promise<Store>, racing = true) {
  describe(`Store contract, two instances: ${name}`, () => {
    let a: Store, b: Store;
    let owner: string;
    const register = (s: Store, id: string) => s.registerInstance({ id, host: 'test', pid: process.pid, now: iso(Date.now()) });
    beforeAll(async () => {
      a = await open();
      b = await open();
      owner = uid('usr');
      await a.createUser({ id: owner, email: `${owner}@example.test`, name: 'Owner', role: 'user', passwordHash: 'x' });
    });
    afterAll(async () => {
      await a.close();
      await b.close();
    });

    async function pattern() {
      const p = {
        id: uid('pat'),
        ownerId: owner,
        document: { format: 'dragops.pattern/1' as const, name: 'p', tags: [], nodes: [{ id: 's', type: 'OnWebhook' }], wires: [] },
        webhookId: uid('wh'),
        webhookSecret: 's',
        revision: 1,
        createdAt: iso(Date.now()),
        updatedAt: iso(Date.now()),
      };
      await a.createPattern(p);
      return p;
    }
    const running = (id: string, patternId: string): Omit<RunRecord, 'triggerData'> => ({
      id,
      deploymentId: null,
      patternId,
      version: null,
      status: 'running',
      triggeredBy: 'webhook',
      parentRunId: null,
      startedAt: iso(Date.now()),
      finishedAt: null,
      durationMs: null,
      error: null,
    });
    const job = (runId: string, patternId: string): QueuedJob => ({
      id: uid('job'),
      runId,
      patternId,
      ownerId: owner,
      version: 1,
      event: { body: 1 },
      attempts: 0,
      crashes: 0,
      runAt: iso(Date.now() - 1000),
    });

    it('the probe: a second instance neither reuses run ids, nor interrupts the first’s runs, nor claims its jobs', async () => {
      const ia = uid('inst-a'),
        ib = uid('inst-b');
      const ra = await register(a, ia);
      const p = await pattern();
      // The first instance runs an execution (not queued) and a queued one.
      const direct = a.newRunId();
      await a.saveRuns([{ run: running(direct, p.id), triggerData: null }]);
      const queuedRun = a.newRunId();
      const j = job(queuedRun, p.id);
      await a.enqueue(j);
      expect((await a.claimJobs(ia, iso(Date.now()), 100, RULES)).map((x) => x.id)).toContain(j.id);
      await a.saveRuns([{ run: running(queuedRun, p.id), triggerData: null }]);

      // The second starts as a server does: reaps what is gone (the first's lease is current), registers.
      const reaped = await b.reapInstances(iso(Date.now()), iso(Date.now() - 30_000), true);
      expect(reaped.instances).not.toContain(ia);
      const rb = await register(b, ib);
      expect(rb.slot).not.toBe(ra.slot);
      expect((await b.getRun(direct))?.status).toBe('running');
      expect((await b.getRun(direct))?.instanceId).toBe(ia);
      expect((await b.claimJobs(ib, iso(Date.now()), 100, RULES)).map((x) => x.id)).not.toContain(j.id);

      // Ids made at the same moments by both never collide, and each lands as its own row.
      const ids = Array.from({ length: 1000 }, (_, i) => (i % 2 ? a : b).newRunId());
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of ids) expect(seqOf(r)! % SLOTS).toBe((ids.indexOf(r) % 2 ? ra : rb).slot);
      await a.saveRuns(ids.filter((_, i) => i % 2).map((id) => ({ run: { ...running(id, p.id), status: 'completed' as const }, triggerData: null })));
      await b.saveRuns(ids.filter((_, i) => !(i % 2)).map((id) => ({ run: { ...running(id, p.id), status: 'completed' as const }, triggerData: null })));
      const stored = await Promise.all(ids.slice(0, 20).map((id) => a.getRun(id)));
      expect(stored.map((r) => r?.status)).toEqual(Array(20).fill('completed'));
      expect(stored.map((r) => r?.instanceId)).toEqual(ids.slice(0, 20).map((_, i) => (i % 2 ? ia : ib)));

      // The first instance dies (no heartbeat): once its lease has run out, two reapers race; one
      // reaps it. Its direct run is interrupted; its queued run stays running, its job is put back
      // (a crash) and the second instance runs it again under the same run id.
      const later = Date.now() + 31_000;
      const [r1, r2] = await Promise.all([b.reapInstances(iso(later), iso(later - 30_000)), b.reapInstances(iso(later), iso(later - 30_000))]);
      expect([...r1.instances, ...r2.instances].filter((x) => x === ia)).toHaveLength(1);
      expect((await b.getRun(direct))?.status).toBe('interrupted');
      expect((await b.getRun(queuedRun))?.status).toBe('running');
      const taken = (await b.claimJobs(ib, iso(Date.now()), 100, RULES)).find((x) => x.id === j.id);
      expect(taken).toMatchObject({ runId: queuedRun, attempts: 2, crashes: 1 });
      await b.saveRuns([{ run: { ...running(queuedRun, p.id), status: 'completed', finishedAt: iso(Date.now()), durationMs: 1 }, triggerData: null }]);
      expect(await b.getRun(queuedRun)).toMatchObject({ status: 'completed', instanceId: ib });
      await b.finishJob(j.id);

      // The reaped instance learns it at its next heartbeat (fenced); the live one renews.
      expect(await a.heartbeat(iso(Date.now()))).toBe(false);
      expect(await b.heartbeat(iso(Date.now()))).toBe(true);
      const listed = await b.listInstances(iso(Date.now() - 60_000));
      expect(listed.find((x) => x.id === ia)?.reapedAt).not.toBeNull();
      expect(listed.find((x) => x.id === ib)).toMatchObject({ reapedAt: null, stoppedAt: null, slot: rb.slot });

      // A clean stop frees the slot and is reaped at the next pass, whatever its lease.
      await b.stopInstance(iso(Date.now()));
      const c = await open();
      try {
        expect((await c.reapInstances(iso(Date.now()), iso(Date.now() - 30_000))).instances).toContain(ib);
        expect((await register(c, uid('inst-c'))).slot).toBe(Math.min(ra.slot, rb.slot));
        await c.stopInstance(iso(Date.now()));
      } finally {
        await c.close();
      }
    });

    it.runIf(racing)('two instances registering at the same moment get different slots', async () => {
      const stores = await Promise.all([open(), open(), open()]);
      try {
        const slots = await Promise.all(stores.map((s, i) => register(s, uid(`race${i}`))));
        expect(new Set(slots.map((r) => r.slot)).size).toBe(3);
        for (const s of stores) await s.stopInstance(iso(Date.now()));
      } finally {
        for (const s of stores) await s.close();
      }
    });
  });
}
