// Zero-downtime redeploy (SPEC §6): under continuous load any number of redeploys fails no request,
// every answer comes from some deployed version, executions that started on a version finish on it,
// and every execution records its version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  delayedDoc,
  deployed,
  doc,
  eventually,
  expectOk,
  hookPath,
  request,
  runsOf,
  saveAndDeploy,
  sleep,
  startServer,
  type TestServer,
} from './harness.js';

/** Generation `k` answers "gen-k"; odd and even generations have different graphs. */
const generation = (k: number) =>
  k % 2 === 1
    ? doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
          { id: 'respond', type: 'RespondToWebhook', defaults: { body: `gen-${k}` } },
        ],
        ['hook.then -> respond.exec'],
        { name: 'zero downtime' },
      )
    : doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
          { id: 'tag', type: 'Concat', defaults: { a: 'gen-', b: String(k) } },
          { id: 'log', type: 'Log', defaults: { message: 'even graph' } },
          { id: 'respond', type: 'RespondToWebhook' },
        ],
        ['hook.then -> log.exec', 'log.then -> respond.exec', 'tag.result -> respond.body'],
        { name: 'zero downtime' },
      );

describe.each(BACKENDS)('zero-downtime redeploy on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ backend });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('10 redeploys under 8 concurrent request loops: no request fails, each answer is from a deployed version', async () => {
    const p = await deployed(s, generation(1));
    const path = hookPath(p);
    /** When deploy k answered (requests sent after it must see ≥ k). */
    const deployedAt = new Map<number, number>([[1, 0]]);
    const answers: { sentAt: number; status: number; text: string; error?: string }[] = [];
    let stop = false;
    const loop = async () => {
      while (!stop) {
        const sentAt = performance.now();
        try {
          const r = await request(s.url, path, { json: { at: sentAt } });
          answers.push({ sentAt, status: r.status, text: r.text });
        } catch (e) {
          answers.push({ sentAt, status: 0, text: '', error: String(e) });
        }
      }
    };
    const loops = Array.from({ length: 8 }, loop);
    const t0 = Date.now();
    for (let k = 2; k <= 11; k++) {
      await sleep(150);
      const d = await saveAndDeploy(s, p.id, generation(k), `generation ${k}`);
      expect(d.version).toBe(k);
      deployedAt.set(k, performance.now());
    }
    await sleep(200);
    stop = true;
    await Promise.all(loops);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThan(1500);
    expect(answers.length).toBeGreaterThan(100);
    const failed = answers.filter((a) => a.status !== 200);
    expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
    const seen = new Set<number>();
    for (const a of answers) {
      const m = /^gen-(\d+)$/.exec(a.text);
      expect(m, a.text).not.toBeNull();
      const k = Number(m![1]);
      expect(k).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThanOrEqual(11);
      seen.add(k);
      // A request sent after deploy j answered runs j or later (no old version after the swap).
      for (const [j, at] of deployedAt) if (a.sentAt > at) expect(k, `sent after v${j} was live`).toBeGreaterThanOrEqual(j);
    }
    // The load really spanned the redeploys: several versions answered.
    expect(seen.size).toBeGreaterThanOrEqual(5);
    // Every execution records the version that answered it.
    const all = await runsOf(s, p.id, 'limit=500');
    expect(all.meta.total).toBe(answers.length);
    expect(all.data.every((r) => r.status === 'completed' && Number.isInteger(r.version) && r.version >= 1 && r.version <= 11)).toBe(true);
    const byVersion = await s.api(`/api/deployments/${all.data[0].deploymentId}/runs?version=11&limit=1`);
    expect(byVersion.body.meta.total).toBe(answers.filter((a) => a.text === 'gen-11').length);
  }, 30_000);

  it('an execution in flight during a redeploy finishes on its own version', async () => {
    const slow = (tag: string) =>
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
          { id: 'wait', type: 'Delay', defaults: { seconds: 0.4 } },
          { id: 'respond', type: 'RespondToWebhook', defaults: { body: tag } },
        ],
        ['hook.then -> wait.exec', 'wait.then -> respond.exec'],
        { name: 'in flight' },
      );
    const p = await deployed(s, slow('old'));
    const inFlight = s.raw(hookPath(p), { json: {} });
    await eventually(async () => (await runsOf(s, p.id)).data[0]?.status === 'running', 2000, 10);
    const d = await saveAndDeploy(s, p.id, slow('new'));
    expect(d.version).toBe(2);
    const fresh = s.raw(hookPath(p), { json: {} });
    expect((await inFlight).text).toBe('old');
    expect((await fresh).text).toBe('new');
    // (A responseNode execution's end is recorded just after its answer: wait for it.)
    await eventually(async () => (await runsOf(s, p.id)).data.every((r) => r.status !== 'running'), 2000, 10);
    const runs = (await runsOf(s, p.id)).data;
    expect(runs.map((r) => [r.version, r.status])).toEqual([
      [2, 'completed'],
      [1, 'completed'],
    ]);
  });

  it('an immediate execution accepted on a version runs that version, even after a redeploy', async () => {
    const p = await deployed(s, delayedDoc(0.2));
    const accepted = await s.raw(hookPath(p), { json: {} });
    expect(accepted.status).toBe(202);
    await saveAndDeploy(s, p.id, delayedDoc(0.01));
    const after = await s.raw(hookPath(p), { json: {} });
    const first = await eventually(async () => {
      const r = expectOk(await s.api(`/api/runs/${accepted.body.runId}`));
      return r.status === 'completed' ? r : undefined;
    });
    expect(first.version).toBe(1);
    const second = await eventually(async () => {
      const r = await s.api(`/api/runs/${after.body.runId}`);
      return r.status === 200 && r.body.data.status === 'completed' ? r.body.data : undefined;
    });
    expect(second.version).toBe(2);
  });
});
