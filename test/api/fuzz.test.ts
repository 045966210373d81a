// Bad input never hurts (issue 4 item 9): fast-check throws malformed, oversized and mistyped requests
// at the webhook endpoint and the API of a real server, on SQLite and PostgreSQL. A client's mistake is
// never a 500; every error is {success:false, error:{code, message}} with a catalogued code; the
// server is healthy afterwards. `PROPERTY_SCALE=20 npx vitest run test/api/fuzz` for a long hunt.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors/catalog.js';
import {
  BACKENDS,
  deployed,
  delayedDoc,
  doc,
  echoDoc,
  expectOk,
  hookPath,
  request,
  respondDoc,
  startServer,
  type PatternResource,
  type Reply,
  type TestServer,
} from './harness.js';

const SCALE = Math.max(0.1, Number(process.env.PROPERTY_SCALE ?? 1) || 1);
const runs = (n: number) => Math.ceil(n * SCALE);

/** Statuses a catalogued code may answer with besides its own (none: every code has one status). */
const EXTRA_STATUS: Record<string, number[]> = {};

function checkAnswer(r: Reply, what: string): void {
  const where = `${what} → ${r.status} ${r.text.slice(0, 300)}`;
  if (r.status >= 500) throw new Error(`a client mistake answered ${where}`);
  if (r.status < 400) return;
  const b = r.body as { success?: unknown; error?: { code?: unknown; message?: unknown } } | string;
  if (typeof b !== 'object' || b === null || b.success !== false || typeof b.error !== 'object' || b.error === null)
    throw new Error(`not an error envelope: ${where}`);
  const code = String(b.error.code);
  if (!Object.hasOwn(ERRORS, code)) throw new Error(`uncatalogued code: ${where}`);
  const spec = ERRORS[code as keyof typeof ERRORS];
  if (spec.status !== r.status && !(EXTRA_STATUS[code] ?? []).includes(r.status)) throw new Error(`${code} is ${spec.status} in the catalog: ${where}`);
  if (typeof b.error.message !== 'string' || b.error.message === '') throw new Error(`no message: ${where}`);
}

// ── Generators ────────────────────────────────────────────────────────────────────────────────

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const garbageJson = fc.constantFrom(
  '{',
  '[',
  '{"a":',
  '{a:1}',
  '[1,]',
  'nul',
  'NaN',
  '"unterminated',
  '{"a":1}}',
  '\u0000',
  ' ',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
);
const weirdValues = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1e308,
  -0.5,
  2 ** 53,
  1e20,
  '',
  ' ',
  'null',
  '1',
  '1e2',
  '0x10',
  'NaN',
  [],
  {},
  [[[]]],
  { $ref: '#' },
  '\u0000',
  'é'.repeat(10_000),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), weirdValues);
const bodyText = fc.oneof(
  anyJson.map((v) => JSON.stringify(v) ?? 'null'),
  garbageJson,
  fc.string({ maxLength: 200 }),
  fc.tuple(printable(8), fc.integer({ min: 1, max: 20_000 })).map(([s, n]) => s.repeat(n)),
);
const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/vnd.api+json',
    'application/problem+json',
    'text/plain',
    'text/html',
    'application/x-www-form-urlencoded',
    'application/octet-stream',
    'multipart/form-data; boundary=xyz',
    'application/xml',
    'garbage',
    'application/',
    '*/*',
    ';;;',
  ),
  { nil: undefined },
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE');
const headerValue = printable(60);
const headers = fc.dictionary(
  fc.constantFrom('x-idempotency-key', 'x-request-id', 'x-webhook-signature', 'x-hub-signature-256', 'x-custom', 'accept', 'if-match', 'authorization-ish'),
  headerValue,
  { maxKeys: 3 },
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('a', 'status', 'limit', 'offset', 'version', 'triggeredBy', 'search', 'tag', 'patternId', 'period', 'token', 'original', '__proto__', ''),
      fc.oneof(printable(12), fc.constantFrom('1h', '24h', '7d', '30d', 'true', 'failed', 'webhook')),
    ),
    { maxLength: 4 },
  )
  .map((kv) => (kv.length ? `?${kv.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));
const idLike = (real: () => string[]) =>
  fc.oneof(
    fc.constantFrom(0, 1, 2).map((i) => real()[i % real().length]!),
    printable(30)
      .filter((s) => s.length > 0)
      .map(encodeURIComponent),
    fc.constantFrom('pat_', 'run_x', 'dep_x', '0', '-1', '1e309', 'null', 'undefined', '%00', '..', 'a'.repeat(3000), '__proto__', 'constructor'),
  );

describe.each(BACKENDS)('bad input never hurts, on %s', (backend) => {
  let s: TestServer;
  let hooks: PatternResource[];
  let pattern: PatternResource;
  let deploymentId: string;
  let runId: string;
  beforeAll(async () => {
    s = await startServer({ backend });
    hooks = [
      await deployed(s, echoDoc()),
      await deployed(s, echoDoc({ requireSignature: true })),
      await deployed(s, delayedDoc(0)),
      await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
            { id: 'log', type: 'Log', defaults: { message: 'x' } },
          ],
          ['hook.then -> log.exec'],
        ),
      ),
      await deployed(s, respondDoc({ fixed: true }, { settings: { rateLimit: { requests: 1000, perSeconds: 1 } } })),
    ];
    pattern = await deployed(s, echoDoc());
    deploymentId = expectOk(await s.api(`/api/patterns/${pattern.id}/deployment`)).id;
    await request(s.url, hookPath(pattern), { json: { first: 1 } });
    const runs0 = expectOk(await s.api(`/api/deployments/${deploymentId}/runs`));
    runId = runs0[0].id;
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
  });

  async function healthy() {
    const h = await s.raw('/healthz');
    expect(h.status).toBe(200);
    // A fresh pattern (the fuzzing may have paused or redeployed the others: that is its right).
    const r = await s.raw(hookPath(await deployed(s, echoDoc())), { json: { still: 'fine' } });
    expect([r.status, r.body]).toEqual([200, { still: 'fine' }]);
    expect(expectOk(await s.api(`/api/patterns/${pattern.id}`)).id).toBe(pattern.id);
  }

  it('webhooks: random methods, content types, bodies, headers, query strings and ids', async () => {
    const webhookId = fc.oneof(
      fc.constantFrom(...hooks.map((h) => h.webhookId)),
      idLike(() => hooks.map((h) => h.webhookId)),
    );
    await fc.assert(
      fc.asyncProperty(method, webhookId, query, contentType, bodyText, headers, async (m, id, q, ct, body, hs) => {
        const r = await request(s.url, `/webhooks/${id}${q}`, {
          method: m,
          headers: hs,
          ...(m === 'GET' ? {} : { raw: body, ...(ct ? { contentType: ct } : {}) }),
        });
        checkAnswer(r, `${m} /webhooks/${id.slice(0, 40)}${q} ${ct} ${JSON.stringify(body.slice(0, 60))}`);
      }),
      { numRuns: runs(250) },
    );
    await healthy();
  }, 120_000);

  it('webhooks: oversized bodies are 413, raw binary is a string, odd methods are 4xx', async () => {
    const echo = hookPath(hooks[0]!);
    for (const size of [1024 * 1024 + 1, 3 * 1024 * 1024]) {
      for (const ct of ['application/json', 'text/plain', undefined]) {
        const r = await request(s.url, echo, { method: 'POST', raw: Buffer.alloc(size, 0x61), ...(ct ? { contentType: ct } : {}) });
        checkAnswer(r, `${size} bytes ${ct}`);
        expect(r.status).toBe(413);
      }
    }
    const bin = await request(s.url, echo, { method: 'POST', raw: Buffer.from([0xff, 0xfe, 0x00, 0x80]), contentType: 'application/octet-stream' });
    expect(bin.status).toBe(200);
    for (const m of ['HEAD', 'OPTIONS', 'TRACE', 'PROPFIND']) {
      const r = await request(s.url, echo, { method: m }).catch((e) => e as Error);
      if (r instanceof Error) continue; // fetch itself refuses some methods
      expect(r.status, m).toBeGreaterThanOrEqual(400);
      expect(r.status, m).toBeLessThan(500);
    }
    await healthy();
  }, 60_000);

  it('API: random requests to every route with wrong types, unknown ids and garbage bodies', async () => {
    const ids = () => [pattern.id, hooks[0]!.id, 'pat_nope'];
    const pid = idLike(ids);
    const did = idLike(() => [deploymentId, 'dep_nope', deploymentId]);
    const rid = idLike(() => [runId, 'run_nope', runId]);
    const num = fc.oneof(
      fc.integer({ min: -5, max: 5 }).map(String),
      fc.constantFrom('1', '2', '1.5', '1e3', '99999999999', '1e20', 'abc', '0x1', '-0', '%20'),
    );
    const route = fc.oneof(
      fc.constant(['GET', '/api/patterns']),
      fc.constant(['POST', '/api/patterns']),
      fc.constant(['POST', '/api/patterns/import']),
      pid.map((p) => ['GET', `/api/patterns/${p}`]),
      pid.map((p) => ['PUT', `/api/patterns/${p}`]),
      idLike(() => ['pat_nope', 'pat_x', 'pat_y']).map((p) => ['DELETE', `/api/patterns/${p}`]),
      pid.map((p) => ['GET', `/api/patterns/${p}/export`]),
      pid.map((p) => ['POST', `/api/patterns/${p}/clone`]),
      pid.map((p) => ['POST', `/api/patterns/${p}/validate`]),
      pid.map((p) => ['POST', `/api/patterns/${p}/run`]),
      pid.map((p) => ['POST', `/api/patterns/${p}/deploy`]),
      pid.map((p) => ['POST', `/api/patterns/${p}/pause`]),
      pid.map((p) => ['POST', `/api/patterns/${p}/resume`]),
      pid.map((p) => ['GET', `/api/patterns/${p}/deployment`]),
      pid.map((p) => ['GET', `/api/patterns/${p}/versions`]),
      fc.tuple(pid, num).map(([p, v]) => ['GET', `/api/patterns/${p}/versions/${v}`]),
      fc.tuple(pid, num, num).map(([p, a, b]) => ['GET', `/api/patterns/${p}/versions/${a}/diff/${b}`]),
      pid.map((p) => ['POST', `/api/patterns/${p}/webhook-secret`]),
      fc.constant(['GET', '/api/deployments']),
      did.map((d) => ['GET', `/api/deployments/${d}`]),
      did.map((d) => ['GET', `/api/deployments/${d}/runs`]),
      rid.map((r) => ['GET', `/api/runs/${r}`]),
      fc.constant(['GET', '/api/audit']),
      fc.constant(['POST', '/api/tokens']),
      fc.constant(['GET', '/api/auth/me']),
      fc.constant(['POST', '/api/auth/login']),
      fc.constant(['POST', '/api/auth/register']),
      fc.constant(['GET', '/api/nodes']),
      fc.constant(['GET', '/api/no-such-route']),
      fc.constant(['GET', '/api/errors']),
      fc.constant(['GET', '/api/auth/status']),
      fc.constant(['GET', '/api/docs']),
      fc.constant(['GET', '/metrics']),
      pid.map((p) => ['POST', `/api/patterns/${p}/webhook-capture`]),
      pid.map((p) => ['GET', `/api/patterns/${p}/webhook-capture`]),
      pid.map((p) => ['DELETE', `/api/patterns/${p}/webhook-capture`]),
      did.map((d) => ['GET', `/api/deployments/${d}/runs/stats`]),
      did.map((d) => ['GET', `/api/deployments/${d}/triggers`]),
      did.map((d) => ['POST', `/api/deployments/${d}/replay`]),
      rid.map((r) => ['POST', `/api/runs/${r}/replay`]),
      fc.constant(['GET', '/api/secrets']),
      idLike(() => ['API_KEY', 'x', 'token']).map((n) => ['PUT', `/api/secrets/${n}`]),
      idLike(() => ['API_KEY', 'nope', 'x']).map((n) => ['DELETE', `/api/secrets/${n}`]),
    );
    // Bodies: garbage, or objects with the fields the routes read, of every wrong type.
    const fieldBody = fc
      .record(
        {
          name: anyJson,
          note: anyJson,
          version: anyJson,
          event: anyJson,
          revision: anyJson,
          reason: anyJson,
          email: anyJson,
          password: anyJson,
          value: anyJson,
          status: anyJson,
          triggeredBy: anyJson,
          original: anyJson,
          limit: anyJson,
          since: anyJson,
          expiresInDays: anyJson,
          format: fc.constantFrom<unknown>('dragops.pattern/1', 'x', 1),
          nodes: anyJson,
          wires: anyJson,
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o));
    const body = fc.oneof(bodyText, fieldBody);
    const useToken = fc.constantFrom<'admin' | 'none' | 'bad'>('admin', 'admin', 'admin', 'none', 'bad');
    await fc.assert(
      fc.asyncProperty(route, query, body, contentType, headers, useToken, async ([m, path], q, b, ct, hs, who) => {
        const token = who === 'admin' ? s.admin.token : who === 'bad' ? 'dgo_garbage' : null;
        const r = await request(s.url, `${path}${q}`, {
          method: m,
          token,
          headers: hs,
          ...(m === 'GET' || m === 'DELETE' ? {} : { raw: b, contentType: ct ?? 'application/json' }),
        });
        checkAnswer(r, `${who} ${m} ${path.slice(0, 80)}${q} ${JSON.stringify(b.slice(0, 80))}`);
      }),
      { numRuns: runs(400) },
    );
    await healthy();
  }, 180_000);

  it('regressions found by fuzzing: NUL bytes, repeated query parameters, huge numbers, long ids, bad URLs', async () => {
    const cases: [string, string, unknown?][] = [
      ['GET', '/api/patterns/%00'],
      ['GET', '/api/runs/run_%00x'],
      ['GET', '/api/deployments/dep_%00'],
      ['GET', '/api/audit?patternId=%00'],
      ['GET', '/api/patterns?search=%00&tag=%00'],
      ['GET', '/webhooks/%00'],
      ['GET', '/api/audit?patternId=&patternId='],
      ['GET', '/api/patterns?search=a&search=b&tag=x&tag=y&limit=1&limit=2'],
      ['GET', `/api/deployments/${deploymentId}/runs?status=a&status=b&triggeredBy=x&triggeredBy=y&version=1&version=2`],
      ['GET', `/api/patterns/${pattern.id}/versions/1e20`],
      ['GET', `/api/patterns/${pattern.id}/versions/1/diff/99999999999`],
      ['GET', `/api/deployments/${deploymentId}/runs?version=1e20`],
      ['GET', `/api/deployments/${deploymentId}/runs?offset=1e20`],
      ['POST', `/api/patterns/${pattern.id}/deploy`, { version: 1e20 }],
      ['PUT', `/api/patterns/${pattern.id}`, { ...echoDoc(), revision: 'abc' }],
      ['PUT', `/api/patterns/${pattern.id}`, { ...echoDoc(), revision: 1e20 }],
      ['GET', `/api/patterns/${'a'.repeat(3000)}`],
      ['GET', `/webhooks/${'a'.repeat(3000)}`],
      ['GET', '/webhooks/%E0%A4%A'],
      ['GET', '/api/patterns/%E0%A4%A'],
      ['POST', '/api/auth/login', { email: 'a\u0000b@example.test', password: 'x\u0000' }],
    ];
    for (const [m, path, json] of cases) {
      const r = await s.api(path, { method: m, ...(json === undefined ? {} : { json }) });
      checkAnswer(r, `${m} ${path.slice(0, 80)}`);
    }
    // Text with NUL is stored (PostgreSQL cannot hold U+0000 itself).
    const named = await s.api('/api/patterns', { json: { name: 'nul\u0000name' } });
    expect(named.status).toBe(201);
    expect(expectOk(await s.api(`/api/patterns/${named.body.data.id}`)).name).toMatch(/^nul.name$/);
    const dup = await s.api(`/api/deployments/${deploymentId}/runs?status=completed&status=nope`);
    expect(dup.status).toBe(200);
    // A revision of null is "no check" (a GET's fields sent back).
    expect((await s.api(`/api/patterns/${pattern.id}`, { method: 'PUT', json: { ...echoDoc(), revision: null } })).status).toBe(200);
    await healthy();
  });

  it('API: schema-shaped but wrong pattern documents are 400 INVALID_DOCUMENT, never stored', async () => {
    const node = fc.record(
      { id: anyJson, type: fc.oneof(fc.constantFrom('OnWebhook', 'Log', 'RespondToWebhook'), anyJson), config: anyJson, defaults: anyJson, position: anyJson },
      { requiredKeys: ['id', 'type'] },
    );
    const wire = fc.record({ from: anyJson, to: anyJson });
    const document = fc.record(
      {
        format: fc.constant('dragops.pattern/1'),
        nodes: fc.array(node, { maxLength: 4 }),
        wires: fc.array(wire, { maxLength: 3 }),
        settings: anyJson,
        variables: anyJson,
        name: anyJson,
      },
      { requiredKeys: ['format', 'nodes', 'wires'] },
    );
    const before = expectOk(await s.api(`/api/patterns/${pattern.id}`)).revision;
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(document, async (d) => {
        const r = await s.api(`/api/patterns/${pattern.id}`, { method: 'PUT', json: d });
        checkAnswer(r, `PUT ${JSON.stringify(d).slice(0, 200)}`);
        if (r.status === 200) stored++;
        else expect(r.body.error.code).toBe('INVALID_DOCUMENT');
        const v = await s.api(`/api/patterns/${pattern.id}/validate`, { json: {} });
        checkAnswer(v, 'validate');
        const dep = await s.api(`/api/patterns/${pattern.id}/deploy`, { json: {} });
        checkAnswer(dep, 'deploy');
      }),
      { numRuns: runs(100) },
    );
    expect(expectOk(await s.api(`/api/patterns/${pattern.id}`)).revision).toBe(before + stored);
    await healthy();
  }, 120_000);
});
