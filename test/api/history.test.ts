// Execution history over HTTP (SPEC §8): run resources with every field and a node-by-node log,
// newest first, filters and paging, listed within a second of starting, every run with its version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  createPattern,
  delayedDoc,
  deployed,
  doc,
  eventually,
  expectError,
  expectOk,
  hookPath,
  runsOf,
  saveAndDeploy,
  sleep,
  startServer,
  type TestServer,
} from './harness.js';

/** lastNode: body.fail → ThrowError, else Log(body.msg). */
const forkDoc = (tag: string) =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' }, name: 'Incoming' },
      { id: 'fail', type: 'GetProperty', defaults: { key: 'fail' } },
      { id: 'branch', type: 'Branch', name: 'Fail?' },
      { id: 'boom', type: 'ThrowError', defaults: { message: 'asked to fail' } },
      { id: 'msg', type: 'GetProperty', defaults: { key: 'msg' } },
      { id: 'log', type: 'Log', name: `Say (${tag})` },
    ],
    [
      'hook.then -> branch.exec',
      'hook.body -> fail.object',
      'fail.value -> branch.condition',
      'branch.true -> boom.exec',
      'branch.false -> log.exec',
      'hook.body -> msg.object',
      'msg.value -> log.message',
    ],
    { name: 'fork' },
  );

const RUN_KEYS = [
  'id',
  'deploymentId',
  'patternId',
  'version',
  'status',
  'triggeredBy',
  'parentRunId',
  'startedAt',
  'finishedAt',
  'durationMs',
  'triggerData',
  'error',
];

describe.each(BACKENDS)('execution history on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ backend });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('lists runs newest first, filtered by status, triggeredBy and version, paged with meta', async () => {
    const p = await createPattern(s, forkDoc('v1'));
    const dep = expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    const fire = (fail: boolean, msg: string) => s.raw(hookPath(p), { json: { fail, msg } });
    const ids: string[] = [];
    for (const [fail, msg] of [
      [false, 'a'],
      [true, 'b'],
      [false, 'c'],
    ] as const) {
      const r = await fire(fail, msg);
      expect(r.status).toBe(fail ? 500 : 200);
      ids.push(fail ? r.body.error.runId : r.body.runId);
    }
    await saveAndDeploy(s, p.id, forkDoc('v2'));
    for (const [fail, msg] of [
      [true, 'd'],
      [false, 'e'],
    ] as const) {
      const r = await fire(fail, msg);
      ids.push(fail ? r.body.error.runId : r.body.runId);
      await sleep(2);
    }
    const all = await runsOf(s, p.id);
    expect(all.data.map((r) => r.id)).toEqual([...ids].reverse());
    expect(all.meta).toEqual({ total: 5, limit: 50, offset: 0 });
    for (const r of all.data) {
      expect(Object.keys(r).sort()).toEqual([...RUN_KEYS].sort());
      expect(r.deploymentId).toBe(dep.deploymentId);
    }
    expect(all.data.map((r) => r.version)).toEqual([2, 2, 1, 1, 1]);
    const base = `/api/deployments/${dep.deploymentId}/runs`;
    const failed = await s.api(`${base}?status=failed`);
    expect(expectOk(failed).map((r: { id: string }) => r.id)).toEqual([ids[3], ids[1]]);
    expect(failed.body.meta.total).toBe(2);
    expect(expectOk(await s.api(`${base}?version=1`)).map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(expectOk(await s.api(`${base}?version=2&status=completed`)).map((r: { id: string }) => r.id)).toEqual([ids[4]]);
    expect(expectOk(await s.api(`${base}?triggeredBy=webhook`))).toHaveLength(5);
    expect(expectOk(await s.api(`${base}?triggeredBy=schedule`))).toEqual([]);
    const page = await s.api(`${base}?limit=2&offset=1`);
    expect(expectOk(page).map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2]]);
    expect(page.body.meta).toEqual({ total: 5, limit: 2, offset: 1 });
    expect(expectOk(await s.api(`${base}?offset=10`))).toEqual([]);
    expectError(await s.api(`${base}?version=x`), 400, 'VALIDATION_ERROR');
    expectError(await s.api(`${base}?limit=100000`), 400, 'VALIDATION_ERROR');
    expectError(await s.api(`${base}?limit=abc`), 400, 'VALIDATION_ERROR');
    expectError(await s.api('/api/deployments/dep_nope/runs'), 404, 'NOT_FOUND');
  });

  it('GET /api/runs/:runId has every SPEC §8 field and the node-by-node log', async () => {
    const p = await deployed(s, forkDoc('one'));
    const ok = await s.raw(`${hookPath(p)}?q=1`, { json: { fail: false, msg: 'hello log' }, headers: { 'x-trace': 't' } });
    const run = expectOk(await s.api(`/api/runs/${ok.body.runId}`));
    for (const k of [...RUN_KEYS, 'log']) expect(run).toHaveProperty(k);
    expect(run).toMatchObject({ id: ok.body.runId, patternId: p.id, version: 1, status: 'completed', triggeredBy: 'webhook', parentRunId: null, error: null });
    expect(run.deploymentId).toMatch(/^dep_/);
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    expect(typeof run.durationMs).toBe('number');
    expect(run.triggerData).toMatchObject({ body: { fail: false, msg: 'hello log' }, method: 'POST', query: { q: '1' }, headers: { 'x-trace': 't' } });
    expect(Array.isArray(run.log)).toBe(true);
    for (const e of run.log) {
      expect(Object.keys(e).filter((k) => !['timestamp', 'nodeId', 'nodeName', 'event', 'output', 'durationMs'].includes(k))).toEqual([]);
      expect(Date.parse(e.timestamp)).not.toBeNaN();
      expect(['start', 'finish', 'log', 'error']).toContain(e.event);
    }
    const seen = run.log.map((e: { nodeId: string; event: string }) => `${e.nodeId}:${e.event}`);
    expect(seen).toEqual(expect.arrayContaining(['branch:start', 'log:start', 'log:log', 'log:finish']));
    expect(seen).not.toContain('boom:start');
    expect(run.log.find((e: { nodeId: string }) => e.nodeId === 'branch').nodeName).toBe('Fail?');
    const logLine = run.log.find((e: { event: string }) => e.event === 'log');
    expect(JSON.stringify(logLine)).toContain('hello log');
    // A failed run carries {code, message, type, nodeId} and an error entry in its log.
    const bad = await s.raw(hookPath(p), { json: { fail: true, msg: 'x' } });
    const failed = expectOk(await s.api(`/api/runs/${bad.body.error.runId}`));
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'USER_ERROR', message: 'asked to fail', type: expect.any(String), nodeId: 'boom' });
    expect(failed.log.some((e: { nodeId: string; event: string }) => e.nodeId === 'boom' && e.event === 'error')).toBe(true);
    expectError(await s.api('/api/runs/run_doesnotexist'), 404, 'NOT_FOUND');
  });

  it('a run is listed within one second of starting (while it is still running)', async () => {
    const p = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
          { id: 'wait', type: 'Delay', defaults: { seconds: 1.5 } },
          { id: 'respond', type: 'RespondToWebhook', defaults: { body: 'late' } },
        ],
        ['hook.then -> wait.exec', 'wait.then -> respond.exec'],
      ),
    );
    const t0 = Date.now();
    const pending = s.raw(hookPath(p), { json: {} });
    const listed = await eventually(async () => (await runsOf(s, p.id)).data[0], 1000, 20);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(listed.status).toBe('running');
    expect(listed.finishedAt).toBeNull();
    expect(expectOk(await s.api(`/api/runs/${listed.id}`)).status).toBe('running');
    expect((await pending).text).toBe('late');
    // RespondToWebhook answers as it runs; the execution's end is recorded just after.
    expect(await eventually(async () => expectOk(await s.api(`/api/runs/${listed.id}`)).status === 'completed', 2000)).toBe(true);
  });

  it('an accepted immediate run is listed within one second even behind a slow one', async () => {
    const p = await deployed(s, delayedDoc(1.5));
    const t0 = Date.now();
    const first = await s.raw(hookPath(p), { json: { n: 1 } });
    await sleep(100);
    const second = await s.raw(hookPath(p), { json: { n: 2 } });
    const t1 = Date.now();
    expect([first.status, second.status]).toEqual([202, 202]);
    const seen = await eventually(
      async () => {
        const r = await s.api(`/api/runs/${second.body.runId}`);
        return r.status === 200 ? r.body.data : undefined;
      },
      1000,
      20,
    );
    expect(Date.now() - t1).toBeLessThan(1000);
    expect(['running', 'queued']).toContain(seen.status);
    // Both run at the same time: both done well before 2 × 1.5 s.
    await eventually(async () => (await runsOf(s, p.id, 'status=completed')).meta.total === 2, 4000);
    expect(Date.now() - t0).toBeLessThan(2900);
  });

  it('a pattern call records triggeredBy "pattern_call" and its caller as parentRunId', async () => {
    const callee = await deployed(s, {
      format: 'dragops.pattern/1',
      name: 'callee',
      nodes: [
        { id: 'in', type: 'OnPatternCall', config: { inputs: [], outputs: [{ name: 'x', type: 'Integer' }] } },
        { id: 'out', type: 'RespondWith', defaults: { x: 7 } },
      ],
      wires: [{ from: { node: 'in', pin: 'then' }, to: { node: 'out', pin: 'exec' } }],
    });
    const caller = await deployed(
      s,
      doc(
        [
          { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
          { id: 'call', type: 'CallPattern', config: { pattern: callee.id } },
          { id: 'respond', type: 'RespondToWebhook' },
        ],
        ['hook.then -> call.exec', 'call.then -> respond.exec', 'call.x -> respond.body'],
      ),
    );
    const r = await s.raw(hookPath(caller), { json: {} });
    expect([r.status, r.text]).toEqual([200, '7']);
    const parent = (await runsOf(s, caller.id)).data[0];
    const child = (await runsOf(s, callee.id)).data[0];
    expect(child).toMatchObject({ triggeredBy: 'pattern_call', parentRunId: parent.id, version: 1, status: 'completed' });
    expect(parent).toMatchObject({ triggeredBy: 'webhook', parentRunId: null });
  });

  it('every run records the version it ran on', async () => {
    const p = await deployed(s, delayedDoc(0));
    await s.raw(hookPath(p), { json: { n: 1 } });
    await saveAndDeploy(s, p.id, delayedDoc(0));
    await s.raw(hookPath(p), { json: { n: 2 } });
    await s.raw(hookPath(p), { json: { n: 3 } });
    const runs = await eventually(async () => {
      const r = await runsOf(s, p.id, 'status=completed');
      return r.meta.total === 3 ? r.data : undefined;
    });
    const versionOf = Object.fromEntries(runs.map((r) => [r.triggerData.body.n, r.version]));
    expect(versionOf).toEqual({ 1: 1, 2: 2, 3: 2 });
  });

  it('runs stay readable after the pattern is undeployed', async () => {
    const p = await deployed(s, forkDoc('x'));
    const r = await s.raw(hookPath(p), { json: { fail: false, msg: 'kept' } });
    expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { method: 'DELETE' }));
    expect(expectOk(await s.api(`/api/runs/${r.body.runId}`)).status).toBe('completed');
    expect((await runsOf(s, p.id)).meta.total).toBe(1);
  });
});
