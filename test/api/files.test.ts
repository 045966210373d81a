// Patterns as files on the server (SPEC §15): a document's `id` is kept when it is free for its owner,
// POST /api/patterns/deploy creates or updates a document's pattern and deploys it (or changes
// nothing), and CallPattern ids resolve as they do offline. On SQLite and PostgreSQL.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, expectError, expectOk, hookPath, startServer, type Account, type Reply, type TestServer } from './harness.js';

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}.pattern.json`, import.meta.url), 'utf8'));
const hello = (id?: string, message = 'hi') => ({
  format: 'dragops.pattern/1',
  ...(id ? { id } : {}),
  name: `Hello ${id ?? ''}`.trim(),
  nodes: [
    { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
    { id: 'ok', type: 'RespondToWebhook', defaults: { status: 200, body: message } },
  ],
  wires: [{ from: { node: 'hook', pin: 'then' }, to: { node: 'ok', pin: 'exec' } }],
});
/** Asserts the error envelope and returns its `error`. */
function failure(r: Reply, status: number, code: string) {
  expectError(r, status, code);
  return r.body.error as { message: string; details?: any };
}
const broken = (id: string) => ({ ...hello(id), nodes: [...hello(id).nodes, { id: 'say', type: 'Logg' }] });

describe.each(BACKENDS)('patterns as files (%s)', (backend) => {
  let s: TestServer, b: Account;
  beforeAll(async () => {
    s = await startServer({ backend });
    b = await s.newUser('Bob');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("create keeps a free id; an id of yours or another user's is a clear 409; a bad id is a 400", async () => {
    const p = expectOk(await s.api('/api/patterns', { json: hello('greeter') }), 201);
    expect(p.id).toBe('greeter');
    const mine = failure(await s.api('/api/patterns', { json: hello('greeter') }), 409, 'CONFLICT');
    expect(mine.message).toMatch(/you already have a pattern with id "greeter"/);
    const theirs = failure(await b.api('/api/patterns', { json: hello('greeter') }), 409, 'CONFLICT');
    expect(theirs.message).toMatch(/"greeter" is taken by another user's pattern/);
    for (const bad of ['../etc', 'has space', '.hidden', 'x'.repeat(101)]) {
      expect(failure(await s.api('/api/patterns', { json: hello(bad) }), 400, 'VALIDATION_ERROR').details).toEqual({ field: 'id' });
    }
    // Without an id, or cloned: a new one.
    expect(expectOk(await s.api('/api/patterns', { json: hello() }), 201).id).toMatch(/^pat_/);
    expect(expectOk(await s.api('/api/patterns/greeter/clone', { json: {} }), 201).id).toMatch(/^pat_/);
  });

  it('import keeps a free id and gives a new one when it is taken', async () => {
    expect(expectOk(await b.api('/api/patterns/import', { json: hello('bobs') }), 201).id).toBe('bobs');
    const again = expectOk(await b.api('/api/patterns/import', { json: hello('bobs') }), 201);
    expect(again.id).toMatch(/^pat_/);
    expect(expectOk(await s.api('/api/patterns/import', { json: hello('bobs') }), 201).id).toMatch(/^pat_/);
  });

  it("an owner's deleted ids stay reserved for that owner", async () => {
    expectOk(await b.api('/api/patterns', { json: hello('bob-temp') }), 201);
    expectOk(await b.api('/api/patterns/bob-temp', { method: 'DELETE' }));
    expectError(await s.api('/api/patterns', { json: hello('bob-temp') }), 409, 'CONFLICT');
    expect(expectOk(await s.api('/api/patterns/import', { json: hello('bob-temp') }), 201).id).toMatch(/^pat_/);
    expect(expectOk(await b.api('/api/patterns', { json: hello('bob-temp') }), 201).id).toBe('bob-temp');
  });

  it('export writes the keys in a stable order, id second', async () => {
    expectOk(
      await s.api('/api/patterns', {
        json: { wires: [], nodes: [{ defaults: { message: 'x' }, type: 'OnStart', id: 's' }], name: 'Shuffled', format: 'dragops.pattern/1', id: 'shuffled' },
      }),
      201,
    );
    const ex = (await s.api('/api/patterns/shuffled/export')).body;
    expect(Object.keys(ex)).toEqual(['format', 'id', 'name', 'nodes', 'wires']);
    expect(Object.keys(ex.nodes[0])).toEqual(['id', 'type', 'defaults']);
  });

  it("POST /api/patterns/deploy creates the document's pattern, then updates and redeploys the same one", async () => {
    const first = expectOk(await s.api('/api/patterns/deploy', { json: { document: hello('hook-a', 'one'), note: 'first' } }), 201);
    expect(first).toMatchObject({ patternId: 'hook-a', name: 'Hello hook-a', created: true, version: 1, status: 'active' });
    expect((await s.raw(hookPath(first), { json: {} })).body).toBe('one');
    const second = expectOk(await s.api('/api/patterns/deploy', { json: { document: hello('hook-a', 'two') } }), 201);
    expect(second).toMatchObject({ patternId: 'hook-a', created: false, version: 2, status: 'active' });
    expect(second.webhookUrl).toBe(first.webhookUrl);
    expect((await s.raw(hookPath(first), { json: {} })).body).toBe('two');
    const list = expectOk(await s.api('/api/patterns?search=hook-a'));
    expect(list.map((p: { id: string }) => p.id)).toEqual(['hook-a']);
    expect(expectOk(await s.api('/api/patterns/hook-a/versions')).map((v: { note: string | null }) => v.note)).toEqual([null, 'first']);
  });

  it('a deploy that does not compile leaves nothing behind: no new pattern, the draft and live version untouched', async () => {
    const before = (await s.api('/api/patterns')).body.meta.total;
    const failed = failure(await s.api('/api/patterns/deploy', { json: { document: broken('never') } }), 422, 'COMPILE_FAILED');
    expect(failed.details.errors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'say', message: expect.stringContaining('did you mean Log?') }),
    ]);
    expectError(await s.api('/api/patterns/never'), 404, 'NOT_FOUND');
    expect((await s.api('/api/patterns')).body.meta.total).toBe(before);
    // The id was never taken: deploying a fixed document creates it.
    expect(expectOk(await s.api('/api/patterns/deploy', { json: { document: hello('never') } }), 201)).toMatchObject({ created: true, version: 1 });

    const draft = expectOk(await s.api('/api/patterns/hook-a'));
    expectError(await s.api('/api/patterns/deploy', { json: { document: broken('hook-a') } }), 422, 'COMPILE_FAILED');
    const after = expectOk(await s.api('/api/patterns/hook-a'));
    expect({ revision: after.revision, nodes: after.nodes, version: after.deployment.version }).toEqual({
      revision: draft.revision,
      nodes: draft.nodes,
      version: draft.deployment.version,
    });
  });

  it("POST /api/patterns/deploy: another user's id is a 409 and bad bodies are clear 400s", async () => {
    const taken = failure(await b.api('/api/patterns/deploy', { json: { document: hello('hook-a') } }), 409, 'CONFLICT');
    expect(taken.message).toMatch(/taken by another user's pattern/);
    expectError(await s.api('/api/patterns/deploy', { json: {} }), 400, 'VALIDATION_ERROR');
    expectError(await s.api('/api/patterns/deploy', { json: hello('x') }), 400, 'VALIDATION_ERROR'); // a document, not {document}
    expectError(await s.api('/api/patterns/deploy', { json: { document: hello('x'), note: 5 } }), 400, 'VALIDATION_ERROR');
    expectError(await s.api('/api/patterns/deploy', { json: { document: hello('bad id') } }), 400, 'VALIDATION_ERROR');
    expectError(await s.api('/api/patterns/deploy', { json: { document: { format: 'dragops.pattern/1', nodes: [] } } }), 400, 'INVALID_DOCUMENT');
    expectError(await s.raw('/api/patterns/deploy', { json: { document: hello('x') } }), 401, 'UNAUTHORIZED');
  });

  it('the documented invoice → tax-calculator pair deploys and calls through by id, as offline', async () => {
    const invoiceFirst = failure(await b.api('/api/patterns/deploy', { json: { document: { ...example('invoice'), id: 'invoice' } } }), 422, 'COMPILE_FAILED');
    expect(invoiceFirst.details.errors[0]).toMatchObject({ code: 'INVALID_CONFIG', nodeId: 'tax' });
    expectError(await b.api('/api/patterns/invoice'), 404, 'NOT_FOUND');
    const tax = expectOk(await b.api('/api/patterns/deploy', { json: { document: example('tax-calculator') } }), 201);
    expect(tax.patternId).toBe('tax-calculator');
    const invoice = expectOk(await b.api('/api/patterns/deploy', { json: { document: { ...example('invoice'), id: 'invoice' } } }), 201);
    expect((await s.raw(hookPath(invoice), { json: { amount: 100 } })).body).toEqual({ amount: 100, tax: 20, total: 120 });
    // Another user's tax-calculator id is taken: a clear conflict, not a silent copy.
    expectError(await s.api('/api/patterns/deploy', { json: { document: example('tax-calculator') } }), 409, 'CONFLICT');
  });
});
