// Several instances on one PostgreSQL (SPEC §13), as real processes: three `dragops serve` sharing a
// schema, each its own port and data folder, one secrets key, a short lease. What one instance is
// told is in force on the others within a second; run ids never collide; the breaker counts every
// instance's executions and pauses once; a dashboard on one sees executions on another; an
// every-second schedule fires once per tick across the three; `kill -9` of one under queued load
// loses nothing and runs nothing twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freePort, kill9, serve, type Child } from '../api/child.js';
import { PG_URL, delayedDoc, doc, eventually, flakyDoc, expectOk, hookPath, request, respondDoc, runsOf, sleep } from '../api/harness.js';

const schema = `k_${Date.now().toString(36)}_${process.pid}`;
const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const key = randomBytes(32).toString('hex');
const LEASE = 3;

describe('three instances on one PostgreSQL', () => {
  const dirs: string[] = [];
  let nodes: Child[] = [];
  let token = '';
  const start = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragops-node-'));
    dirs.push(dir);
    // Four queued executions at a time per instance: more than that spills over to the others.
    const flags = ['--database-url', url, '--secrets-key', key, '--lease-seconds', String(LEASE), '--drain-delay-ms', '500', '--queue-concurrency', '4'];
    return serve(dir, await freePort(), flags);
  };
  const api = (n: Child, path: string, o: Parameters<typeof request>[2] = {}) => request(n.url, path, { token, ...o });
  /** When `f` on an instance first holds, in ms from `since` (fails past 3 s). */
  const within = async (since: number, f: () => Promise<boolean>) => {
    await eventually(async () => (await f()) || undefined, 3000, 10);
    return Date.now() - since;
  };
  const answers = (n: Child, p: { webhookUrl: string }) =>
    request(n.url, hookPath(p), { json: {} }).then((r) => ({ status: r.status, body: r.body, code: (r.body as any)?.error?.code }));

  beforeAll(async () => {
    ensureBuilt();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    // One after the other here; the start race is its own test below.
    nodes = [await start(), await start(), await start()];
    const reg = await request(nodes[0]!.url, '/api/auth/register', { json: { email: 'admin@example.test', password: 'a long password', name: 'A' } });
    token = expectOk(reg, 201).token;
  }, 90_000);
  afterAll(async () => {
    for (const n of nodes) await kill9(n);
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('GET /api/cluster lists the three, alive, on any of them', async () => {
    const list = expectOk(await api(nodes[2]!, '/api/cluster'));
    expect(list.instances.filter((i: any) => i.alive)).toHaveLength(3);
    expect(new Set(list.instances.map((i: any) => i.pid)).size).toBe(3);
    for (const i of list.instances) expect(Object.keys(i).sort()).toEqual(['alive', 'host', 'id', 'lastSeenAt', 'pid', 'startedAt']);
  });

  it('a deploy, pause, resume, redeploy, rollback and undeploy through one is in force on the others within 1 s', async () => {
    const [a, b, c] = nodes as [Child, Child, Child];
    const p = expectOk(await api(a, '/api/patterns', { json: respondDoc({ v: 1 }) }), 201);
    const times: Record<string, number[]> = {};
    const step = async (name: string, via: Child, act: () => Promise<unknown>, holds: (r: Awaited<ReturnType<typeof answers>>) => boolean) => {
      await act();
      const since = Date.now();
      times[name] = await Promise.all(nodes.filter((n) => n !== via).map((n) => within(since, async () => holds(await answers(n, p)))));
    };
    await step(
      'deploy',
      a,
      async () => expectOk(await api(a, `/api/patterns/${p.id}/deploy`, { json: {} }), 201),
      (r) => r.status === 200 && r.body.v === 1,
    );
    await step(
      'pause',
      b,
      async () => expectOk(await api(b, `/api/patterns/${p.id}/pause`, { json: {} })),
      (r) => r.code === 'DEPLOYMENT_PAUSED',
    );
    await step(
      'resume',
      c,
      async () => expectOk(await api(c, `/api/patterns/${p.id}/resume`, { json: {} })),
      (r) => r.status === 200,
    );
    await step(
      'redeploy',
      a,
      async () => {
        expectOk(await api(a, `/api/patterns/${p.id}`, { method: 'PUT', json: respondDoc({ v: 2 }) }));
        expectOk(await api(a, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
      },
      (r) => r.body?.v === 2,
    );
    await step(
      'rollback',
      b,
      async () => expectOk(await api(b, `/api/patterns/${p.id}/deploy`, { json: { version: 1 } }), 201),
      (r) => r.body?.v === 1,
    );
    await step(
      'undeploy',
      c,
      async () => expectOk(await api(c, `/api/patterns/${p.id}/deploy`, { method: 'DELETE' })),
      (r) => r.code === 'NOT_DEPLOYED',
    );
    for (const [name, ms] of Object.entries(times)) for (const t of ms) expect(t, `${name} took ${t} ms`).toBeLessThan(1000);
  });

  it('run ids never collide: 300 executions spread over the three are 300 records', async () => {
    const p = expectOk(await api(nodes[0]!, '/api/patterns', { json: respondDoc({ ok: true }) }), 201);
    const d = expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    await Promise.all(nodes.map((n) => within(Date.now(), async () => (await answers(n, p)).status === 200)));
    await Promise.all(
      Array.from({ length: 10 }, async (_, w) => {
        for (let i = 0; i < 30; i++) expect((await answers(nodes[(w + i) % 3]!, p)).status).toBe(200);
      }),
    );
    const all = await eventually(async () => {
      const r = expectOk(await api(nodes[1]!, `/api/deployments/${d.deploymentId}/runs?limit=500`));
      return r.length >= 303 ? r : undefined;
    }, 10_000);
    expect(all).toHaveLength(303); // 3 of the readiness checks above, and the 300
    expect(new Set(all.map((r: any) => r.id)).size).toBe(303);
    const one = expectOk(await api(nodes[2]!, `/api/runs/${all[0].id}`));
    expect(nodes.length).toBe(3);
    expect(one.instanceId).toMatch(/:/);
  });

  it('the breaker counts the executions of all three and pauses once', async () => {
    // Every execution fails by an outage (a closed port); 6 in a row trip it: 2 on each instance.
    const failing = doc(
      [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
        { id: 'fail', type: 'HTTPRequest', defaults: { url: 'http://127.0.0.1:1/down', timeoutSeconds: 5 } },
      ],
      ['hook.then -> fail.exec'],
      { name: 'down', settings: { circuitBreaker: { consecutiveFailures: 6, minExecutions: 1000 } } },
    );
    const p = expectOk(await api(nodes[0]!, '/api/patterns', { json: failing }), 201);
    expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    await Promise.all(nodes.map((n) => within(Date.now(), async () => (await answers(n, p)).code !== 'NOT_DEPLOYED')));
    // The three readiness calls above failed once each: 3 more, one per instance, reach 6.
    for (const n of nodes) await answers(n, p);
    const paused = await eventually(async () => {
      const d = expectOk(await api(nodes[1]!, `/api/patterns/${p.id}/deployment`));
      return d.status === 'paused' ? d : undefined;
    }, 3000);
    expect(paused.pausedBy).toBe('circuit_breaker');
    await sleep(600); // every instance's counts have been exchanged by now
    const audit = expectOk(await api(nodes[2]!, `/api/audit?patternId=${p.id}`));
    expect(audit.filter((e: any) => e.action === 'pause')).toHaveLength(1);
  });

  it("after the cooldown any instance takes the breaker's probe, one across the three, and it resumes the deployment", async () => {
    const flaky = flakyDoc({ consecutiveFailures: 2, minExecutions: 1000, cooldownSeconds: 1 });
    const p = expectOk(await api(nodes[0]!, '/api/patterns', { json: flaky }), 201);
    expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    const send = (n: Child, ok: boolean) => request(n.url, hookPath(p), { json: { ok } }).then((r) => r.status);
    await Promise.all(nodes.map((n) => within(Date.now(), async () => (await answers(n, p)).code !== 'NOT_DEPLOYED')));
    // The readiness calls above failed (no body): tripped on the first instance by now, or at the next.
    await send(nodes[0]!, false);
    await eventually(async () => {
      const d = expectOk(await api(nodes[2]!, `/api/patterns/${p.id}/deployment`));
      return d.status === 'paused' ? d : undefined;
    }, 3000);
    await sleep(1100); // the cooldown
    // Requests to the two others at once: one is the probe (a good one), the rest are refused.
    const statuses = await Promise.all([1, 2, 1, 2, 1, 2].map((i) => send(nodes[i]!, true)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 503)).toHaveLength(5);
    await eventually(async () => expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deployment`)).status === 'active' || undefined, 3000);
    expect(await send(nodes[1]!, true)).toBe(200);
    const audit = expectOk(await api(nodes[0]!, `/api/audit?patternId=${p.id}`));
    expect(audit.filter((e: any) => e.action === 'resume')).toHaveLength(1);
  });

  it('a dashboard on one instance sees the executions of another', async () => {
    const p = expectOk(await api(nodes[0]!, '/api/patterns', { json: respondDoc({ seen: true }) }), 201);
    expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    const ctl = new AbortController();
    const res = await fetch(`${nodes[0]!.url}/api/events?token=${token}`, { signal: ctl.signal });
    const reader = res.body!.getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    try {
      await sleep(300); // the others learn that a dashboard is listening here
      await within(Date.now(), async () => (await answers(nodes[2]!, p)).status === 200);
      await eventually(async () => text.includes('execution.finished') && text.includes(p.id), 3000);
    } finally {
      ctl.abort();
      await reading;
    }
  });

  it('an every-second schedule fires exactly once per tick across the three', async () => {
    const every = doc(
      [
        { id: 'tick', type: 'OnSchedule', config: { cron: '* * * * * *', timezone: 'UTC' } },
        { id: 'log', type: 'Log', defaults: { message: 'tick' } },
      ],
      ['tick.then -> log.exec'],
      { name: 'every second' },
    );
    const p = expectOk(await api(nodes[1]!, '/api/patterns', { json: every }), 201);
    const d = expectOk(await api(nodes[1]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    const from = Date.now();
    await sleep(60_000); // a minute (issue 12)
    expectOk(await api(nodes[1]!, `/api/patterns/${p.id}/pause`, { json: {} }));
    const to = Date.now();
    const runs = expectOk(await api(nodes[0]!, `/api/deployments/${d.deploymentId}/runs?limit=500`));
    const stamps = runs.map((r: any) => r.triggerData.timestamp as string);
    expect(new Set(stamps).size).toBe(stamps.length); // no tick twice
    // Every second between (a little after) the deploy and the pause fired.
    for (let s = Math.ceil(from / 1000) + 2; s < Math.floor(to / 1000) - 1; s++) expect(stamps).toContain(new Date(s * 1000).toISOString());
    // And the ticks were taken by more than one instance.
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      const r = await c.query(`select count(distinct instance_id)::int as n from ${schema}.schedule_ticks where pattern_id = $1 and outcome = 'fired'`, [p.id]);
      expect(r.rows[0].n).toBeGreaterThan(1);
    } finally {
      await c.end();
    }
  }, 90_000);

  it('work queued on a busy instance starts on the idle ones at once (told by a message, not at their next poll)', async () => {
    // Three deployments of one owner (8 of its executions may run at once across the cluster), three
    // executions each, all sent to the first instance, which runs 4 at a time.
    const ps: { id: string; webhookUrl: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const p = expectOk(await api(nodes[0]!, '/api/patterns', { json: { ...delayedDoc(1.5), name: `spill ${i}` } }), 201);
      expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
      ps.push(p);
    }
    await Promise.all(ps.flatMap((p) => nodes.map((n) => within(Date.now(), async () => (await answers(n, p)).status === 202))));
    // The readiness calls' executions are over (they queued behind the owner's cap too).
    const idle = { api: (path: string, o = {}) => api(nodes[0]!, path, o) };
    await eventually(
      async () => {
        for (const p of ps) if ((await runsOf(idle, p.id)).data.some((r) => r.status !== 'completed')) return undefined;
        return true;
      },
      10_000,
      100,
    );
    const sentAt = Date.now();
    const accepted = await Promise.all(
      ps.flatMap((p) => [0, 1, 2].map(async (i) => (await request(nodes[0]!.url, hookPath(p), { json: { i } })).body.runId as string)),
    );
    const started = await eventually(
      async () => {
        const r = await Promise.all(accepted.map(async (id) => (await api(nodes[1]!, `/api/runs/${id}`)).body?.data));
        const now = r.filter((x) => x?.startedAt);
        return now.length >= 8 ? now : undefined;
      },
      3000,
      20,
    );
    expect(new Set(started.map((r) => r.instanceId)).size).toBeGreaterThanOrEqual(2);
    // The 8 began well before a poll (every second) would have found the ones the first could not take.
    const late = started.map((r) => Date.parse(r.startedAt) - sentAt).sort((a, b) => a - b)[7]!;
    expect(late).toBeLessThan(250);
  }, 30_000);

  it('kill -9 of one under queued load: every accepted execution completes, once, none stuck', async () => {
    const p = expectOk(await api(nodes[0]!, '/api/patterns', { json: delayedDoc(1) }), 201);
    expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    await Promise.all(nodes.map((n) => within(Date.now(), async () => (await answers(n, p)).status === 202)));
    const accepted: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await request(nodes[i % 3]!.url, hookPath(p), { json: { i } });
      expect(r.status).toBe(202);
      accepted.push(r.body.runId);
    }
    const victim = nodes[2]!;
    const killedAt = Date.now();
    await kill9(victim);
    nodes = [nodes[0]!, nodes[1]!, await start()]; // a replacement joins; the dead one's work is taken over by the lease
    const statuses = await eventually(
      async () => {
        const s = await Promise.all(accepted.map(async (id) => expectOk(await api(nodes[0]!, `/api/runs/${id}`)).status as string));
        return s.every((x) => x === 'completed') ? s : undefined;
      },
      (LEASE + 15) * 1000,
      200,
    );
    expect(statuses).toHaveLength(30);
    expect(Date.now() - killedAt).toBeLessThan((LEASE + 15) * 1000);
    const gone = expectOk(await api(nodes[0]!, '/api/cluster')).instances.find((i: any) => i.pid === victim.proc.pid);
    expect(gone?.alive).toBe(false);
  }, 60_000);
  it('a rolling restart of all three under load fails no request (a load balancer that follows /readyz)', async () => {
    const p = expectOk(await api(nodes[0]!, '/api/patterns', { json: respondDoc({ up: true }) }), 201);
    expectOk(await api(nodes[0]!, `/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    await Promise.all(nodes.map((n) => within(Date.now(), async () => (await answers(n, p)).status === 200)));
    // The balancer: round-robin over the instances whose /readyz said 200 at its last look (every
    // 100 ms), as a Kubernetes Service or an nginx with health checks does.
    const ready = new Set<string>(nodes.map((n) => n.url));
    const poll = setInterval(() => {
      for (const n of nodes)
        fetch(`${n.url}/readyz`)
          .then((r) => (r.status === 200 ? ready.add(n.url) : ready.delete(n.url)))
          .catch(() => ready.delete(n.url));
    }, 100);
    let turn = 0;
    const lb: Server = createServer((req, res) => {
      const targets = [...ready];
      const target = new URL(targets[turn++ % targets.length]!);
      const up = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      up.on('error', () => {
        res.writeHead(599);
        res.end('balancer: upstream failed');
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => lb.listen(0, '127.0.0.1', r));
    const lbUrl = `http://127.0.0.1:${(lb.address() as { port: number }).port}`;
    let stop = false;
    const failures: string[] = [];
    let done = 0;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!stop) {
          const r = await request(lbUrl, hookPath(p), { json: {} }).catch((e: Error) => ({ status: 0, body: e.message }));
          if (r.status !== 200) failures.push(`${r.status} ${JSON.stringify(r.body)}`);
          done++;
        }
      }),
    );
    try {
      for (let i = 0; i < 3; i++) {
        const old = nodes[i]!;
        old.proc.kill('SIGTERM');
        await new Promise((r) => old.proc.once('exit', r));
        const fresh = await start();
        nodes[i] = fresh;
        await eventually(async () => ready.has(fresh.url), 5000);
      }
      await sleep(300);
    } finally {
      stop = true;
      await load;
      clearInterval(poll);
      lb.close();
    }
    expect(done).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 90_000);
});
