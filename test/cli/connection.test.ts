// `dragops connection add|list|test|reconnect|delete` against a real server and a local mock
// provider: secrets piped into standard input (never on the command line), never printed back.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, startServer, type TestServer } from '../api/harness.js';
import { catalogOf } from '../../src/connections/providers.js';
import { fixtureProviders, startMockProvider, type MockProvider } from '../connections/mock-provider.js';

const root = new URL('../../', import.meta.url).pathname;
const config = mkdtempSync(join(tmpdir(), 'dragops-cli-conn-'));

describe('dragops connection', () => {
  let s: TestServer;
  let mock: MockProvider;
  /** The built CLI with `input` on its standard input, signed in as the admin. */
  const dragops = (input: string, ...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: config, DRAGOPS_SERVER: s.url, DRAGOPS_TOKEN: s.admin.token };
      const child = spawn(process.execPath, [join(root, 'bin/dragops.js'), 'connection', ...args], { cwd: root, env });
      let out = '',
        err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.end(input);
    });

  beforeAll(async () => {
    mock = await startMockProvider();
    s = await startServer({
      config: { providers: catalogOf(fixtureProviders(mock.url)), oauthClients: { hosted: { clientId: mock.clientId, clientSecret: mock.clientSecret } } },
    });
  });
  afterAll(async () => {
    await s?.stop();
    await mock?.close();
  });

  it('add --api-key reads the key from stdin; list; test exits 0 when the verify request passes, 1 when not', async () => {
    const add = await dragops(`${mock.apiKey}\n`, 'add', 'acme', '--api-key', '--name', 'Acme prod');
    expect(add.code, add.err).toBe(0);
    const id = /added (conn_[0-9a-f]+) \(acme, api_key\): active/.exec(add.out)?.[1];
    expect(id, add.out).toBeDefined();
    const list = await dragops('', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(new RegExp(`${id}\\s+acme\\s+api_key\\s+active\\s+Acme prod`));
    const json = await dragops('', 'list', '--json');
    expect(JSON.parse(json.out).data.map((c: { id: string }) => c.id)).toContain(id);
    const ok = await dragops('', 'test', id!);
    expect(ok).toMatchObject({ code: 0, out: 'ok: GET /key/me answered 200\n' });
    expectOk(await s.api(`/api/connections/${id}`, { method: 'PUT', json: { credentials: { apiKey: 'wrong-0000' } } }));
    const bad = await dragops('', 'test', id!, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).data).toEqual({ ok: false, status: 401, message: 'GET /key/me answered 401, expected 200' });
    for (const r of [add, list, json, ok, bad]) expect(r.out + r.err).not.toContain(mock.apiKey);
    const del = await dragops('', 'delete', id!);
    expect(del).toMatchObject({ code: 0, out: `deleted ${id}\n` });
  });

  it('add with --field and --secret (piped, one line each); a missing secret is a usage error', async () => {
    const add = await dragops(`${mock.apiKey}\n`, 'add', 'multi', '--name', 'Multi', '--field', 'username=ada', '--secret', 'password', '--json');
    expect(add.code, add.err).toBe(0);
    const id = JSON.parse(add.out).data.id as string;
    expect((await dragops('', 'test', id)).code).toBe(0);
    const none = await dragops('', 'add', 'multi', '--field', 'username=ada', '--secret', 'password');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no value given for password/);
    const refused = await dragops('', 'add', 'multi', '--field', 'username=ada');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/VALIDATION_ERROR: credentials\.password is required by provider multi/);
    expect((await dragops('', 'add', 'multi', '--field', 'novalue')).err).toMatch(/--field takes name=value/);
  });

  it('add --oauth and reconnect print the dashboard link that continues the authorization', async () => {
    const add = await dragops('', 'add', 'hosted', '--oauth', '--name', 'Hosted');
    expect(add.code, add.err).toBe(0);
    expect(add.out).toMatch(/open this link in a browser signed in to the dashboard as you/);
    const state = new RegExp(`^${s.url}/connections\\?authorize=(\\S+)$`, 'm').exec(add.out)?.[1];
    expect(state, add.out).toBeDefined();
    // What the dashboard does there, signed in as the same user: continue it (the cookie), then consent.
    const cont = await s.api('/api/connections/oauth/continue', { json: { state: decodeURIComponent(state!) } });
    const back = await mock.authorize(expectOk(cont).authorizationUrl);
    const done = expectOk(await s.raw(back.pathname + back.search, { headers: { cookie: cont.headers.get('set-cookie')!.split(';')[0]! } }));
    expect(done).toMatchObject({ displayName: 'Hosted', status: 'active' });
    const again = await dragops('', 'reconnect', done.id, '--json');
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out).data).toMatchObject({
      authorizationUrl: expect.stringMatching(/\/authorize\?.*client_id=client-abc/),
      browserUrl: expect.any(String),
    });
    const help = await dragops('', 'add', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--secret <name>/);
  });
});
