// The patterns API (SPEC §9): drafts, import/export, clone, validate, test runs, webhook secrets.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenDoc, createPattern, doc, echoDoc, expectError, expectOk, startServer, type TestServer } from './harness.js';

const hello = JSON.parse(readFileSync(new URL('../../examples/hello-world.pattern.json', import.meta.url), 'utf8'));
const w1 = JSON.parse(readFileSync(new URL('../../examples/w1-order-summary.pattern.json', import.meta.url), 'utf8'));

describe('patterns API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  const RESOURCE_KEYS = ['id', 'webhookId', 'webhookUrl', 'webhookSecret', 'createdAt', 'updatedAt', 'deployment'];

  it('create: 201, a pat_ id, an unguessable webhookId, its webhookUrl and a webhookSecret', async () => {
    const r = await s.api('/api/patterns', { json: w1 });
    const p = expectOk(r, 201);
    for (const k of RESOURCE_KEYS) expect(p).toHaveProperty(k);
    expect(p.id).toMatch(/^pat_[A-Za-z0-9]{12,}$/);
    expect(p.webhookId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(p.webhookUrl).toBe(`${s.url}/webhooks/${p.webhookId}`);
    expect(p.webhookSecret).toMatch(/^[0-9a-f]{32,}$/);
    expect(p.deployment).toBeNull();
    expect(Date.parse(p.createdAt)).not.toBeNaN();
    expect(p.updatedAt).toBe(p.createdAt);
    // The document comes back as sent.
    expect(p).toMatchObject({ format: w1.format, name: w1.name, nodes: w1.nodes, wires: w1.wires, variables: w1.variables });
    // Every pattern gets its own ids.
    const q = expectOk(await s.api('/api/patterns', { json: w1 }), 201);
    expect(q.id).not.toBe(p.id);
    expect(q.webhookId).not.toBe(p.webhookId);
    expect(q.webhookSecret).not.toBe(p.webhookSecret);
    // An id in the body is kept when it is free (SPEC §15; test/api/files.test.ts has the rest).
    const r2 = expectOk(await s.api('/api/patterns', { json: { ...hello, id: 'pat_mine' } }), 201);
    expect(r2.id).toBe('pat_mine');
  });

  it('create from {name} only starts with one OnStart node', async () => {
    const p = await createPattern(s, { name: 'Fresh' });
    expect(p.name).toBe('Fresh');
    expect(p.format).toBe('dragops.pattern/1');
    expect(p.nodes).toHaveLength(1);
    expect(p.nodes[0].type).toBe('OnStart');
    expect(p.wires).toEqual([]);
    // And it compiles: an OnStart pattern runs and deploys like any other.
    expect(expectOk(await s.api(`/api/patterns/${p.id}/validate`, { json: {} })).errors).toEqual([]);
  });

  it('create: an invalid document is 400 INVALID_DOCUMENT with every problem and its path', async () => {
    const r = await s.api('/api/patterns', {
      json: { format: 'dragops.pattern/1', nodes: [{ id: 'a', type: 'OnStart', colour: 'red' }], wires: [], extra: 1 },
    });
    expectError(r, 400, 'INVALID_DOCUMENT');
    const paths = r.body.error.details.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/nodes/0/colour']));
    for (const e of r.body.error.details.errors) expect(e.code).toBe('INVALID_DOCUMENT');
    expectError(await s.api('/api/patterns', { json: { format: 'dragops.pattern/9', nodes: [], wires: [] } }), 400, 'INVALID_DOCUMENT');
    expectError(await s.api('/api/patterns', { json: { name: 42 } }), 400, 'INVALID_DOCUMENT');
  });

  it('create: a body that is not an object is a 400, not a pattern', async () => {
    for (const raw of ['5', 'true', '"text"', '[]', 'null']) {
      const r = await s.api('/api/patterns', { raw, contentType: 'application/json' });
      expect(r.status, raw).toBeGreaterThanOrEqual(400);
      expect(r.status, raw).toBeLessThan(500);
      expect(r.body.success).toBe(false);
    }
  });

  it('read: GET /api/patterns/:id; unknown id 404 NOT_FOUND; list with meta', async () => {
    const p = await createPattern(s, { ...hello, name: 'Readable', tags: ['reading'] });
    const got = expectOk(await s.api(`/api/patterns/${p.id}`));
    expect(got).toEqual(p);
    expectError(await s.api('/api/patterns/pat_doesnotexist'), 404, 'NOT_FOUND');
    const list = await s.api('/api/patterns?tag=reading');
    expectOk(list);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(list.body.meta).toEqual({ total: 1, limit: 50, offset: 0 });
    const byName = await s.api('/api/patterns?search=readab&limit=1');
    expect(byName.body.meta).toMatchObject({ total: 1, limit: 1, offset: 0 });
    expectError(await s.api('/api/patterns?limit=0'), 400, 'VALIDATION_ERROR');
    expectError(await s.api('/api/patterns?offset=-1'), 400, 'VALIDATION_ERROR');
  });

  it('PUT stores any schema-valid draft, even one that does not compile (200)', async () => {
    const p = await createPattern(s, hello);
    const r = await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: brokenDoc() });
    const saved = expectOk(r);
    expect(saved.nodes.map((n: { type: string }) => n.type)).toEqual(['OnWebhook', 'Log', 'NoSuchNode']);
    expect(saved.revision).toBe(p.revision + 1);
    expect(saved.id).toBe(p.id);
    expect(saved.webhookId).toBe(p.webhookId);
    expect(Date.parse(saved.updatedAt)).toBeGreaterThanOrEqual(Date.parse(p.updatedAt));
    expect(expectOk(await s.api(`/api/patterns/${p.id}`)).nodes).toHaveLength(3);
    // GET → edit → PUT with the resource's own fields works too.
    const back = expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: { ...saved, name: 'Renamed' } }));
    expect(back.name).toBe('Renamed');
  });

  it('PUT of an invalid document is 400 INVALID_DOCUMENT with details, and stores nothing', async () => {
    const p = await createPattern(s, hello);
    const r = await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: { format: 'dragops.pattern/1', nodes: 'nope', wires: [] } });
    expectError(r, 400, 'INVALID_DOCUMENT');
    expect(r.body.error.details.errors[0]).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/nodes' });
    expect(expectOk(await s.api(`/api/patterns/${p.id}`))).toMatchObject({ nodes: hello.nodes, revision: p.revision });
    expectError(await s.api('/api/patterns/pat_nope', { method: 'PUT', json: hello }), 404, 'NOT_FOUND');
  });

  it('a concurrent edit with a stale revision is 409 CONFLICT (body or If-Match)', async () => {
    const p = await createPattern(s, hello);
    const first = expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: { ...hello, name: 'A', revision: p.revision } }));
    expect(first.revision).toBe(p.revision + 1);
    const stale = await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: { ...hello, name: 'B', revision: p.revision } });
    expectError(stale, 409, 'CONFLICT');
    expect(stale.body.error.details).toEqual({ revision: first.revision });
    expectError(
      await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: { ...hello, name: 'C' }, headers: { 'if-match': `"${p.revision}"` } }),
      409,
      'CONFLICT',
    );
    expect(expectOk(await s.api(`/api/patterns/${p.id}`)).name).toBe('A');
    expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: { ...hello, name: 'D' }, headers: { 'if-match': String(first.revision) } }));
    // Two writers racing on the same revision: exactly one wins.
    const now = expectOk(await s.api(`/api/patterns/${p.id}`)).revision;
    const race = await Promise.all(['E', 'F', 'G'].map((name) => s.api(`/api/patterns/${p.id}`, { method: 'PUT', json: { ...hello, name, revision: now } })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('delete: 200, then 404; deleting twice is 404', async () => {
    const p = await createPattern(s, hello);
    const r = expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'DELETE' }));
    expect(r).toMatchObject({ id: p.id, deleted: true });
    expectError(await s.api(`/api/patterns/${p.id}`), 404, 'NOT_FOUND');
    expectError(await s.api(`/api/patterns/${p.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  it('delete of a deployed pattern stops its webhook', async () => {
    const p = await createPattern(s, echoDoc());
    expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    expect((await s.raw(new URL(p.webhookUrl).pathname, { json: { a: 1 } })).status).toBe(200);
    expectOk(await s.api(`/api/patterns/${p.id}`, { method: 'DELETE' }));
    expectError(await s.raw(new URL(p.webhookUrl).pathname, { json: { a: 1 } }), 404, 'WEBHOOK_NOT_FOUND');
  });

  it('import/export round trip', async () => {
    const imported = expectOk(await s.api('/api/patterns/import', { json: w1 }), 201);
    expect(imported.id).toMatch(/^pat_/);
    const ex = await s.api(`/api/patterns/${imported.id}/export`);
    expect(ex.status).toBe(200);
    expect(ex.headers.get('content-disposition')).toContain(`${imported.id}.pattern.json`);
    expect(ex.body).toEqual({ ...w1, id: imported.id });
    // The export is a pattern file: importing it again makes a new pattern with the same graph.
    const again = expectOk(await s.api('/api/patterns/import', { json: ex.body }), 201);
    expect(again.id).not.toBe(imported.id);
    expect((await s.api(`/api/patterns/${again.id}/export`)).body).toEqual({ ...w1, id: again.id });
    expectError(await s.api('/api/patterns/import', { json: { nodes: [] } }), 400, 'INVALID_DOCUMENT');
  });

  it('clone: a new pattern with the same graph, its own ids and a (copy) name', async () => {
    const p = await createPattern(s, w1);
    const c = expectOk(await s.api(`/api/patterns/${p.id}/clone`, { json: {} }), 201);
    expect(c.id).not.toBe(p.id);
    expect(c.webhookId).not.toBe(p.webhookId);
    expect(c.name).toBe(`${w1.name} (copy)`);
    expect(c.nodes).toEqual(w1.nodes);
    expect(c.wires).toEqual(w1.wires);
    expect(c.deployment).toBeNull();
    const named = expectOk(await s.api(`/api/patterns/${p.id}/clone`, { json: { name: 'Twin' } }), 201);
    expect(named.name).toBe('Twin');
    const bad = await s.api(`/api/patterns/${p.id}/clone`, { json: { name: 42 } });
    expect(bad.status).toBe(400);
    expectError(await s.api('/api/patterns/pat_nope/clone', { json: {} }), 404, 'NOT_FOUND');
  });

  it('validate → {errors, warnings, pins}', async () => {
    const good = await createPattern(s, hello);
    expect(expectOk(await s.api(`/api/patterns/${good.id}/validate`, { json: {} }))).toEqual({ errors: [], warnings: [], pins: {} });
    const bad = await createPattern(s, brokenDoc());
    const v = expectOk(await s.api(`/api/patterns/${bad.id}/validate`, { json: {} }));
    expect(Object.keys(v).sort()).toEqual(['errors', 'pins', 'warnings']);
    expect(v.errors.map((e: { code: string }) => e.code).sort()).toEqual(['REQUIRED_PIN_UNCONNECTED', 'UNKNOWN_NODE_TYPE']);
    expect(v.errors.find((e: { code: string }) => e.code === 'REQUIRED_PIN_UNCONNECTED')).toMatchObject({ nodeId: 'log', pin: 'message' });
    const warn = await createPattern(
      s,
      doc([
        { id: 's', type: 'OnStart' },
        { id: 'lonely', type: 'Log', defaults: { message: 'x' } },
      ]),
    );
    expect(expectOk(await s.api(`/api/patterns/${warn.id}/validate`, { json: {} })).warnings.map((w: { code: string }) => w.code)).toEqual([
      'UNREACHABLE_NODE',
    ]);
  });

  it('validate gives the pins of nodes whose pins depend on their config, as configured', async () => {
    const p = await createPattern(s, {
      ...doc(
        [
          { id: 's', type: 'OnStart' },
          { id: 'obj', type: 'MakeObject', config: { keys: ['name', 'age'] } },
          { id: 'get', type: 'GetVariable', config: { variable: 'count' } },
          { id: 'log', type: 'Log', defaults: { message: 'x' } },
        ],
        ['s.then -> log.exec'],
      ),
      variables: [{ name: 'count', type: 'Integer', default: 0 }],
    });
    const { pins } = expectOk(await s.api(`/api/patterns/${p.id}/validate`, { json: {} }));
    expect(Object.keys(pins).sort()).toEqual(['get', 'obj']);
    expect(pins.obj.inputs.map((x: { id: string }) => x.id)).toEqual(['name', 'age']);
    expect(pins.get.outputs).toEqual([expect.objectContaining({ id: 'value', type: 'Integer' })]);
  });

  it('run: a test run of the draft answers the finished execution', async () => {
    const p = await createPattern(s, hello);
    const r = expectOk(await s.api(`/api/patterns/${p.id}/run`, { json: {} }));
    expect(r).toMatchObject({ status: 'completed', error: null, response: null, logs: [{ level: 'info', message: 'Hello, world!', nodeId: 'say' }] });
    expect(r.runId).toMatch(/^run_/);
    expect(typeof r.durationMs).toBe('number');
    expect(r.log.map((e: { nodeId: string; event: string }) => `${e.nodeId}:${e.event}`)).toEqual(expect.arrayContaining(['say:start', 'say:finish']));
    // The webhook trigger gets the event; the draft is run, not a deployed version.
    const w = await createPattern(s, w1);
    const out = expectOk(await s.api(`/api/patterns/${w.id}/run`, { json: { event: { body: { user: { name: 'ada' }, items: [{ price: 60, qty: 2 }] } } } }));
    expect(out).toMatchObject({ status: 'completed', response: { status: 200, body: { greeting: 'Hello, ADA', total: 120, tier: 'gold', count: 1 } } });
    // A failing draft reports its error; a draft that does not compile is 422 COMPILE_FAILED.
    const failing = await createPattern(
      s,
      doc(
        [
          { id: 's', type: 'OnStart' },
          { id: 'boom', type: 'ThrowError', defaults: { message: 'kaput' } },
        ],
        ['s.then -> boom.exec'],
      ),
    );
    const f = expectOk(await s.api(`/api/patterns/${failing.id}/run`, { json: {} }));
    expect(f).toMatchObject({ status: 'failed', error: { code: 'USER_ERROR', message: 'kaput', nodeId: 'boom' } });
    const broken = await createPattern(s, brokenDoc());
    const c = await s.api(`/api/patterns/${broken.id}/run`, { json: {} });
    expectError(c, 422, 'COMPILE_FAILED');
    expect(c.body.error.details.errors.length).toBe(2);
    expectError(await s.api(`/api/patterns/${p.id}/run`, { json: { event: 'nope' } }), 400, 'VALIDATION_ERROR');
  });

  it('a test run is recorded as a manual execution (SPEC §8: manual runs included)', async () => {
    const p = await createPattern(s, hello);
    const r = expectOk(await s.api(`/api/patterns/${p.id}/run`, { json: {} }));
    const run = expectOk(await s.api(`/api/runs/${r.runId}`));
    expect(run).toMatchObject({ id: r.runId, patternId: p.id, triggeredBy: 'manual', status: 'completed', error: null });
  });

  it('webhook-secret rotation: a new secret, shown on the resource', async () => {
    const p = await createPattern(s, echoDoc());
    const r = expectOk(await s.api(`/api/patterns/${p.id}/webhook-secret`, { json: {} }));
    expect(r.webhookSecret).toMatch(/^[0-9a-f]{32,}$/);
    expect(r.webhookSecret).not.toBe(p.webhookSecret);
    const now = expectOk(await s.api(`/api/patterns/${p.id}`));
    expect(now.webhookSecret).toBe(r.webhookSecret);
    expect(now.webhookId).toBe(p.webhookId);
  });
});
