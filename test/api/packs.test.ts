// Integration packs over HTTP (SPEC §14), on SQLite and PostgreSQL: install (admin), replace with a
// newer or equal version, list, delete; pack nodes in GET /api/nodes; a deployed pattern with a pack
// node running in an execution process against a mock service, with its connection resolved before
// the run and masked in the history; a deployed version keeping its pack version until redeployed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createPattern, doc, expectError, expectOk, hookPath, runsOf, saveAndDeploy, startServer, type TestServer } from './harness.js';
import { acme } from '../../src/packs/testing.js';
import { memoryResolver, mockService, type MockService } from '../packs/mock.js';

const KEY = 'acme-key-0123456789';

describe.each(BACKENDS)('integration packs on %s', (backend) => {
  let s: TestServer;
  let svc: MockService;
  let user: Awaited<ReturnType<TestServer['newUser']>>;
  beforeAll(async () => {
    s = await startServer({ backend });
    svc = await mockService((req) => ({
      body: req.path.startsWith('/v2/')
        ? { data: { name: `v2 ${req.path}` } }
        : { ticket: { title: `title of ${decodeURIComponent(req.path.split('/').pop()!)} (key ${String(req.headers['x-api-key'])})`, tags: ['x'] } },
    }));
    user = await s.newUser('Packer');
    // Test fixture: the connections service is built on another branch; an in-memory resolver stands in.
    s.services.engine.connections = memoryResolver({
      conn_admin: { owner: s.admin.user.id, provider: 'acme', authType: 'api_key', credentials: { apiKey: KEY }, fields: {} },
      conn_user: { owner: user.user.id, provider: 'acme', authType: 'api_key', credentials: { apiKey: 'other-user-key' }, fields: {} },
    });
  });
  afterAll(async () => {
    await s?.stop();
    await svc?.close();
  });

  const pack = (version = '1.0.0', change: (p: any) => void = () => {}) => {
    const p: any = acme();
    p.metadata.version = version;
    p.defaults.baseUrl = svc.url;
    change(p);
    return p;
  };
  const upgrade = (p: any) => {
    p.nodes[0].request.path = '/v2/tickets/{{inputs.id}}';
    p.nodes[0].outputs[0].path = 'data.name';
  };
  const ticketDoc = (connection: string) =>
    doc(
      [
        { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
        { id: 'get', type: 'acme.getTicket', config: { connection }, defaults: { id: 'a/b' } },
        { id: 'respond', type: 'RespondToWebhook' },
      ],
      ['hook.then -> get.exec', 'get.then -> respond.exec', 'get.title -> respond.body'],
      { name: 'tickets' },
    );

  it('only an admin installs; an invalid pack is 400 INVALID_PACK with every problem', async () => {
    expectError(await user.api('/api/packs', { json: pack() }), 403, 'FORBIDDEN');
    const bad = pack('1.0.0', (p) => {
      p.nodes[0].request.path = '/t/{{inputs.nope}}';
      p.nodes[0].request.headers = { Authorization: '{{credentials.apiKey}}' };
      p.metadata.slug = 'Not A Slug';
    });
    const r = await s.api('/api/packs', { json: bad });
    expectError(r, 400, 'INVALID_PACK');
    expect(r.body.error.details.errors.map((e: { path: string }) => e.path)).toEqual(['/metadata/slug']);
    bad.metadata.slug = 'acme';
    const r2 = await s.api('/api/packs', { json: bad });
    expectError(r2, 400, 'INVALID_PACK');
    expect(r2.body.error.details.errors).toEqual([
      { path: '/nodes/0/request/path', message: expect.stringMatching(/declares no input "nope"/) },
      { path: '/nodes/0/request/headers/Authorization', message: expect.stringMatching(/credentials may appear only in connection.inject/) },
    ]);
    expectError(await s.api('/api/packs', { json: [1] }), 400, 'INVALID_PACK');
  });

  it('POST /api/packs → 201 {slug, version, nodes}; listed, described, and its nodes in GET /api/nodes', async () => {
    const r = expectOk(await s.api('/api/packs', { json: pack() }), 201);
    expect(r).toEqual({ slug: 'acme', version: '1.0.0', nodes: ['acme.getTicket'] });
    const list = expectOk(await user.api('/api/packs'));
    expect(list).toEqual([
      expect.objectContaining({ slug: 'acme', name: 'Acme', version: '1.0.0', provider: 'acme', authType: 'api_key', nodes: ['acme.getTicket'] }),
    ]);
    // The fields a connection asks for (names and labels, for the dashboard's Add Connection), no value.
    expect(list[0].credentials).toEqual([{ name: 'apiKey', label: 'API Key', secret: true, required: true }]);
    expect(expectOk(await user.api('/api/packs/acme')).document.metadata.slug).toBe('acme');
    expectError(await user.api('/api/packs/nope'), 404, 'NOT_FOUND');
    const nodes = expectOk<any[]>(await user.api('/api/nodes'));
    const n = nodes.find((d) => d.type === 'acme.getTicket');
    expect(n).toMatchObject({ category: 'Acme', label: 'Get Ticket', execIn: true, execOut: ['then'], async: true });
    expect(n.inputs.map((p: { id: string }) => p.id)).toEqual(['id', 'verbose']);
    expect(n.outputs).toEqual([
      { id: 'title', type: 'String' },
      { id: 'tags', type: 'Array' },
      { id: 'status', type: 'Integer', description: expect.any(String) },
    ]);
    expect(n.config.required).toEqual(['connection']);
    // The editor offers the owner's connections for the pack's provider in this field.
    expect(n.config.properties.connection).toMatchObject({ 'x-ref': 'connection', 'x-provider': 'acme' });
    expect(nodes.find((d) => d.type === 'Log').category).toBe('Utility');
  });

  let p: { id: string; webhookUrl: string };
  it('a deployed pattern runs its pack node with its owner connection; credentials masked in the history', async () => {
    p = await createPattern(s, ticketDoc('conn_admin'));
    expectOk(await s.api(`/api/patterns/${p.id}/deploy`, { json: {} }), 201);
    svc.seen.length = 0;
    const r = await s.raw(hookPath(p), { json: {} });
    expect(r.status).toBe(200);
    // The pattern chose to answer with what the service echoed; the history never keeps the key.
    expect(r.text).toBe(`title of a/b (key ${KEY})`);
    expect(svc.seen[0]).toMatchObject({ path: '/tickets/a%2Fb' });
    expect(svc.seen[0]!.headers['x-api-key']).toBe(KEY);
    const runs = await runsOf(s, p.id);
    const run = await s.api(`/api/runs/${runs.data[0].id}`);
    expect(run.text).not.toContain(KEY);
    expect(run.text).toContain('(key ***)');
  });

  it("deploying a pattern that names another user's connection is 404, and changes nothing", async () => {
    const q = await createPattern(s, ticketDoc('conn_user'));
    const r = await s.api(`/api/patterns/${q.id}/deploy`, { json: {} });
    expectError(r, 404, 'NOT_FOUND');
    expect(r.body.error.message).toMatch(/connection "conn_user" not found/);
  });

  it('the same slug: an equal or newer version replaces it, an older one is 409', async () => {
    expectOk(await s.api('/api/packs', { json: pack('1.0.0') }), 201);
    expectError(await s.api('/api/packs', { json: pack('0.9.0') }), 409, 'CONFLICT');
    expect(expectOk(await s.api('/api/packs', { json: pack('1.1.0', upgrade) }), 201).version).toBe('1.1.0');
    expect(expectOk(await s.api('/api/packs/acme')).version).toBe('1.1.0');
  });

  it('a deployed version keeps the pack version it was compiled with until it is redeployed', async () => {
    svc.seen.length = 0;
    expect((await s.raw(hookPath(p), { json: {} })).text).toBe(`title of a/b (key ${KEY})`);
    expect(svc.seen.map((x) => x.path)).toEqual(['/tickets/a%2Fb']);
    // Compiled again from the store (a restart, a queued execution): still 1.0.0.
    const v = await s.services.store.getVersion(p.id, 1);
    expect(v?.packs).toEqual({ acme: { version: '1.0.0', digest: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const again = await s.services.engine.compileVersion(v!, s.admin.user.id);
    expect(again.ok && again.compiled.packs.acme!.version).toBe('1.0.0');
    // Redeployed: the new pack version.
    await saveAndDeploy(s, p.id, ticketDoc('conn_admin'));
    expect((await s.raw(hookPath(p), { json: {} })).text).toBe('v2 /v2/tickets/a%2Fb');
    expect((await s.services.store.getVersion(p.id, 2))?.packs?.acme?.version).toBe('1.1.0');
  });

  it('DELETE /api/packs/:slug removes its nodes; deployments compiled with it keep running', async () => {
    expectError(await user.api('/api/packs/acme', { method: 'DELETE' }), 403, 'FORBIDDEN');
    expect(expectOk(await s.api('/api/packs/acme', { method: 'DELETE' }))).toEqual({ slug: 'acme', deleted: true });
    expectError(await s.api('/api/packs/acme', { method: 'DELETE' }), 404, 'NOT_FOUND');
    expect(expectOk<any[]>(await s.api('/api/nodes')).some((d) => d.type === 'acme.getTicket')).toBe(false);
    expect(expectOk(await s.api('/api/packs'))).toEqual([]);
    expect((await s.raw(hookPath(p), { json: {} })).text).toBe('v2 /v2/tickets/a%2Fb');
    const q = await createPattern(s, ticketDoc('conn_admin'));
    const r = await s.api(`/api/patterns/${q.id}/deploy`, { json: {} });
    expectError(r, 422, 'COMPILE_FAILED');
    expect(r.body.error.details.errors[0].code).toBe('UNKNOWN_NODE_TYPE');
  });
});
