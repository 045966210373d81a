// Node versions (ARCHITECTURE habit 10, issue 13): a change in a node's semantics adds a version and
// keeps the old one; a document may pin a node's version; a deployed version keeps the node versions
// it was compiled with, so an upgrade that adds a version changes nothing until a redeploy.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { compile } from '../../src/compiler/index.js';
import { ALL_NODES } from '../../src/nodes/index.js';
import { NodeRegistry } from '../../src/nodes/registry.js';
import { defineNode } from '../../src/nodes/sdk/index.js';
import { execute } from '../../src/runtime/execute.js';
import { createServices, defaultConfig, type Services } from '../../src/server/services.js';
import { buildApp } from '../../src/api/app.js';
import { pattern } from '../helpers.js';

// The upgrade these tests make: MakeString gains a version 2 that upper-cases (a changed semantics).
// (A built-in type, so that the server runs it on the request thread: execution processes load
// the built-in library, not a test's.)
const v1 = ALL_NODES.find((d) => d.type === 'MakeString')!;
const v2 = defineNode({
  type: 'MakeString',
  version: 2,
  category: 'Literals',
  label: 'Make String',
  description: 'A constant String, upper-cased (version 2).',
  inputs: [{ id: 'value', type: 'String', default: '' }],
  outputs: [{ id: 'value', type: 'String' }],
  safe: true,
  eval: (value: string) => value.toUpperCase(),
});
const before = new NodeRegistry(ALL_NODES);
const after = new NodeRegistry([...ALL_NODES, v2]);

const doc = (version?: number) =>
  pattern(
    [
      { id: 'hook', type: 'OnWebhook' },
      { id: 'greet', type: 'MakeString', defaults: { value: 'hello' }, ...(version === undefined ? {} : { version }) } as { id: string; type: string },
      { id: 'respond', type: 'RespondToWebhook' },
    ],
    ['hook.then -> respond.exec', 'greet.value -> respond.body'],
    { id: 'greeter', name: 'Greeter' },
  );

async function answer(registry: NodeRegistry, d: unknown, nodeVersions?: Record<string, number>) {
  const r = compile(d, { registry, nodeVersions });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const out = await execute(r.compiled, {});
  return { body: (out.response as { body?: unknown } | undefined)?.body, nodeVersions: r.compiled.nodeVersions };
}

describe('the registry keeps every version of a type', () => {
  it('the newest by default, a given one on request, none that does not exist', () => {
    expect(after.get('MakeString')?.version).toBe(2);
    expect(after.get('MakeString', 1)).toBe(v1);
    expect(after.get('MakeString', 3)).toBeUndefined();
    expect(after.versions('MakeString')).toEqual([1, 2]);
    expect(after.all().filter((d) => d.type === 'MakeString')).toEqual([v2]);
    expect(after.size).toBe(before.size);
    expect(() => new NodeRegistry([v1, { ...v1 }])).toThrow(/duplicate node type MakeString version 1/);
  });
});

describe('compiling', () => {
  it('a draft gets the newest version; a node pinning a version gets that one', async () => {
    expect(await answer(after, doc())).toMatchObject({ body: 'HELLO' });
    expect((await answer(after, doc())).nodeVersions).toMatchObject({ MakeString: 2, OnWebhook: 1, RespondToWebhook: 1 });
    expect(await answer(after, doc(1))).toMatchObject({ body: 'hello', nodeVersions: { MakeString: 1 } });
  });

  it('a stored version compiles with the node versions it recorded; one recorded before versions existed gets version 1', async () => {
    expect(await answer(after, doc(), { MakeString: 1 })).toMatchObject({ body: 'hello' });
    expect(await answer(after, doc(), {})).toMatchObject({ body: 'hello' });
    expect(await answer(after, doc(), { MakeString: 2 })).toMatchObject({ body: 'HELLO' });
    // The node's own pin wins over what is recorded.
    expect(await answer(after, doc(2), { MakeString: 1 })).toMatchObject({ body: 'HELLO' });
  });

  it('a version the type does not have is an error at the node, naming the versions there are', () => {
    const r = compile(doc(3), { registry: after });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_NODE_VERSION',
        nodeId: 'greet',
        path: '/nodes/1/version',
        message: expect.stringContaining('MakeString has no version 3 (versions: 1, 2)'),
      }),
    ]);
    const bad = compile(
      { ...doc(), nodes: [...doc().nodes.slice(0, 1), { id: 'greet', type: 'MakeString', version: 0 }, doc().nodes[2]] },
      { registry: after },
    );
    expect(bad.errors[0]).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/nodes/1/version' });
  });
});

describe('a deployed version keeps its node versions across an upgrade (real server, SQLite)', () => {
  let open: { s: Services; app: FastifyInstance }[] = [];
  afterEach(async () => {
    for (const o of open) {
      await o.app.close();
      await o.s.close();
    }
    open = [];
  });
  async function server(dataDir: string, registry: NodeRegistry) {
    const s = await createServices(defaultConfig({ dataDir, passwordCost: { N: 1024, r: 8, p: 1 } }), { info() {}, error() {} }, { registry });
    const app = await buildApp(s);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    open.push({ s, app });
    return { base, stop: async () => (await app.close(), await s.close(), (open = [])) };
  }
  const api = async (base: string, token: string | null, method: string, path: string, body?: unknown) => {
    const r = await fetch(base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as { data: any } };
  };

  it('answers with version 1 after the library gains version 2, until it is redeployed; a pinned node stays on its version', async () => {
    const data = mkdtempSync(join(tmpdir(), 'dragops-node-versions-'));
    let srv = await server(data, before);
    const reg = await api(srv.base, null, 'POST', '/api/auth/register', { email: 'v@example.com', password: 'versions pass 1', name: 'V' });
    const token = reg.json.data.token as string;
    const first = await api(srv.base, token, 'POST', '/api/patterns/deploy', { document: doc() });
    expect(first.status).toBe(201);
    const hook = `/webhooks/${first.json.data.webhookUrl.split('/webhooks/')[1]}`;
    const call = async () => await (await fetch(srv.base + hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).text();
    expect(await call()).toBe('hello');
    await srv.stop();

    srv = await server(data, after); // the upgrade: MakeString gained version 2
    expect(await call()).toBe('hello');
    const listed = (await api(srv.base, token, 'GET', '/api/nodes')).json.data.find((n: { type: string }) => n.type === 'MakeString');
    expect(listed).toMatchObject({ version: 2, versions: [1, 2] });
    const v1Record = await api(srv.base, token, 'GET', '/api/patterns/greeter/versions/1');
    expect(v1Record.json.data.nodeVersions).toMatchObject({ MakeString: 1, OnWebhook: 1 });

    expect((await api(srv.base, token, 'POST', '/api/patterns/deploy', { document: doc() })).status).toBe(201);
    expect(await call()).toBe('HELLO'); // redeployed: the newest
    expect((await api(srv.base, token, 'POST', '/api/patterns/greeter/deploy', { version: 1 })).status).toBe(201);
    expect(await call()).toBe('hello'); // a rollback to version 1 runs what version 1 ran
    expect((await api(srv.base, token, 'POST', '/api/patterns/deploy', { document: doc(1) })).status).toBe(201);
    expect(await call()).toBe('hello'); // pinned in the document
  });
});
