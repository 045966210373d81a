// The deployment lifecycle over HTTP (SPEC §6, §9), on SQLite and on PostgreSQL: deploy, failed
// deploys that change nothing, redeploy, pause/resume, undeploy, rollback, versions, diff, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  brokenDoc,
  createPattern,
  doc,
  expectError,
  expectOk,
  hookPath,
  respondDoc,
  runsOf,
  startServer,
  type PatternResource,
  type TestServer,
} from './harness.js';

describe.each(BACKENDS)('deployment lifecycle on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ backend });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const v1 = () => respondDoc('one', { name: 'lifecycle' });
  const v2 = () =>
    doc(
      [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
        { id: 'log', type: 'Log', defaults: { message: 'v2 here' } },
        { id: 'respond', type: 'RespondToWebhook', defaults: { status: 200, body: 'two' } },
      ],
      ['hook.then -> log.exec', 'log.then -> respond.exec'],
      { name: 'lifecycle' },
    );
  const hit = (p: PatternResource) => s.raw(hookPath(p), { json: { n: 1 } });
  const ids = new Set<string>();
  let p: PatternResource;

  /** The webhook id and URL never change: not on redeploy, undeploy, rollback or edits. */
  async function sameUrl() {
    const now = expectOk(await s.api(`/api/patterns/${p.id}`));
    expect(now.webhookId).toBe(p.webhookId);
    expect(now.webhookUrl).toBe(p.webhookUrl);
    ids.add(now.webhookId);
  }

  it('deploy → 201 {deploymentId, version, status, triggers, webhookUrl}; the webhook answers', async () => {
    p = await createPattern(s, v1());
    const d = expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: { note: 'first' } }), 201);
    expect(d).toMatchObject({ version: 1, status: 'active', webhookUrl: p.webhookUrl, triggers: [{ type: 'OnWebhook', webhookUrl: p.webhookUrl }] });
    for (const k of ['deploymentId', 'version', 'status', 'triggers', 'webhookUrl']) expect(d).toHaveProperty(k);
    expect(d.deploymentId).toMatch(/^dep_/);
    const r = await hit(p);
    expect(r.status).toBe(200);
    expect(r.text).toBe('one');
    const dep = expectOk(await s.api(`/api/patterns/${p.id}/deployment`));
    expect(dep).toMatchObject({
      id: d.deploymentId,
      patternId: p.id,
      status: 'active',
      version: 1,
      pausedReason: null,
      pausedBy: null,
      webhookUrl: p.webhookUrl,
    });
    expect(expectOk(await s.api(`/api/patterns/${p.id}`)).deployment).toMatchObject({ id: d.deploymentId, status: 'active', version: 1 });
    await sameUrl();
  });

  it('a deploy that fails to compile is 422 COMPILE_FAILED with details.errors, and changes nothing', async () => {
    const before = await s.api(`/api/audit?patternId=${p.id}`);
    expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: brokenDoc() }));
    const r = await s.api(`/api/patterns/${p.id}/deploy`, { json: {} });
    expectError(r, 422, 'COMPILE_FAILED');
    expect(Object.keys(r.body.error.details).sort()).toEqual(['errors', 'warnings']);
    expect(r.body.error.details.errors.map((e: { code: string }) => e.code).sort()).toEqual(['REQUIRED_PIN_UNCONNECTED', 'UNKNOWN_NODE_TYPE']);
    for (const e of r.body.error.details.errors) expect(e).toHaveProperty('message');
    // The previous version keeps serving; no version, no audit entry, the deployment untouched.
    const h = await hit(p);
    expect([h.status, h.text]).toEqual([200, 'one']);
    expect(expectOk(await s.api(`/api/patterns/${p.id}/versions`)).map((v: { version: number }) => v.version)).toEqual([1]);
    expect(expectOk(await s.api(`/api/patterns/${p.id}/deployment`))).toMatchObject({ version: 1, status: 'active' });
    expect((await s.api(`/api/audit?patternId=${p.id}`)).body.meta.total).toBe(before.body.meta.total);
    await sameUrl();
  });

  it('redeploy → version 2, served at once, same URL', async () => {
    expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: v2() }));
    const d = expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: { note: 'second' } }), 201);
    expect(d).toMatchObject({ version: 2, status: 'active', webhookUrl: p.webhookUrl });
    const h = await hit(p);
    expect([h.status, h.text]).toEqual([200, 'two']);
    await sameUrl();
  });

  it('pause → webhook 503 DEPLOYMENT_PAUSED and nothing starts; resume → served again', async () => {
    const runsBefore = (await runsOf(s, p.id)).meta.total;
    const paused = expectOk(await s.api(`/api/patterns/${p.id}/pause`, { json: { reason: 'maintenance' } }));
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'maintenance', pausedBy: 'user', version: 2 });
    expect(paused.pausedAt).toEqual(expect.any(String));
    expectError(await hit(p), 503, 'DEPLOYMENT_PAUSED');
    expectError(await s.raw(hookPath(p), { method: 'GET' }), 503, 'DEPLOYMENT_PAUSED');
    expect((await runsOf(s, p.id)).meta.total).toBe(runsBefore);
    expect(expectOk(await s.api(`/api/patterns/${p.id}`)).deployment).toMatchObject({ status: 'paused', pausedReason: 'maintenance', pausedBy: 'user' });
    const resumed = expectOk(await s.api(`/api/patterns/${p.id}/resume`, { json: {} }));
    expect(resumed).toMatchObject({ status: 'active', pausedReason: null, pausedBy: null, pausedAt: null, version: 2 });
    const h = await hit(p);
    expect([h.status, h.text]).toEqual([200, 'two']);
    await sameUrl();
  });

  it('undeploy → webhook 404 NOT_DEPLOYED; the draft, versions and history remain', async () => {
    const runsBefore = (await runsOf(s, p.id)).meta.total;
    expect(runsBefore).toBeGreaterThan(0);
    const u = expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { method: 'DELETE' }));
    expect(u).toMatchObject({ status: 'undeployed' });
    expectError(await hit(p), 404, 'NOT_DEPLOYED');
    expect(expectOk(await s.api(`/api/patterns/${p.id}`))).toMatchObject({ nodes: v2().nodes, deployment: { status: 'undeployed' } });
    expect(expectOk(await s.api(`/api/patterns/${p.id}/versions`))).toHaveLength(2);
    expect((await runsOf(s, p.id)).meta.total).toBe(runsBefore);
    await sameUrl();
  });

  it('pause or resume of an undeployed pattern does not bring it back; undeploying again changes nothing', async () => {
    const audit = expectOk(await s.api(`/api/audit?patternId=${p.id}`)).length;
    expect(expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { method: 'DELETE' }))).toMatchObject({ status: 'undeployed' });
    expect(expectOk(await s.api(`/api/audit?patternId=${p.id}`))).toHaveLength(audit);
    expectError(await s.api(`/api/patterns/${p.id}/resume`, { json: {} }), 409, 'CONFLICT');
    expectError(await s.api(`/api/patterns/${p.id}/pause`, { json: {} }), 409, 'CONFLICT');
    expectError(await hit(p), 404, 'NOT_DEPLOYED');
    expect(expectOk(await s.api(`/api/patterns/${p.id}/deployment`)).status).toBe('undeployed');
  });

  it('deploy after undeploy → version 3, same URL', async () => {
    const d = expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    expect(d).toMatchObject({ version: 3, status: 'active', webhookUrl: p.webhookUrl });
    expect((await hit(p)).text).toBe('two');
    await sameUrl();
  });

  it("rollback {version: 1} deploys version 1's graph as version 4", async () => {
    const d = expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: { version: 1, note: 'back to one' } }), 201);
    expect(d).toMatchObject({ version: 4, status: 'active', webhookUrl: p.webhookUrl });
    const h = await hit(p);
    expect([h.status, h.text]).toEqual([200, 'one']);
    const v4 = expectOk(await s.api(`/api/patterns/${p.id}/versions/4`));
    const v1g = expectOk(await s.api(`/api/patterns/${p.id}/versions/1`));
    expect(v4.document).toEqual(v1g.document);
    expect(v1g.pins).toEqual(expect.any(Object));
    // The draft is not touched by a rollback.
    expect(expectOk(await s.api(`/api/patterns/${p.id}`)).nodes).toEqual(v2().nodes);
    expectError(await s.api(`/api/patterns/${p.id}/deploy`, { json: { version: 99 } }), 404, 'NOT_FOUND');
    expectError(await s.api(`/api/patterns/${p.id}/deploy`, { json: { version: 'one' } }), 400, 'VALIDATION_ERROR');
    expectError(await s.api(`/api/patterns/${p.id}/deploy`, { json: { note: 5 } }), 400, 'VALIDATION_ERROR');
    await sameUrl();
    expect(ids.size).toBe(1);
  });

  it("versions list, newest first, with who, when and note; a version's graph", async () => {
    const list = expectOk(await s.api(`/api/patterns/${p.id}/versions`));
    expect(list.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
    expect(list[0]).toMatchObject({ patternId: p.id, version: 4, note: 'back to one', createdBy: s.admin.user.id });
    expect(list[3]).toMatchObject({ version: 1, note: 'first' });
    for (const v of list) expect(Date.parse(v.createdAt)).not.toBeNaN();
    const g = expectOk(await s.api(`/api/patterns/${p.id}/versions/2`));
    expect(g).toMatchObject({ patternId: p.id, version: 2, note: 'second', createdBy: s.admin.user.id });
    expect(g.document.nodes).toEqual(v2().nodes);
    expectError(await s.api(`/api/patterns/${p.id}/versions/77`), 404, 'NOT_FOUND');
    expectError(await s.api(`/api/patterns/${p.id}/versions/abc`), 400, 'VALIDATION_ERROR');
  });

  it('diff of two versions: nodes and wires added, removed, changed', async () => {
    const d = expectOk(await s.api(`/api/patterns/${p.id}/versions/1/diff/2`));
    expect(d.from).toBe(1);
    expect(d.to).toBe(2);
    expect(d.nodes.added.map((n: { id: string }) => n.id)).toEqual(['log']);
    expect(d.nodes.removed).toEqual([]);
    expect(d.nodes.changed).toEqual([expect.objectContaining({ id: 'respond', fields: ['defaults'] })]);
    expect(d.wires.added).toEqual(
      expect.arrayContaining([
        { from: { node: 'hook', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
        { from: { node: 'log', pin: 'then' }, to: { node: 'respond', pin: 'exec' } },
      ]),
    );
    expect(d.wires.added).toHaveLength(2);
    expect(d.wires.removed).toEqual([{ from: { node: 'hook', pin: 'then' }, to: { node: 'respond', pin: 'exec' } }]);
    const back = expectOk(await s.api(`/api/patterns/${p.id}/versions/2/diff/4`));
    expect(back.nodes.removed.map((n: { id: string }) => n.id)).toEqual(['log']);
    expect(back.nodes.added).toEqual([]);
    const same = expectOk(await s.api(`/api/patterns/${p.id}/versions/1/diff/4`));
    expect(same).toMatchObject({ nodes: { added: [], removed: [], changed: [] }, wires: { added: [], removed: [] } });
    expectError(await s.api(`/api/patterns/${p.id}/versions/1/diff/9`), 404, 'NOT_FOUND');
  });

  it('the audit trail lists deploy, pause, resume, undeploy and rollback with who and when, newest first', async () => {
    const r = await s.api(`/api/audit?patternId=${p.id}`);
    const entries = expectOk(r);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['rollback', 'deploy', 'undeploy', 'resume', 'pause', 'deploy', 'deploy']);
    for (const e of entries) {
      expect(e).toMatchObject({ userId: s.admin.user.id, patternId: p.id });
      expect(Date.parse(e.at)).not.toBeNaN();
    }
    expect(entries[0].details).toMatchObject({ version: 4, fromVersion: 1 });
    expect(entries[4].details).toMatchObject({ reason: 'maintenance' });
    expect(r.body.meta).toEqual({ total: 7, limit: 50, offset: 0 });
    const page = await s.api(`/api/audit?patternId=${p.id}&limit=2&offset=1`);
    expect(expectOk(page).map((e: { action: string }) => e.action)).toEqual(['deploy', 'undeploy']);
  });

  it('GET /api/deployments lists the deployment with its pattern, trigger and version', async () => {
    const list = expectOk(await s.api('/api/deployments'));
    const mine = list.find((d: { patternId: string }) => d.patternId === p.id);
    expect(mine).toMatchObject({ status: 'active', version: 4, patternName: 'lifecycle', trigger: 'OnWebhook' });
    expect(expectOk(await s.api(`/api/deployments/${mine.id}`))).toMatchObject({
      id: mine.id,
      patternId: p.id,
      version: 4,
      patternName: expect.any(String),
      trigger: expect.stringMatching(/^On/),
    });
    expectError(await s.api('/api/deployments/dep_nope'), 404, 'NOT_FOUND');
  });

  it('lifecycle calls on a pattern never deployed are 404; an OnStart pattern deploys like any other', async () => {
    const q = await createPattern(s, { name: 'Starter' });
    expectError(await s.api(`/api/patterns/${q.id}/pause`, { json: {} }), 404, 'NOT_FOUND');
    expectError(await s.api(`/api/patterns/${q.id}/resume`, { json: {} }), 404, 'NOT_FOUND');
    expectError(await s.api(`/api/patterns/${q.id}/deploy`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    expectError(await s.api(`/api/patterns/${q.id}/deployment`), 404, 'NOT_FOUND');
    expectError(await s.raw(hookPath(q), { json: {} }), 404, 'NOT_DEPLOYED');
    const d = expectOk(await s.api(`/api/patterns/${q.id}/deploy`, { json: {} }), 201);
    expect(d).toMatchObject({ version: 1, status: 'active', triggers: [{ type: 'OnStart' }] });
    // Its webhook URL exists but it is not started by webhooks.
    expectError(await s.raw(hookPath(q), { json: {} }), 404, 'NOT_DEPLOYED');
  });

  it('concurrent deploys of one pattern get distinct versions, and the live one is the newest', async () => {
    const q = await createPattern(s, respondDoc('race'));
    const all = await Promise.all([0, 1, 2, 3].map(() => s.api(`/api/patterns/${q.id}/deploy`, { json: {} })));
    for (const r of all) expect([201, 409]).toContain(r.status);
    const versions = all.filter((r) => r.status === 201).map((r) => r.body.data.version);
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions).size).toBe(versions.length);
    const dep = expectOk(await s.api(`/api/patterns/${q.id}/deployment`));
    expect(dep.version).toBe(Math.max(...versions));
    expect((await s.raw(hookPath(q), { json: {} })).text).toBe('race');
    const runs = await runsOf(s, q.id);
    expect(runs.data[0].version).toBe(dep.version);
  });
});
