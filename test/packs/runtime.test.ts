// Pack nodes in patterns, compiled and run in this thread against a mock service on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/index.js';
import { execute, type RunOptions, type RunResult } from '../../src/runtime/execute.js';
import { installed, packNodesOf } from '../../src/packs/library.js';
import { validatePack } from '../../src/packs/validate.js';
import type { PackDocument } from '../../src/packs/schema.js';
import type { ConnectionEntry } from '../../src/runtime/context.js';
import { acme } from '../../src/packs/testing.js';
import { pattern, registry } from '../helpers.js';
import { mockService, type MockService } from './mock.js';

const KEY = 'sk-live-1234567890';
let svc: MockService;
beforeAll(async () => {
  svc = await mockService();
});
afterAll(() => svc.close());

function packAt(url: string, change: (p: any) => void = () => {}): PackDocument {
  const p: any = acme();
  p.defaults.baseUrl = url;
  change(p);
  const r = validatePack(p);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.pack;
}

const connections: Record<string, ConnectionEntry> = {
  conn_a: { id: 'conn_a', provider: 'acme', authType: 'api_key', credentials: { apiKey: KEY }, fields: { id: 'conn_a' } },
  conn_other: { id: 'conn_other', provider: 'github', authType: 'bearer', credentials: { token: 'x' }, fields: { id: 'conn_other' } },
  conn_broken: { error: { code: 'CONNECTION_ERROR', message: 'connection "conn_broken" needs to be reconnected' } },
};

function build(doc: unknown, packs: PackDocument[]) {
  return compile(doc, { registry, packs: packNodesOf(packs.map((p) => installed(p))) });
}

async function runWith(doc: unknown, packs: PackDocument[], opts: RunOptions = {}): Promise<RunResult> {
  const r = build(doc, packs);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors, null, 1)}`);
  return execute(r.compiled, {}, { connections, ...opts });
}

const outputs = (r: RunResult, node: string) => r.trace.entries.find((e) => e.nodeId === node && e.event === 'finish')?.output as Record<string, unknown>;

const getTicket = (defaults: Record<string, unknown>, config: Record<string, unknown> = { connection: 'conn_a' }) =>
  pattern(
    [
      { id: 's', type: 'OnStart' },
      { id: 'n', type: 'acme.getTicket', config, defaults },
    ],
    ['s.then -> n.exec'],
  );

describe('pack nodes at run time', () => {
  it('sends the request the pack describes and reads the answer into typed outputs', async () => {
    svc.handle = () => ({ body: { ticket: { title: 42, tags: ['a', 'b'] } }, headers: { 'x-request-id': 'r1' } });
    svc.seen.length = 0;
    const r = await runWith(getTicket({ id: 'T/1 ?x', verbose: true }), [packAt(svc.url)]);
    expect(r.status).toBe('completed');
    expect(svc.seen).toHaveLength(1);
    expect(svc.seen[0]).toMatchObject({ method: 'GET', path: '/tickets/T%2F1%20%3Fx', query: [['verbose', 'true']] });
    expect(svc.seen[0]!.headers['x-api-key']).toBe(KEY);
    expect(svc.seen[0]!.headers.accept).toBe('application/json');
    expect(outputs(r, 'n')).toEqual({ title: '42', tags: ['a', 'b'], status: 200 });
  });

  it('type-checks like a built-in node: wires, required pins, config', () => {
    const pack = packAt(svc.url);
    const bad = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 'n', type: 'acme.getTicket', config: {} },
        { id: 'len', type: 'Add' },
        { id: 'm', type: 'acme.getTicket', config: { connection: 'conn_a' } },
        { id: 'x', type: 'acme.nothing', config: { connection: 'conn_a' } },
      ],
      ['s.then -> n.exec', 'm.tags -> len.a', 'n.then -> m.exec', 'm.status -> len.b'],
    );
    const r = build(bad, [pack]);
    const codes = r.errors.map((e) => `${e.code}@${e.nodeId}`);
    expect(codes).toContain('INVALID_CONFIG@n'); // no connection
    expect(codes).toContain('INVALID_WIRE@len'); // Array into Float
    expect(codes).toContain('REQUIRED_PIN_UNCONNECTED@m'); // id
    expect(codes).toContain('UNKNOWN_NODE_TYPE@x');
    expect(r.errors.find((e) => e.nodeId === 'x')!.message).toMatch(/no installed integration pack "acme" has this node/);
    expect(r.errors.filter((e) => e.code === 'INVALID_WIRE')).toHaveLength(1); // Integer status → Float is a scalar wire
    // And the packs a plan uses are recorded with it.
    const ok = build(getTicket({ id: '1' }), [pack]);
    expect(Object.keys(ok.compiled!.packs)).toEqual(['acme']);
    expect(ok.compiled!.packs.acme!.version).toBe('1.0.0');
  });

  it('fails the node with HTTP_REQUEST_FAILED on a non-2xx answer, catchable by TryCatch', async () => {
    svc.handle = () => ({ status: 404, body: { message: 'no such ticket' } });
    const r = await runWith(getTicket({ id: '9' }), [packAt(svc.url)]);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'HTTP_REQUEST_FAILED', nodeId: 'n' });
    expect(r.error!.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/tickets\/9 answered 404: no such ticket/);
    const caught = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 't', type: 'TryCatch' },
        { id: 'n', type: 'acme.getTicket', config: { connection: 'conn_a' }, defaults: { id: '9' } },
        { id: 'l', type: 'Log', defaults: { message: 'caught' } },
      ],
      ['s.then -> t.exec', 't.try -> n.exec', 't.catch -> l.exec'],
    );
    const c = await runWith(caught, [packAt(svc.url)]);
    expect(c.status).toBe('completed');
    expect(c.logs.map((l) => l.message)).toEqual(['caught']);
  });

  it('retries the statuses of defaults.retry, honouring Retry-After, never past the deadline', async () => {
    const pack = packAt(svc.url, (p) => (p.defaults.retry = { on: [429, 503], maxAttempts: 3 }));
    svc.seen.length = 0;
    svc.handle = (_r, n) => (n < 3 ? { status: n === 1 ? 429 : 503, headers: { 'retry-after': '0' } } : { body: { ticket: { title: 't' } } });
    const ok = await runWith(getTicket({ id: '1' }), [pack]);
    expect(ok.status).toBe('completed');
    expect(svc.seen).toHaveLength(3);
    svc.seen.length = 0;
    svc.handle = () => ({ status: 429, headers: { 'retry-after': '3600' } });
    const t0 = Date.now();
    const late = await runWith(getTicket({ id: '1' }), [pack], { timeoutMs: 5000 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(late.error).toMatchObject({ code: 'HTTP_REQUEST_FAILED' });
    expect(late.error!.message).toMatch(/answered 429 and asks to wait 3600 s before retrying, past the execution's deadline/);
    expect(svc.seen).toHaveLength(1);
    svc.seen.length = 0;
    svc.handle = () => ({ status: 503, headers: { 'retry-after': '0' } });
    const gaveUp = await runWith(getTicket({ id: '1' }), [pack]);
    expect(gaveUp.error!.message).toMatch(/answered 503/);
    expect(svc.seen).toHaveLength(3);
  });

  it('masks the connection credentials in logs, errors and the stored node log', async () => {
    svc.handle = (req) => ({ status: req.query.length ? 200 : 200, body: { ticket: { title: `echo ${String(req.headers['x-api-key'])}`, tags: [] } } });
    const doc = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 'n', type: 'acme.getTicket', config: { connection: 'conn_a' }, defaults: { id: '1' } },
        { id: 'l', type: 'Log' },
        { id: 'f', type: 'ThrowError' },
      ],
      ['s.then -> n.exec', 'n.then -> l.exec', 'n.title -> l.message', 'l.then -> f.exec', 'n.title -> f.message'],
    );
    const r = await runWith(doc, [packAt(svc.url)]);
    expect(r.logs[0]!.message).toBe('echo ***');
    expect(r.error!.message).toBe('echo ***');
    const stored = r.nodeLog.stored();
    expect(stored).toContain('echo ***');
    expect(stored).not.toContain(KEY);
    expect(JSON.stringify(r.trace)).not.toContain(KEY);
  });

  it("a service that echoes the credential hands the pattern *** in the node's outputs: nothing reaches a webhook's answer", async () => {
    svc.handle = (req) => ({ body: { ticket: { title: `echo ${String(req.headers['x-api-key'])}`, tags: [{ [String(req.headers['x-api-key'])]: true }] } } });
    const doc = pattern(
      [
        { id: 'hook', type: 'OnWebhook' },
        { id: 'n', type: 'acme.getTicket', config: { connection: 'conn_a' }, defaults: { id: '1' } },
        { id: 'body', type: 'MakeObject', config: { keys: ['title', 'tags'] } },
        { id: 'r', type: 'RespondToWebhook' },
      ],
      ['hook.then -> n.exec', 'n.then -> r.exec', 'n.title -> body.title', 'n.tags -> body.tags', 'body.object -> r.body'],
    );
    const r = await runWith(doc, [packAt(svc.url)]);
    expect(r.error).toBeNull();
    expect((r.response as { body: unknown }).body).toEqual({ title: 'echo ***', tags: [{ '***': true }] });
    expect(JSON.stringify(r.response)).not.toContain(KEY);
    expect(JSON.stringify(outputs(r, 'n'))).not.toContain(KEY);
  });

  it('applies the outbound HTTP policy', async () => {
    const r = await runWith(getTicket({ id: '1' }), [packAt(svc.url)], { http: { denyPrivateNetworks: true } });
    expect(r.error).toMatchObject({ code: 'HTTP_REQUEST_FAILED' });
    expect(r.error!.message).toMatch(/denyPrivateNetworks/);
  });

  it('fails CONNECTION_ERROR when the connection is missing, broken or for another provider', async () => {
    const pack = packAt(svc.url);
    for (const [id, message] of [
      ['conn_missing', /was not resolved/],
      ['conn_broken', /needs to be reconnected/],
      ['conn_other', /is for "github", not "acme"/],
    ] as const) {
      const r = await runWith(getTicket({ id: '1' }, { connection: id }), [pack]);
      expect(r.error).toMatchObject({ code: 'CONNECTION_ERROR', nodeId: 'n' });
      expect(r.error!.message).toMatch(message);
    }
  });
});

describe('pagination', () => {
  const lister = (paginate: Record<string, unknown>, outputs = [{ pin: 'all', type: 'Array', path: '$items' }]) =>
    packAt(svc.url, (p) => {
      p.nodes.push({ id: 'list', name: 'List', request: { method: 'GET', path: '/items', query: { q: 'x' } }, paginate, outputs });
    });
  const listDoc = pattern(
    [
      { id: 's', type: 'OnStart' },
      { id: 'n', type: 'acme.list', config: { connection: 'conn_a' } },
    ],
    ['s.then -> n.exec'],
  );
  const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

  it('offset: advances by the items received, stops on a short page', async () => {
    svc.seen.length = 0;
    svc.handle = (req) => {
      const q = new URLSearchParams(req.query);
      const off = Number(q.get('offset'));
      return { body: { data: items(off, off >= 4 ? 1 : Number(q.get('limit'))) } };
    };
    const r = await runWith(listDoc, [lister({ type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 2, itemsPath: 'data' })]);
    expect(outputs(r, 'n').all).toEqual([0, 1, 2, 3, 4]);
    expect(svc.seen.map((s) => s.query)).toEqual([
      [
        ['q', 'x'],
        ['offset', '0'],
        ['limit', '2'],
      ],
      [
        ['q', 'x'],
        ['offset', '2'],
        ['limit', '2'],
      ],
      [
        ['q', 'x'],
        ['offset', '4'],
        ['limit', '2'],
      ],
    ]);
  });

  it('page: counts pages from startPage until an empty one, within maxPages (default 10)', async () => {
    svc.seen.length = 0;
    svc.handle = (req) => {
      const page = Number(new URLSearchParams(req.query).get('p'));
      return { body: { list: page <= 3 ? [page] : [] } };
    };
    const r = await runWith(listDoc, [lister({ type: 'page', pageParam: 'p', startPage: 1, itemsPath: 'list' })]);
    expect(outputs(r, 'n').all).toEqual([1, 2, 3]);
    expect(svc.seen).toHaveLength(4);
    svc.seen.length = 0;
    svc.handle = (req) => ({ body: { list: [Number(new URLSearchParams(req.query).get('p'))] } });
    const endless = await runWith(listDoc, [lister({ type: 'page', pageParam: 'p', itemsPath: 'list' })]);
    expect(outputs(endless, 'n').all).toEqual(items(1, 10));
    expect(svc.seen).toHaveLength(10);
  });

  it('cursor: follows cursorPath until it is empty; maxItems cuts the items', async () => {
    svc.seen.length = 0;
    svc.handle = (req) => {
      const c = new URLSearchParams(req.query).get('cursor');
      const n = c === null ? 0 : Number(c);
      return { body: { items: items(n * 3, 3), meta: { next: n < 2 ? String(n + 1) : '' } } };
    };
    const r = await runWith(listDoc, [
      lister({ type: 'cursor', cursorPath: 'meta.next', cursorParam: 'cursor', itemsPath: 'items' }, [
        { pin: 'all', type: 'Array', path: '$items' },
        { pin: 'first', type: 'Integer', path: '$items[0]' },
        { pin: 'lastNext', type: 'String', path: 'meta.next' },
      ]),
    ]);
    expect(outputs(r, 'n')).toEqual({ all: items(0, 9), first: 0, lastNext: '', status: 200 });
    const cut = await runWith(listDoc, [lister({ type: 'cursor', cursorPath: 'meta.next', cursorParam: 'cursor', itemsPath: 'items', maxItems: 4 })]);
    expect(outputs(cut, 'n').all).toEqual([0, 1, 2, 3]);
  });

  it('link: follows the Link header rel="next" on the same site only, or nextUrlPath', async () => {
    svc.seen.length = 0;
    svc.handle = (req) => {
      const page = Number(new URLSearchParams(req.query).get('page') ?? '1');
      return {
        body: [page],
        headers: page < 3 ? { link: `<${svc.url}/items?page=${page + 1}>; rel="next", <${svc.url}/items?page=3>; rel="last"` } : ({} as Record<string, string>),
      };
    };
    const r = await runWith(listDoc, [lister({ type: 'link', itemsPath: '' })]);
    expect(outputs(r, 'n').all).toEqual([1, 2, 3]);
    expect(svc.seen.map((s) => s.headers['x-api-key'])).toEqual([KEY, KEY, KEY]);
    svc.handle = () => ({ body: [1], headers: { link: '<http://elsewhere.example/items?page=2>; rel="next"' } });
    const away = await runWith(listDoc, [lister({ type: 'link', itemsPath: '' })]);
    expect(away.error!.message).toMatch(/points to another site/);
    svc.handle = (req) => {
      const page = Number(new URLSearchParams(req.query).get('page') ?? '1');
      return { body: { rows: [page], next: page < 2 ? `/items?page=${page + 1}` : null } };
    };
    const body = await runWith(listDoc, [lister({ type: 'link', nextUrlPath: 'next', itemsPath: 'rows' })]);
    expect(outputs(body, 'n').all).toEqual([1, 2]);
  });

  it('a page without its items array fails the node', async () => {
    svc.handle = () => ({ body: { nope: 1 } });
    const r = await runWith(listDoc, [lister({ type: 'page', pageParam: 'p', itemsPath: 'list' })]);
    expect(r.error).toMatchObject({ code: 'HTTP_REQUEST_FAILED' });
    expect(r.error!.message).toMatch(/page 1 has no array at "list"/);
  });
});
