// The queue is fair (issue 15): one owner's long `immediate` executions cannot hold every slot, so
// another owner's accepted run starts at once. Through the real HTTP server, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, delayedDoc, deployed, doc, eventually, expectOk, hookPath, startServer, type Account, type TestServer } from '../api/harness.js';

describe.each(BACKENDS)('queue fairness on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ backend });
  });
  afterAll(async () => {
    await s?.stop();
  }, 30_000);

  const running = async (a: Account, patternId: string) => {
    const d = expectOk(await a.api(`/api/patterns/${patternId}/deployment`));
    return (await a.api(`/api/deployments/${d.id}/runs?status=running`)).body.meta.total as number;
  };

  it("owner A's 18 long jobs take at most 8 slots (4 per deployment); owner B's job runs within a second", async () => {
    const { queueConcurrency, ownerConcurrency, deploymentConcurrency } = s.services.config;
    expect([queueConcurrency, ownerConcurrency, deploymentConcurrency]).toEqual([16, 8, 4]);
    const a = await s.newUser('A'),
      b = await s.newUser('B');
    const slow = await Promise.all([0, 1, 2].map(() => deployed(a, delayedDoc(4))));
    for (let i = 0; i < 6; i++) {
      for (const p of slow) expect((await s.raw(hookPath(p), { json: { i } })).status).toBe(202);
    }
    // A's executions have started, as many as the caps allow.
    await eventually(async () => (await Promise.all(slow.map((p) => running(a, p.id)))).reduce((x, y) => x + y) === 8, 3000);
    const quick = await deployed(
      b,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'immediate' } },
          { id: 'log', type: 'Log', defaults: { message: 'B' } },
        ],
        ['hook.then -> log.exec'],
      ),
    );
    const t0 = Date.now();
    const accepted = await s.raw(hookPath(quick), { json: {} });
    expect(accepted.body.status).toBe('accepted');
    await eventually(async () => expectOk(await b.api(`/api/runs/${accepted.body.runId}`)).status === 'completed', 1000, 20);
    expect(Date.now() - t0).toBeLessThan(1000);
    // Still: A holds 8 slots (no deployment over 4), and the rest of A's jobs wait their turn.
    const perDeployment = await Promise.all(slow.map((p) => running(a, p.id)));
    expect(perDeployment.reduce((x, y) => x + y)).toBe(8);
    expect(Math.max(...perDeployment)).toBeLessThanOrEqual(4);
    expect(await s.services.store.queueDepth()).toBe(18);
  });
});
