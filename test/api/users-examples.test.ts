// What the dashboard's admin and empty Patterns pages read: GET /api/users (admins only, never a
// password hash) and the project's examples (GET /api/examples, /api/examples/:id), which import
// like any pattern file.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectOk, startServer, type TestServer } from './harness.js';
import { loadExamples } from '../../src/api/examples.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

describe('users and examples', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('GET /api/users lists every user, oldest first, to an admin only', async () => {
    const bob = await s.newUser('Bob');
    const list = expectOk<{ id: string; email: string; role: string }[]>(await s.api('/api/users'));
    expect(list.map((u) => u.id)).toEqual([s.admin.user.id, bob.user.id]);
    expect(list[0]).toMatchObject({ email: s.admin.email, role: 'admin' });
    expect(Object.keys(list[1]!).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
    expect((await s.api('/api/users')).body.meta).toEqual({ total: 2, limit: 2, offset: 0 });
    expectError(await s.raw('/api/users', { token: bob.token }), 403, 'FORBIDDEN');
    expectError(await s.raw('/api/users'), 401, 'UNAUTHORIZED');
  });

  it('GET /api/examples summarises every examples/*.pattern.json; /api/examples/:id is the file', async () => {
    const files = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.pattern.json'))
      .map((f) => f.replace('.pattern.json', ''))
      .sort();
    const list = expectOk<{ id: string; name: string; trigger: string | null; calls: string[] }[]>(await s.api('/api/examples'));
    expect(list.map((e) => e.id)).toEqual(files);
    expect(list.find((e) => e.id === 'hello-world')).toEqual({
      id: 'hello-world',
      name: 'Hello world',
      description: 'The smallest pattern: when run, log a greeting.',
      trigger: 'OnStart',
      calls: [],
      nodes: 2,
    });
    expect(list.find((e) => e.id === 'invoice')).toMatchObject({ trigger: 'OnWebhook', calls: ['tax-calculator'] });
    const doc = expectOk(await s.api('/api/examples/hello-world'));
    expect(doc).toEqual(JSON.parse(readFileSync(`${EXAMPLES}hello-world.pattern.json`, 'utf8')));
    expectError(await s.api('/api/examples/nope'), 404, 'NOT_FOUND');
    expectError(await s.raw('/api/examples'), 401, 'UNAUTHORIZED');
    // An example imports as it is (what "Start from an example" does), and runs.
    const created = expectOk<{ id: string; name: string }>(await s.api('/api/patterns/import', { json: doc }), 201);
    expect(created.name).toBe('Hello world');
    const run = expectOk<{ status: string }>(await s.api(`/api/patterns/${created.id}/run`, { json: {} }));
    expect(run.status).toBe('completed');
  });

  it('no examples folder: an empty list', () => {
    expect(loadExamples(null).size).toBe(0);
  });
});
