// Webhook bodies (SPEC §15) through a real server, on SQLite and PostgreSQL: what curl, HTML forms
// and fetch's FormData send arrives as an Object (files as Binary), octet-stream as Binary; malformed
// bodies are 400 and oversized ones 413; accepted (queued) executions get their Binary values intact
// in the execution process; the editor's capture reads bodies as live runs do.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  createPattern,
  deployed,
  doc,
  echoDoc,
  eventually,
  expectError,
  expectOk,
  hookPath,
  runsOf,
  startServer,
  type PatternResource,
  type TestServer,
} from './harness.js';

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Accepted (queued) → Delay (so it runs in an execution process) → Log the sha256 of `body.file.data`
 * (a Binary hashes its bytes; base64 text in its place would hash differently), then of the whole
 * body (octet-stream). */
const hashingDoc = () =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'immediate' } },
      { id: 'wait', type: 'Delay', defaults: { seconds: 0.01 } },
      { id: 'file', type: 'GetProperty', defaults: { key: 'file' } },
      { id: 'data', type: 'GetProperty', defaults: { key: 'data' } },
      { id: 'hash', type: 'Hash' },
      { id: 'log', type: 'Log' },
    ],
    [
      'hook.then -> wait.exec',
      'wait.then -> log.exec',
      'hook.body -> file.object',
      'file.value -> data.object',
      'data.value -> hash.value',
      'hash.result -> log.message',
    ],
    { name: 'hash a file' },
  );

const rawHashDoc = () =>
  doc(
    [
      { id: 'hook', type: 'OnWebhook', config: { responseMode: 'immediate' } },
      { id: 'wait', type: 'Delay', defaults: { seconds: 0.01 } },
      { id: 'hash', type: 'Hash' },
      { id: 'log', type: 'Log' },
    ],
    ['hook.then -> wait.exec', 'wait.then -> log.exec', 'hook.body -> hash.value', 'hash.result -> log.message'],
    { name: 'hash the body' },
  );

describe.each(BACKENDS)('webhook bodies on %s', (backend) => {
  let s: TestServer, echo: PatternResource;
  beforeAll(async () => {
    s = await startServer({ backend, config: { webhookBodyLimit: 64 * 1024 } });
    echo = await deployed(s, echoDoc());
  });
  afterAll(async () => {
    await s?.stop();
  });
  const send = (p: PatternResource, body: string | Uint8Array | FormData | URLSearchParams, headers: Record<string, string> = {}) =>
    fetch(s.url + hookPath(p), { method: 'POST', body, headers });

  it("curl -d 'name=ada' arrives as an Object of Strings, repeated keys as Arrays", async () => {
    // What `curl -d name=ada -d tag=a -d tag=b` sends.
    const r = await send(echo, 'name=ada&tag=a&tag=b&note=two+words%21', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ name: 'ada', tag: ['a', 'b'], note: 'two words!' });
    // An HTML form / URLSearchParams body (fetch sets the type itself).
    const r2 = await send(echo, new URLSearchParams({ email: 'a@b.c', plan: 'pro' }));
    expect(await r2.json()).toEqual({ email: 'a@b.c', plan: 'pro' });
  });

  it('multipart/form-data from fetch: fields as Strings, files as {filename, contentType, data: Binary}', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 13, 10, 255]);
    const form = new FormData();
    form.append('title', 'Zoë’s scan');
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'scan.png');
    const r = await send(echo, form);
    expect(r.status).toBe(200);
    // The response writes Binary as base64 (SPEC §2).
    expect(await r.json()).toEqual({
      title: 'Zoë’s scan',
      file: { filename: 'scan.png', contentType: 'image/png', data: Buffer.from(bytes).toString('base64') },
    });
  });

  it('application/octet-stream is Binary: echoed byte for byte', async () => {
    const bytes = new Uint8Array(3000).map((_, i) => (i * 7) & 255);
    const r = await send(echo, bytes, { 'content-type': 'application/octet-stream' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(bytes);
  });

  it('malformed bodies are 400 INVALID_BODY saying what is wrong; too many fields or too many bytes 413; nothing runs', async () => {
    const before = (await runsOf(s, echo.id)).data.length;
    const check = async (r: Response, status: number, code: string, message?: RegExp) => {
      const text = await r.text();
      expectError({ status: r.status, body: JSON.parse(text), text, headers: r.headers }, status, code);
      if (message) expect(JSON.parse(text).error.message).toMatch(message);
    };
    await check(await send(echo, 'a=50%', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'INVALID_BODY', /malformed percent-escape/);
    await check(await send(echo, 'x', { 'content-type': 'multipart/form-data' }), 400, 'INVALID_BODY', /no boundary parameter/);
    await check(
      await send(echo, '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\ncut off', { 'content-type': 'multipart/form-data; boundary=b' }),
      400,
      'INVALID_BODY',
      /closing boundary/,
    );
    await check(
      await send(echo, 'a&'.repeat(1001), { 'content-type': 'application/x-www-form-urlencoded' }),
      413,
      'PAYLOAD_TOO_LARGE',
      /more than 1000 fields/,
    );
    const big = new FormData();
    big.append('file', new Blob([new Uint8Array(65 * 1024)]), 'big.bin');
    await check(await send(echo, big), 413, 'PAYLOAD_TOO_LARGE', /size limit/);
    expect((await runsOf(s, echo.id)).data.length).toBe(before);
  });

  it('accepted (queued) executions get Binary values intact in the execution process, and the history shows them as base64', async () => {
    const p = await deployed(s, hashingDoc());
    const bytes = new Uint8Array(2048).map((_, i) => (i * 31 + 7) & 255);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'doc.pdf');
    const r = await send(p, form);
    expect(r.status).toBe(202);
    const { runId } = (await r.json()) as { runId: string };
    const run = await eventually(async () => {
      const x = expectOk(await s.api(`/api/runs/${runId}`));
      return x.status === 'completed' || x.status === 'failed' ? x : undefined;
    });
    expect(run.status).toBe('completed');
    expect(run.log.find((e: { event: string }) => e.event === 'log').output.message).toBe(sha256(bytes));
    expect(run.triggerData.body).toEqual({ file: { filename: 'doc.pdf', contentType: 'application/pdf', data: Buffer.from(bytes).toString('base64') } });

    const q = await deployed(s, rawHashDoc());
    const r2 = await send(q, bytes, { 'content-type': 'application/octet-stream' });
    const id2 = ((await r2.json()) as { runId: string }).runId;
    const run2 = await eventually(async () => {
      const x = expectOk(await s.api(`/api/runs/${id2}`));
      return x.status === 'completed' || x.status === 'failed' ? x : undefined;
    });
    expect(run2.log.find((e: { event: string }) => e.event === 'log').output.message).toBe(sha256(bytes));
    expect(run2.triggerData.body).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('capture mode reads a body as a live run does (one parse for both)', async () => {
    const p = await createPattern(s, echoDoc({}, { name: 'captured' }));
    expectOk(await s.api(`/api/patterns/${p.id}/webhook-capture`, { json: { seconds: 60 } }));
    const r = await send(p, 'name=ada&tag=a&tag=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(202);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'f.bin');
    await send(p, form);
    await send(p, '{"broken', { 'content-type': 'application/json' });
    const samples = expectOk(await s.api(`/api/patterns/${p.id}/webhook-capture`)).samples;
    expect(samples.map((x: { event: { body: unknown } }) => x.event.body)).toEqual([
      { name: 'ada', tag: ['a', 'b'] },
      { file: { filename: 'f.bin', contentType: 'application/octet-stream', data: '<binary 3 bytes>' } },
      '{"broken', // a body a live run would refuse is kept as the text sent
    ]);
  });
});
