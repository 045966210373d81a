// `dragops pack install|list` against a real server, and the offline `dragops run --packs DIR
// --connections FILE` against a mock service: the built CLI, run as a process.
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Account, type TestServer } from '../api/harness.js';
import { dragops as run } from './spawn.js';
import { mockService, type MockService } from '../packs/mock.js';

const root = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'dragops-cli-packs-'));
const SLOW = 60_000;

describe('integration packs from the CLI', () => {
  let s: TestServer, bob: Account, svc: MockService;
  const as = (who: Account | null, ...args: string[]) =>
    run({ ...process.env, XDG_CONFIG_HOME: join(tmp, 'config'), DRAGOPS_SERVER: s.url, DRAGOPS_TOKEN: who?.token ?? '' }, ...args);
  beforeAll(async () => {
    s = await startServer();
    bob = await s.newUser('Bob');
    svc = await mockService((req) => ({ body: { id: req.path.split('/').pop(), seenKey: req.headers['x-api-key'] } }));
  });
  afterAll(async () => {
    await s?.stop();
    await svc?.close();
  });

  it(
    '--help for pack, pack install and pack list',
    async () => {
      for (const args of [['pack'], ['pack', 'install'], ['pack', 'list']]) {
        const r = await as(null, ...args, '--help');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(new RegExp(`Usage: dragops ${args.join(' ')}`));
      }
      expect((await as(null, 'pack', 'list', '--help')).out).toMatch(/--json/);
    },
    SLOW,
  );

  it(
    'pack install: an invalid file lists every problem (exit 2); a valid one installs (admin only); pack list [--json]',
    async () => {
      const bad = join(tmp, 'bad.dragops-pack.json');
      writeFileSync(bad, JSON.stringify({ packVersion: '1.0', metadata: { slug: 'x', name: 'X', version: 'one' }, connection: {}, defaults: {}, nodes: [] }));
      const r = await as(s.admin, 'pack', 'install', bad);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/not a valid pack \(INVALID_PACK\)/);
      for (const path of ['/metadata/version', '/connection/provider', '/defaults/baseUrl', '/nodes']) expect(r.err).toContain(`  ${path}: `);
      const denied = await as(bob, 'pack', 'install', join(root, 'packs/github.dragops-pack.json'));
      expect(denied.code).toBe(2);
      expect(denied.err).toMatch(/FORBIDDEN: only an admin can install integration packs/);
      const ok = await as(s.admin, 'pack', 'install', join(root, 'packs/github.dragops-pack.json'));
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.out).toBe('installed github 1.0.0: github.getRepository, github.createIssue, github.listIssues, github.addComment\n');
      const list = await as(bob, 'pack', 'list');
      expect(list.out.split('\n')[0]).toMatch(/^SLUG\s+VERSION\s+NAME\s+AUTH\s+NODES/);
      expect(list.out).toMatch(/github\s+1\.0\.0\s+GitHub\s+bearer\s+4/);
      const json = JSON.parse((await as(bob, 'pack', 'list', '--json')).out);
      expect(json.data.map((p: { slug: string }) => p.slug)).toEqual(['github']);
    },
    SLOW,
  );

  it(
    'run --packs DIR --connections FILE runs pack nodes offline; credentials masked in the output',
    async () => {
      const dir = join(tmp, 'offline');
      mkdirSync(join(dir, 'packs'), { recursive: true });
      copyFileSync(join(root, 'packs/rest-api.dragops-pack.json'), join(dir, 'packs/rest-api.dragops-pack.json'));
      const connections = join(dir, 'connections.json');
      writeFileSync(
        connections,
        JSON.stringify({ conn_api: { provider: 'rest-api', credentials: { baseUrl: `${svc.url}/v1`, apiKey: 'offline-key-123456' } } }),
      );
      const pattern = join(dir, 'get.pattern.json');
      writeFileSync(
        pattern,
        JSON.stringify({
          format: 'dragops.pattern/1',
          nodes: [
            { id: 's', type: 'OnStart' },
            { id: 'get', type: 'rest-api.get', config: { connection: 'conn_api' }, defaults: { collection: 'orders', id: 'a b' } },
            { id: 'log', type: 'Log' },
          ],
          wires: [
            { from: { node: 's', pin: 'then' }, to: { node: 'get', pin: 'exec' } },
            { from: { node: 'get', pin: 'then' }, to: { node: 'log', pin: 'exec' } },
            { from: { node: 'get', pin: 'body' }, to: { node: 'log', pin: 'message' } },
          ],
        }),
      );
      svc.seen.length = 0;
      const r = await as(null, 'run', pattern, '--packs', join(dir, 'packs'), '--connections', connections);
      expect(r.err).toBe('');
      const out = JSON.parse(r.out);
      expect(out.status).toBe('completed');
      expect(out.logs).toEqual([{ level: 'info', message: '{"id":"a%20b","seenKey":"***"}', nodeId: 'log' }]);
      expect(r.out).not.toContain('offline-key-123456');
      expect(svc.seen[0]).toMatchObject({ method: 'GET', path: '/v1/orders/a%20b' });
      // A connection missing a field its provider requires: said before anything is sent.
      const partial = join(dir, 'partial.json');
      writeFileSync(partial, JSON.stringify({ conn_api: { provider: 'rest-api', credentials: { baseUrl: `${svc.url}/v1` } } }));
      const refused = await as(null, 'run', pattern, '--packs', join(dir, 'packs'), '--connections', partial);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/connection "conn_api": credentials.apiKey is required by provider rest-api/);
      // `check --packs` checks it against the same packs, offline.
      const checked = await as(null, 'check', pattern, '--packs', join(dir, 'packs'));
      expect(checked).toMatchObject({ code: 0, out: `${pattern}: ok\n` });
      // Without --packs the node type is unknown; a broken pack folder is one clear error.
      expect((await as(null, 'check', pattern)).out).toMatch(/UNKNOWN_NODE_TYPE/);
      const without = await as(null, 'run', pattern);
      expect(without.code).toBe(1);
      expect(without.err).toMatch(/unknown type "rest-api.get"; no installed integration pack "rest-api"/);
      writeFileSync(join(dir, 'packs/broken.dragops-pack.json'), '{"packVersion": "2.0"}');
      const broken = await as(null, 'run', pattern, '--packs', join(dir, 'packs'), '--connections', connections);
      expect(broken.code).toBe(2);
      expect(broken.err).toMatch(/broken.dragops-pack.json: not a valid pack/);
    },
    SLOW,
  );
});
