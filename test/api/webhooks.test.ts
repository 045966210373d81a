// Webhook requests exactly as SPEC §7, on SQLite and on PostgreSQL: the three response modes, every
// status and code, signatures, idempotency, body limit and rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  createPattern,
  delayedDoc,
  deployed,
  doc,
  echoDoc,
  eventually,
  expectError,
  expectOk,
  hookPath,
  request,
  respondDoc,
  runsOf,
  sign,
  startServer,
  type PatternResource,
  type TestServer,
} from './harness.js';
import { timestampedSignature } from '../../src/triggers/signature.js';

/** Answers {method, query, body, custom (the x-custom header), url} as JSON with status 201. */
const inspectDoc = () =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
      { id: 'custom', type: 'GetProperty', defaults: { key: 'x-custom' } },
      { id: 'obj', type: 'MakeObject', config: { keys: ['method', 'query', 'body', 'custom', 'url'] } },
      { id: 'respond', type: 'RespondToWebhook', defaults: { status: 201, headers: { 'X-Pattern': 'inspect', 'Cache-Control': 'no-store' } } },
    ],
    [
      'hook.then -> respond.exec',
      'hook.method -> obj.method',
      'hook.query -> obj.query',
      'hook.body -> obj.body',
      'hook.headers -> custom.object',
      'custom.value -> obj.custom',
      'hook.url -> obj.url',
      'obj.object -> respond.body',
    ],
    { name: 'inspect' },
  );

/** OnWebhook → ThrowError (ThrowError has no exec output: nothing can respond after it). */
const throwing = (mode: string) =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: mode } },
      { id: 'boom', type: 'ThrowError', defaults: { message: 'no luck', type: 'LuckError' } },
    ],
    ['hook.then -> boom.exec'],
    { name: `throwing ${mode}` },
  );

describe.each(BACKENDS)('webhooks on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ backend });
  });
  afterAll(async () => {
    await s?.stop();
  });
  const post = (p: PatternResource, json: unknown = {}, headers: Record<string, string> = {}) => s.raw(hookPath(p), { json, headers });

  describe('response modes', () => {
    it('immediate: 202 {status:"accepted", runId}; the run then appears in history and completes', async () => {
      const p = await deployed(s, delayedDoc(0.05));
      const r = await post(p, { order: 1 });
      expect(r.status).toBe(202);
      expect(r.body).toEqual({ status: 'accepted', runId: expect.stringMatching(/^run_/) });
      const run = await eventually(async () => {
        const x = expectOk(await s.api(`/api/runs/${r.body.runId}`));
        return x.status === 'completed' ? x : undefined;
      });
      expect(run).toMatchObject({ id: r.body.runId, patternId: p.id, version: 1, triggeredBy: 'webhook', error: null });
      expect(run.triggerData).toMatchObject({ body: { order: 1 }, method: 'POST' });
      expect((await runsOf(s, p.id)).data.map((x) => x.id)).toContain(r.body.runId);
    });

    it('the history keeps the request as sent: a JSON body as its own text, a text body as a string, query, method, URL', async () => {
      const p = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
            { id: 'log', type: 'Log', defaults: { message: 'ok' } },
          ],
          ['hook.then -> log.exec'],
          { name: 'keeps requests' },
        ),
      );
      const runOf = async (r: { body: { runId: string } }) => expectOk(await s.api(`/api/runs/${r.body.runId}`)).triggerData;
      // Spacing, escapes, a key that is a prototype's name, nesting: the stored body reads back as the parsed body.
      const text = ' {\n "a" : [1, 2.50, -0, 1e3],\t"__proto__": {"x": "\\u00e9\\n"}, "s": "tab\\there", "n": null }\n';
      const json = await runOf(await s.raw(`${hookPath(p)}?q=1&r=two%20words`, { raw: text, contentType: 'application/json' }));
      expect(json).toMatchObject({ method: 'POST', query: { q: '1', r: 'two words' }, url: `${hookPath(p)}?q=1&r=two%20words` });
      expect(JSON.stringify(json.body)).toBe(JSON.stringify(JSON.parse(text)));
      expect(Object.getPrototypeOf(json.body)).toBe(Object.prototype);
      const plain = await runOf(await s.raw(hookPath(p), { raw: 'just "text"\n', contentType: 'text/plain' }));
      expect(plain.body).toBe('just "text"\n');
      const empty = await runOf(await s.raw(hookPath(p), { method: 'POST' }));
      expect(empty.body).toBeNull();
    });

    it('bytes in a response: inside a JSON body as base64, as the whole body raw with application/octet-stream', async () => {
      const bytes = (wrap: boolean) =>
        doc(
          [
            { id: 'hook', type: 'OnWebhook' },
            { id: 'dec', type: 'HexDecode', defaults: { value: '00ff10', as: 'binary' } },
            ...(wrap ? [{ id: 'obj', type: 'MakeObject', config: { keys: ['data', 'n'] }, defaults: { n: 1 } }] : []),
            { id: 'r', type: 'RespondToWebhook' },
          ],
          ['hook.then -> r.exec', ...(wrap ? ['dec.result -> obj.data', 'obj.object -> r.body'] : ['dec.result -> r.body'])],
          { name: `bytes ${wrap}` },
        );
      const inJson = await post(await deployed(s, bytes(true)));
      expect(inJson.status).toBe(200);
      expect(inJson.body).toEqual({ data: Buffer.from([0, 255, 16]).toString('base64'), n: 1 });
      const raw = await post(await deployed(s, bytes(false)));
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toBe('application/octet-stream');
      expect(raw.headers.get('content-length')).toBe('3');
    });

    it('an OnWebhook without responseMode and without RespondToWebhook is immediate; with one, responseNode', async () => {
      const imm = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook' },
            { id: 'log', type: 'Log', defaults: { message: 'x' } },
          ],
          ['hook.then -> log.exec'],
        ),
      );
      expect((await post(imm)).body).toMatchObject({ status: 'accepted' });
      const rn = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook' },
            { id: 'r', type: 'RespondToWebhook', defaults: { body: 'hi' } },
          ],
          ['hook.then -> r.exec'],
        ),
      );
      const r = await post(rn);
      expect([r.status, r.text]).toEqual([200, 'hi']);
    });

    it('lastNode: waits, then 200 {status:"completed", runId, …}; a failure is 500 with the error', async () => {
      const p = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'lastNode' } },
            { id: 'log', type: 'Log', defaults: { message: 'ok' } },
          ],
          ['hook.then -> log.exec'],
        ),
      );
      const r = await post(p);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'completed', runId: expect.stringMatching(/^run_/) });
      const run = expectOk(await s.api(`/api/runs/${r.body.runId}`));
      expect(run.status).toBe('completed');
      const f = await deployed(s, throwing('lastNode'));
      const e = await post(f);
      expectError(e, 500, 'USER_ERROR');
      expect(e.body.error).toMatchObject({ message: 'no luck', nodeId: 'boom', type: 'LuckError', runId: expect.stringMatching(/^run_/) });
      expect(expectOk(await s.api(`/api/runs/${e.body.error.runId}`))).toMatchObject({ status: 'failed', error: { code: 'USER_ERROR', nodeId: 'boom' } });
    });

    it('responseNode: the RespondToWebhook status, headers and body (objects as JSON)', async () => {
      const p = await deployed(s, inspectDoc());
      const r = await s.raw(`${hookPath(p)}?a=1&b=two`, { json: { deep: { x: [1, 2] } }, headers: { 'X-Custom': 'hello' } });
      expect(r.status).toBe(201);
      expect(r.headers.get('x-pattern')).toBe('inspect');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.body).toEqual({ method: 'POST', query: { a: '1', b: 'two' }, body: { deep: { x: [1, 2] } }, custom: 'hello', url: `${hookPath(p)}?a=1&b=two` });
      const text = await deployed(s, respondDoc('plain words'));
      const t = await post(text);
      expect([t.status, t.text]).toEqual([200, 'plain words']);
      expect(t.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    it('responseNode: an execution that ends without responding answers 204', async () => {
      const p = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
            { id: 'log', type: 'Log', defaults: { message: 'quiet' } },
          ],
          ['hook.then -> log.exec'],
        ),
      );
      const r = await post(p);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
    });

    it("responseNode: a failure before the response answers 500 with the error's code, message and node", async () => {
      const p = await deployed(s, throwing('responseNode'));
      const r = await post(p);
      expectError(r, 500, 'USER_ERROR');
      expect(r.body.error).toMatchObject({ message: 'no luck', nodeId: 'boom' });
    });

    it('responseNode: a timeout before the response answers 504 (settings.timeoutMs + an endless While)', async () => {
      const p = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
            { id: 'loop', type: 'While', defaults: { condition: true } },
            { id: 'respond', type: 'RespondToWebhook', defaults: { body: 'never' } },
          ],
          ['hook.then -> loop.exec', 'loop.completed -> respond.exec'],
          { settings: { timeoutMs: 150 } },
        ),
      );
      const t0 = Date.now();
      const r = await post(p);
      expectError(r, 504, 'TIMEOUT');
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(expectOk(await s.api(`/api/runs/${r.body.error.runId}`)).status).toBe('timeout');
      // The server is not stalled by the loop.
      expect((await s.raw('/healthz')).status).toBe(200);
    });

    it('responseNode: the response is sent when RespondToWebhook runs, before the execution ends', async () => {
      const p = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
            { id: 'respond', type: 'RespondToWebhook', defaults: { body: 'early' } },
            { id: 'wait', type: 'Delay', defaults: { seconds: 2 } },
          ],
          ['hook.then -> respond.exec', 'respond.then -> wait.exec'],
        ),
      );
      const t0 = Date.now();
      const r = await post(p);
      expect([r.status, r.text]).toEqual([200, 'early']);
      expect(Date.now() - t0).toBeLessThan(1500);
    });
  });

  describe('errors', () => {
    let echo: PatternResource;
    beforeAll(async () => {
      echo = await deployed(s, echoDoc());
    });

    it('an unknown webhook id is 404 WEBHOOK_NOT_FOUND', async () => {
      expectError(await s.raw('/webhooks/doesnotexist', { json: {} }), 404, 'WEBHOOK_NOT_FOUND');
      expectError(await s.raw('/webhooks/doesnotexist', { method: 'GET' }), 404, 'WEBHOOK_NOT_FOUND');
      expectError(await s.raw(`/webhooks/${echo.webhookId}x`, { json: {} }), 404, 'WEBHOOK_NOT_FOUND');
    });

    it('a pattern that is not deployed is 404 NOT_DEPLOYED', async () => {
      const p = await createPattern(s, echoDoc());
      expectError(await post(p), 404, 'NOT_DEPLOYED');
    });

    it('GET, PUT, PATCH and DELETE are accepted; HEAD and OPTIONS are 405', async () => {
      const p = await deployed(s, inspectDoc());
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const r = await s.raw(`${hookPath(p)}?m=${method}`, { method, ...(method === 'GET' ? {} : { json: { m: method } }) });
        expect(r.status, method).toBe(201);
        expect(r.body).toMatchObject({ method, query: { m: method }, body: method === 'GET' ? null : { m: method } });
      }
      for (const method of ['HEAD', 'OPTIONS']) {
        const r = await s.raw(hookPath(p), { method });
        expect(r.status, method).toBe(405);
        if (method === 'OPTIONS') expectError(r, 405, 'METHOD_NOT_ALLOWED');
        expect(r.headers.get('allow')).toMatch(/GET/);
      }
    });

    it('invalid JSON is 400 INVALID_JSON', async () => {
      for (const raw of ['{"a":', '{a:1}', 'nope', '[1,]']) {
        expectError(await s.raw(hookPath(echo), { method: 'POST', raw, contentType: 'application/json' }), 400, 'INVALID_JSON');
      }
      expectError(
        await s.raw(hookPath(echo), { method: 'POST', raw: '{"a":', contentType: 'application/vnd.custom+json; charset=utf-8' }),
        400,
        'INVALID_JSON',
      );
    });

    // Forms, multipart and octet-stream bodies (SPEC §15): test/api/webhook-bodies.test.ts.
    it('a body that is not JSON, a form, multipart or octet-stream by its content type is given as a String', async () => {
      const cases: [string, string | undefined][] = [
        ['hello there', 'text/plain'],
        ['{"looks":"like json"}', 'text/plain'],
        ['<x/>', 'application/xml'],
        ['raw bytes', undefined],
      ];
      for (const [raw, contentType] of cases) {
        const r = await s.raw(hookPath(echo), { method: 'POST', raw, ...(contentType ? { contentType } : {}) });
        expect(r.status, `${contentType}`).toBe(200);
        expect(r.text, `${contentType}`).toBe(raw);
      }
      const j = await s.raw(hookPath(echo), { method: 'POST', raw: '{"n":1}', contentType: 'application/json; charset=utf-8' });
      expect(j.body).toEqual({ n: 1 });
    });

    it('a body over 1 MiB is 413 PAYLOAD_TOO_LARGE; just under it is accepted', async () => {
      const big = 'x'.repeat(1024 * 1024 + 1);
      expectError(await s.raw(hookPath(echo), { method: 'POST', raw: big, contentType: 'text/plain' }), 413, 'PAYLOAD_TOO_LARGE');
      expectError(await s.raw(hookPath(echo), { method: 'POST', raw: JSON.stringify({ big }), contentType: 'application/json' }), 413, 'PAYLOAD_TOO_LARGE');
      const fits = 'y'.repeat(1024 * 1024 - 100);
      const r = await s.raw(hookPath(echo), { method: 'POST', raw: fits, contentType: 'text/plain' });
      expect(r.status).toBe(200);
      expect(r.text.length).toBe(fits.length);
    });

    it('requireSignature: X-Webhook-Signature or X-Hub-Signature-256; wrong or missing is 401 INVALID_SIGNATURE', async () => {
      const p = await deployed(s, echoDoc({ requireSignature: true }));
      const body = JSON.stringify({ signed: true });
      const send = (headers: Record<string, string>, raw = body) => s.raw(hookPath(p), { method: 'POST', raw, contentType: 'application/json', headers });
      const good = sign(p.webhookSecret, body);
      expect((await send({ 'x-webhook-signature': good })).body).toEqual({ signed: true });
      expect((await send({ 'x-webhook-signature': good.toUpperCase() })).status).toBe(200);
      expect((await send({ 'x-hub-signature-256': `sha256=${good}` })).body).toEqual({ signed: true });
      expectError(await send({}), 401, 'INVALID_SIGNATURE');
      expectError(await send({ 'x-webhook-signature': sign('wrong secret', body) }), 401, 'INVALID_SIGNATURE');
      expectError(await send({ 'x-webhook-signature': good }, JSON.stringify({ signed: false })), 401, 'INVALID_SIGNATURE');
      expectError(await send({ 'x-hub-signature-256': `sha256=${sign('wrong', body)}` }), 401, 'INVALID_SIGNATURE');
      expectError(await send({ 'x-webhook-signature': 'zz' }), 401, 'INVALID_SIGNATURE');
      expectError(await send({ 'x-webhook-signature': '' }), 401, 'INVALID_SIGNATURE');
      // A wrong X-Webhook-Signature is not rescued by a right GitHub one, or the other way round.
      expect((await send({ 'x-webhook-signature': 'bad', 'x-hub-signature-256': `sha256=${good}` })).status).toBe(401);
      // An unsigned request starts nothing.
      const before = (await runsOf(s, p.id)).meta.total;
      await send({});
      expect((await runsOf(s, p.id)).meta.total).toBe(before);
      // Rotating the secret takes effect at once.
      const rotated = expectOk(await s.api(`/api/patterns/${p.id}/webhook-secret`, { json: {} })).webhookSecret;
      expectError(await send({ 'x-webhook-signature': good }), 401, 'INVALID_SIGNATURE');
      expect((await send({ 'x-webhook-signature': sign(rotated, body) })).status).toBe(200);
      // Signatures are over the raw body, whatever its type.
      const text = 'plain text body';
      expect(
        (await s.raw(hookPath(p), { method: 'POST', raw: text, contentType: 'text/plain', headers: { 'x-webhook-signature': sign(rotated, text) } })).text,
      ).toBe(text);
    });

    it('X-Dragops-Signature (timestamped): accepted when fresh, 401 INVALID_SIGNATURE "too old" outside the tolerance; masked in the history', async () => {
      const p = await deployed(s, echoDoc({ requireSignature: true }));
      const body = JSON.stringify({ stamped: true });
      const send = (headers: Record<string, string>) => s.raw(hookPath(p), { method: 'POST', raw: body, contentType: 'application/json', headers });
      const now = Math.floor(Date.now() / 1000);
      const fresh = timestampedSignature(p.webhookSecret, body, now);
      expect((await send({ 'x-dragops-signature': fresh })).body).toEqual({ stamped: true });
      // The same request sent again later (captured and replayed) is refused.
      const stale = await send({ 'x-dragops-signature': timestampedSignature(p.webhookSecret, body, now - 301) });
      expectError(stale, 401, 'INVALID_SIGNATURE');
      expect(stale.body.error.message).toMatch(/timestamp is too old/);
      expectError(await send({ 'x-dragops-signature': timestampedSignature('wrong secret', body, now) }), 401, 'INVALID_SIGNATURE');
      // "any" (the default) still takes the untimed schemes.
      expect((await send({ 'x-webhook-signature': sign(p.webhookSecret, body) })).status).toBe(200);
      // The history keeps no signature.
      const runs = (await runsOf(s, p.id)).data;
      const run = expectOk(await s.api(`/api/runs/${runs[runs.length - 1].id}`));
      expect(run.triggerData.headers['x-dragops-signature']).toBe('***');
    });

    it('signatureScheme "timestamped" accepts only X-Dragops-Signature (even without requireSignature); signatureToleranceSeconds sets the window', async () => {
      const p = await deployed(s, echoDoc({ signatureScheme: 'timestamped', signatureToleranceSeconds: 30 }));
      const body = JSON.stringify({ strict: true });
      const send = (headers: Record<string, string>) => s.raw(hookPath(p), { method: 'POST', raw: body, contentType: 'application/json', headers });
      const now = Math.floor(Date.now() / 1000);
      expect((await send({ 'x-dragops-signature': timestampedSignature(p.webhookSecret, body, now - 20) })).body).toEqual({ strict: true });
      expectError(await send({ 'x-dragops-signature': timestampedSignature(p.webhookSecret, body, now - 60) }), 401, 'INVALID_SIGNATURE');
      for (const headers of [
        {},
        { 'x-webhook-signature': sign(p.webhookSecret, body) },
        { 'x-hub-signature-256': `sha256=${sign(p.webhookSecret, body)}` },
      ] as Record<string, string>[]) {
        const r = await send(headers);
        expectError(r, 401, 'INVALID_SIGNATURE');
        expect(r.body.error.message).toMatch(/requires X-Dragops-Signature/);
      }
      // A config the schema does not allow is a compile error, not a silent default.
      const bad = await createPattern(s, echoDoc({ signatureScheme: 'hmac' }));
      expectError(await s.api(`/api/patterns/${bad.id}/deploy`, { json: {} }), 422, 'COMPILE_FAILED');
    });

    it('without requireSignature a signature header is ignored', async () => {
      expect((await post(echo, { a: 1 }, { 'x-webhook-signature': 'garbage' })).status).toBe(200);
    });

    it('X-Idempotency-Key (else X-Request-Id): a repeat answers 202 {status:"duplicate", runId: the first} and starts nothing', async () => {
      const p = await deployed(s, delayedDoc(0));
      const first = await post(p, { n: 1 }, { 'x-idempotency-key': 'order-42' });
      expect(first.body).toMatchObject({ status: 'accepted' });
      const again = await post(p, { n: 2 }, { 'x-idempotency-key': 'order-42' });
      expect(again.status).toBe(202);
      expect(again.body).toEqual({ status: 'duplicate', runId: first.body.runId });
      const viaRequestId = await post(p, {}, { 'x-request-id': 'req-1' });
      expect(viaRequestId.body.status).toBe('accepted');
      expect((await post(p, {}, { 'x-request-id': 'req-1' })).body).toEqual({ status: 'duplicate', runId: viaRequestId.body.runId });
      // X-Idempotency-Key wins over X-Request-Id.
      expect((await post(p, {}, { 'x-idempotency-key': 'order-42', 'x-request-id': 'fresh' })).body).toEqual({ status: 'duplicate', runId: first.body.runId });
      await eventually(async () => (await runsOf(s, p.id)).data.filter((r) => r.status === 'completed').length === 2);
      expect((await runsOf(s, p.id)).meta.total).toBe(2);
      // Keys are per pattern; responseNode patterns honour them too.
      const q = await deployed(s, respondDoc('fresh'));
      expect((await post(q, {}, { 'x-idempotency-key': 'order-42' })).text).toBe('fresh');
      const dup = await post(q, {}, { 'x-idempotency-key': 'order-42' });
      expect(dup.status).toBe(202);
      expect(dup.body.status).toBe('duplicate');
      // Concurrent repeats: one run, every other answer names it.
      const burst = await Promise.all([0, 1, 2, 3, 4].map(() => post(p, {}, { 'x-idempotency-key': 'burst' })));
      const accepted = burst.filter((r) => r.body.status === 'accepted');
      expect(accepted).toHaveLength(1);
      for (const r of burst) expect(r.body.runId).toBe(accepted[0]!.body.runId);
    });

    it('settings.rateLimit: over the limit is 429 RATE_LIMITED with Retry-After; no limit without it', async () => {
      const p = await deployed(s, respondDoc('ok', { settings: { rateLimit: { requests: 3, perSeconds: 60 } } }));
      const statuses: number[] = [];
      let limited;
      for (let i = 0; i < 5; i++) {
        const r = await post(p);
        statuses.push(r.status);
        if (r.status === 429) limited = r;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expectError(limited!, 429, 'RATE_LIMITED');
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
      const free = await deployed(s, respondDoc('free'));
      const all = await Promise.all(Array.from({ length: 30 }, () => post(free)));
      expect(all.every((r) => r.status === 200)).toBe(true);
    });

    it('a chunked body (no Content-Length) over the limit is 413 too, and the connection still serves', async () => {
      const { request: httpRequest } = await import('node:http');
      const u = new URL(s.url + hookPath(echo));
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        const chunk = 'z'.repeat(64 * 1024);
        for (let i = 0; i < 20; i++) req.write(chunk); // 1.25 MiB
        req.end();
      });
      expect(status).toBe(413);
      expect((await post(echo, { after: true })).status).toBe(200);
    });

    it('paths under /webhooks/ other than /webhooks/{id} are 404 WEBHOOK_NOT_FOUND; a percent-encoded id is decoded', async () => {
      expectError(await s.raw(`${hookPath(echo)}/more`, { json: {} }), 404, 'WEBHOOK_NOT_FOUND');
      expectError(await s.raw('/webhooks/', { json: {} }), 404, 'WEBHOOK_NOT_FOUND');
      expectError(await s.raw('/webhooks/%E0%A4%A', { json: {} }), 404, 'WEBHOOK_NOT_FOUND');
      const encoded = `/webhooks/${echo.webhookId.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)}`;
      expect((await s.raw(encoded, { json: { x: 1 } })).status).toBe(200);
    });

    it('a response header the HTTP protocol cannot carry fails the execution (500 NODE_ERROR on the headers pin), not the server', async () => {
      const p = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
            { id: 'respond', type: 'RespondToWebhook', defaults: { headers: { 'x-bad': 'a\r\nx-injected: 1' }, body: 'no' } },
          ],
          ['hook.then -> respond.exec'],
          { name: 'bad header' },
        ),
      );
      const r = await post(p);
      expect(r.status).toBe(500);
      expect(r.body.error).toMatchObject({ code: 'NODE_ERROR', nodeId: 'respond' });
      expect(r.headers.get('x-injected')).toBeNull();
    });

    it('RespondToWebhook with a 1xx status (101 Switching Protocols) fails the execution: 500 NODE_ERROR naming the node and its status pin', async () => {
      for (const status of [101, 100, 199]) {
        const p = await deployed(s, respondDoc('upgrade?', { name: `status ${status}` }, status));
        const r = await post(p);
        expectError(r, 500, 'NODE_ERROR');
        expect(r.body.error).toMatchObject({ nodeId: 'respond', message: expect.stringMatching(/status pin is 1\d\d.*200–599/) });
        expect(r.headers.get('upgrade')).toBeNull();
      }
      expect((await post(await deployed(s, respondDoc('fine', { name: 'status 200' }, 200)))).status).toBe(200);
    });

    it('answers carry a Content-Length (not chunked); a client that aborts its upload is no server error', async () => {
      const r = await post(echo, { a: 1 });
      expect(r.headers.get('content-length')).toBe(String(Buffer.byteLength(r.text)));
      expect(r.headers.get('transfer-encoding')).toBeNull();
      const { connect } = await import('node:net');
      const u = new URL(s.url);
      await new Promise<void>((resolve) => {
        const sock = connect(Number(u.port), u.hostname, () => {
          sock.write(`POST ${hookPath(echo)} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"partial":`);
          setTimeout(() => {
            sock.destroy();
            resolve();
          }, 100);
        });
      });
      await new Promise((r) => setTimeout(r, 100));
      expect((await post(echo, { after: true })).status).toBe(200);
      expect(s.services.activity.of(echo.id).webhook.rejected.INTERNAL_ERROR).toBeUndefined();
    });

    it("every webhook answer carries X-Content-Type-Options: nosniff (accepted, the pattern's own response, errors); a pattern's own value wins", async () => {
      const accepted = await deployed(s, delayedDoc(0));
      const own = await deployed(s, respondDoc('<b>not html</b>'));
      const custom = await deployed(
        s,
        doc(
          [
            { id: 'hook', type: 'OnWebhook', config: { responseMode: 'responseNode' } },
            { id: 'respond', type: 'RespondToWebhook', defaults: { headers: { 'X-Content-Type-Options': 'nosniff, custom' }, body: 'x' } },
          ],
          ['hook.then -> respond.exec'],
          { name: 'own nosniff' },
        ),
      );
      const answers = [
        await post(accepted),
        await post(own),
        await post(echo, { a: 1 }),
        await s.raw('/webhooks/nope', { json: {} }),
        await s.raw(hookPath(echo), { method: 'HEAD' }),
      ];
      expect(answers.map((r) => r.status)).toEqual([202, 200, 200, 404, 405]);
      for (const r of answers) expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await post(custom)).headers.get('x-content-type-options')).toBe('nosniff, custom');
    });

    it('error answers are JSON {success:false, error:{code, message}}', async () => {
      const r = await request(s.url, '/webhooks/nope', { method: 'DELETE' });
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Object.keys(r.body)).toEqual(['success', 'error']);
    });
  });
});
