// HTTPRequest against a real HTTP server on 127.0.0.1 (started here), the SSRF policy, and the pure
// HTTP helper nodes. No test sends traffic anywhere but loopback: refused hosts are refused before
// any connection is made.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { callNode, examplesOf, runExample } from '../testing.js';
import { pattern, run } from '../../../test/helpers.js';
import type { RunOptions } from '../../runtime/execute.js';
import { CompiledPolicy, isNonPublic } from './policy.js';
import ParseResponse from './ParseResponse.js';
import BuildURL from './BuildURL.js';
import BuildHeaders from './BuildHeaders.js';
import FormData from './FormData.js';

let server: Server;
let base = '';
let port = 0;
let closedPort = 0;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const u = new URL(req.url ?? '/', 'http://x');
  const p = u.pathname;
  const json = (status: number, v: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(v));
  };
  if (p === '/json') return json(200, { ok: true, n: [1, 2], ü: 'é' }, { 'x-custom': 'yes', 'set-cookie': 'a=1' });
  if (p === '/echo')
    return json(200, {
      method: req.method,
      contentType: req.headers['content-type'] ?? null,
      auth: req.headers.authorization ?? null,
      body,
      query: Object.fromEntries(u.searchParams),
    });
  if (p === '/text') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end('héllo');
  }
  if (p === '/latin1') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
    return void res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  }
  if (p === '/status') return json(Number(u.searchParams.get('code')), { error: 'nope' });
  if (p === '/bad-json') {
    res.writeHead(502, { 'content-type': 'application/json' });
    return void res.end('<html>Bad Gateway</html>');
  }
  if (p === '/png') {
    res.writeHead(200, { 'content-type': 'image/png' });
    return void res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]));
  }
  if (p === '/empty') {
    res.writeHead(204);
    return void res.end();
  }
  if (p === '/gzip') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    return void res.end(gzipSync(JSON.stringify({ zipped: true })));
  }
  if (p === '/bomb') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    return void res.end(gzipSync(Buffer.alloc(50 * 1024 * 1024)));
  }
  if (p === '/big') {
    const n = Number(u.searchParams.get('bytes'));
    res.writeHead(200, u.searchParams.has('chunked') ? { 'content-type': 'text/plain' } : { 'content-type': 'text/plain', 'content-length': String(n) });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < n) {
        const c = chunk.subarray(0, Math.min(chunk.length, n - sent));
        sent += c.length;
        if (!res.write(c)) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  if (p === '/slow') {
    const t = setTimeout(() => json(200, { late: true }), 3000);
    res.on('close', () => clearTimeout(t));
    return;
  }
  if (p.startsWith('/hops/')) {
    const n = Number(p.slice('/hops/'.length));
    if (n === 0) return json(200, { arrived: true, method: req.method, body, auth: req.headers.authorization ?? null });
    res.writeHead(Number(u.searchParams.get('code') ?? 302), { location: `/hops/${n - 1}${u.search}` });
    return void res.end();
  }
  if (p === '/loop') {
    res.writeHead(301, { location: '/loop' });
    return void res.end();
  }
  if (p === '/to') {
    res.writeHead(302, { location: u.searchParams.get('url')! });
    return void res.end();
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

/** Runs OnStart → HTTPRequest → RespondToWebhook(status, headers, body) and returns the run. */
function request(inputs: Record<string, unknown>, opts: RunOptions = {}, settings: Record<string, unknown> = {}) {
  const doc = pattern(
    [
      { id: 's', type: 'OnStart' },
      { id: 'req', type: 'HTTPRequest', defaults: inputs },
      { id: 'out', type: 'RespondToWebhook' },
    ],
    ['s.then -> req.exec', 'req.then -> out.exec', 'req.status -> out.status', 'req.headers -> out.headers', 'req.body -> out.body'],
    { settings },
  );
  return run(doc, {}, opts);
}

async function ok(inputs: Record<string, unknown>, opts: RunOptions = {}) {
  const r = await request(inputs, opts);
  if (r.status !== 'completed') throw new Error(`run ${r.status}: ${JSON.stringify(r.error)}`);
  return r.response!;
}

async function failure(inputs: Record<string, unknown>, opts: RunOptions = {}) {
  const r = await request(inputs, opts);
  expect(r.status).toBe('failed');
  expect(r.error!.nodeId).toBe('req');
  return r.error!;
}

describe('HTTPRequest against a loopback server', () => {
  it('GET JSON: parsed body, status, lower-case headers', async () => {
    const res = await ok({ url: `${base}/json` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, n: [1, 2], ü: 'é' });
    expect(res.headers['x-custom']).toBe('yes');
    expect(res.headers['content-type']).toBe('application/json');
  });
  it('POST an object: sent as JSON with its content type', async () => {
    const res = await ok({ url: `${base}/echo`, method: 'POST', body: { a: 1, s: 'ü' } });
    expect(res.body).toEqual({ method: 'POST', contentType: 'application/json', auth: null, body: '{"a":1,"s":"ü"}', query: {} });
  });
  it('a String body is text; a content-type header wins; query strings pass', async () => {
    expect((await ok({ url: `${base}/echo?x=1`, method: 'PUT', body: 'plain' })).body).toMatchObject({
      method: 'PUT',
      contentType: 'text/plain; charset=utf-8',
      body: 'plain',
      query: { x: '1' },
    });
    expect(
      (await ok({ url: `${base}/echo`, method: 'PATCH', body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).body,
    ).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: 'a=1' });
  });
  it('text bodies are decoded in their charset', async () => {
    expect((await ok({ url: `${base}/text` })).body).toBe('héllo');
    expect((await ok({ url: `${base}/latin1` })).body).toBe('café');
  });
  it('non-2xx statuses are responses, not errors', async () => {
    for (const code of [301, 400, 404, 500, 503]) {
      const res = await ok({ url: `${base}/status?code=${code}` });
      expect(res.status).toBe(code);
      if (code !== 301) expect(res.body).toEqual({ error: 'nope' });
    }
  });
  it('invalid JSON under a JSON content type is given as text (not an error)', async () => {
    const res = await ok({ url: `${base}/bad-json` });
    expect(res.status).toBe(502);
    expect(res.body).toBe('<html>Bad Gateway</html>');
  });
  it('binary media come as Binary; an empty body is ""; HEAD has no body', async () => {
    expect((await ok({ url: `${base}/png` })).body).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]));
    const empty = await ok({ url: `${base}/empty` });
    expect([empty.status, empty.body]).toEqual([204, '']);
    expect((await ok({ url: `${base}/json`, method: 'HEAD' })).body).toBe('');
  });
  it('gzip responses are decompressed', async () => {
    expect((await ok({ url: `${base}/gzip` })).body).toEqual({ zipped: true });
  });
  it('a per-request timeout is HTTP_REQUEST_FAILED, and the server is not kept waiting', async () => {
    const t0 = Date.now();
    const e = await failure({ url: `${base}/slow`, timeoutSeconds: 0.2 });
    expect(e.code).toBe('HTTP_REQUEST_FAILED');
    expect(e.message).toMatch(/no response from http:\/\/127\.0\.0\.1:\d+\/slow within 0\.2 seconds/);
    expect(Date.now() - t0).toBeLessThan(2500);
  });
  it('the execution deadline ends a request in flight: status timeout, not a failed request', async () => {
    const r = await request({ url: `${base}/slow` }, {}, { timeoutMs: 300 });
    expect(r.status).toBe('timeout');
    expect(r.error!.code).toBe('TIMEOUT');
  });
  it('a refused connection is HTTP_REQUEST_FAILED', async () => {
    const e = await failure({ url: `http://127.0.0.1:${closedPort}/` });
    expect(e.code).toBe('HTTP_REQUEST_FAILED');
    expect(e.message).toMatch(/connection refused/);
  });
  it('follows redirects (up to the bound), keeping the method for 307 and switching to GET for 303', async () => {
    expect((await ok({ url: `${base}/hops/5` })).body).toMatchObject({ arrived: true });
    const e = await failure({ url: `${base}/hops/6` });
    expect(e.message).toMatch(/too many redirects: more than 5/);
    expect((await failure({ url: `${base}/loop` })).code).toBe('HTTP_REQUEST_FAILED');
    expect((await ok({ url: `${base}/hops/2?code=307`, method: 'POST', body: 'keep' })).body).toMatchObject({ method: 'POST', body: 'keep' });
    expect((await ok({ url: `${base}/hops/1?code=303`, method: 'POST', body: 'drop' })).body).toMatchObject({ method: 'GET', body: '' });
    expect((await ok({ url: `${base}/hops/1`, method: 'POST', body: 'x' })).body).toMatchObject({ method: 'GET' });
    expect(await ok({ url: `${base}/hops/1` }, { http: { maxRedirects: 0 } }).catch((x) => x)).toBeInstanceOf(Error);
  });
  it('credentials are kept on the same origin and dropped when a redirect leaves it', async () => {
    const same = await ok({ url: `${base}/hops/1`, headers: { Authorization: 'Bearer t' } });
    expect(same.body).toMatchObject({ auth: 'Bearer t' });
    const other = `http://localhost:${port}/hops/0`; // another origin (host name), the same server
    const res = await ok({ url: `${base}/to?url=${encodeURIComponent(other)}`, headers: { Authorization: 'Bearer t' } });
    expect(res.body).toMatchObject({ arrived: true, auth: null });
  });
  it('a response over the size limit is HTTP_REQUEST_FAILED: declared, chunked, and a decompression bomb', async () => {
    expect((await failure({ url: `${base}/big?bytes=${11 * 1024 * 1024}` })).message).toMatch(/over the limit of 10485760 bytes/);
    expect((await failure({ url: `${base}/big?bytes=5000&chunked` }, { http: { maxResponseBytes: 1000 } })).message).toMatch(/over the limit of 1000 bytes/);
    expect((await ok({ url: `${base}/big?bytes=1000&chunked` }, { http: { maxResponseBytes: 1000 } })).body).toBe('a'.repeat(1000));
    expect((await failure({ url: `${base}/bomb` })).message).toMatch(/over the limit/);
  });
  it('bad input is NODE_ERROR: relative or invalid URL, another scheme, a header with a line break, a zero timeout', async () => {
    for (const url of ['/relative', 'not a url', 'ftp://127.0.0.1/', 'file:///etc/passwd']) expect((await failure({ url })).code).toBe('NODE_ERROR');
    expect((await failure({ url: `${base}/echo`, headers: { 'x-a': 'b\r\nx-injected: 1' } })).message).toMatch(/invalid request header "x-a"/);
    expect((await failure({ url: `${base}/echo`, timeoutSeconds: 0 })).message).toMatch(/timeoutSeconds/);
  });
  it('TryCatch catches a failed request', async () => {
    const doc = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 'try', type: 'TryCatch' },
        { id: 'req', type: 'HTTPRequest', defaults: { url: `http://127.0.0.1:${closedPort}/` } },
        { id: 'log', type: 'Log' },
        { id: 'code', type: 'GetProperty', defaults: { key: 'code' } },
      ],
      ['s.then -> try.exec', 'try.try -> req.exec', 'try.catch -> log.exec', 'try.error -> code.object', 'code.value -> log.message'],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    expect(r.logs.map((l) => l.message)).toEqual(['HTTP_REQUEST_FAILED']);
  });
});

describe('the HTTP policy (SSRF)', () => {
  const count = () => seen.length;
  it('default: loopback and private networks allowed, link-local (cloud metadata) refused before connecting', async () => {
    expect((await ok({ url: `${base}/json` })).status).toBe(200);
    const e = await failure({ url: 'http://169.254.169.254/latest/meta-data/' });
    expect(e.code).toBe('HTTP_REQUEST_FAILED');
    expect(e.message).toMatch(/link-local/);
    expect((await failure({ url: 'http://[fe80::1]/' })).message).toMatch(/link-local/);
  });
  it('denyPrivateNetworks refuses loopback by address and by name, with no request reaching the server', async () => {
    const before = count();
    const http = { denyPrivateNetworks: true };
    expect((await failure({ url: `${base}/json` }, { http })).message).toMatch(/private, loopback or reserved network/);
    expect((await failure({ url: `http://localhost:${port}/json` }, { http })).message).toMatch(/localhost \((127\.0\.0\.1|::1)\)/);
    expect((await failure({ url: `http://[::ffff:127.0.0.1]:${port}/json` }, { http })).code).toBe('HTTP_REQUEST_FAILED');
    expect((await failure({ url: `http://0x7f.1:${port}/json` }, { http })).code).toBe('HTTP_REQUEST_FAILED');
    expect(count()).toBe(before);
  });
  it('an explicit allow entry lets one private host through', async () => {
    expect((await ok({ url: `${base}/json` }, { http: { denyPrivateNetworks: true, allowHosts: ['127.0.0.0/8'] } })).status).toBe(200);
    expect((await ok({ url: `http://localhost:${port}/json` }, { http: { denyPrivateNetworks: true, allowHosts: ['LOCALHOST'] } })).status).toBe(200);
  });
  it('allowHosts restricts to the list; denyHosts refuses names, wildcards and ranges', async () => {
    const before = count();
    expect((await failure({ url: `${base}/json` }, { http: { allowHosts: ['api.example.com', '*.example.org'] } })).message).toMatch(
      /not in the HTTP policy's allowHosts/,
    );
    expect((await failure({ url: `http://localhost:${port}/json` }, { http: { denyHosts: ['localhost'] } })).message).toMatch(/denied by the HTTP policy/);
    expect((await failure({ url: `${base}/json` }, { http: { denyHosts: ['127.0.0.0/8'] } })).message).toMatch(/denied/);
    expect(count()).toBe(before);
  });
  it('every redirect hop is checked: a public-looking start cannot redirect into a refused network', async () => {
    const e = await failure({ url: `${base}/to?url=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}` });
    expect(e.message).toMatch(/refused: address 169\.254\.169\.254 is link-local/);
    const e2 = await failure({ url: `${base}/to?url=${encodeURIComponent(`http://localhost:${port}/json`)}` }, { http: { denyHosts: ['localhost'] } });
    expect(e2.message).toMatch(/denied/);
  });
  it('an invalid policy entry is reported, not ignored', async () => {
    expect((await failure({ url: `${base}/json` }, { http: { denyHosts: ['10.0.0.0/99'] } })).message).toMatch(/HTTP policy is invalid/);
  });
  it('classifies addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.31.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
    ])
      expect(isNonPublic(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isNonPublic(a), a).toBe(false);
  });
  it('wildcards match subdomains only', () => {
    const p = new CompiledPolicy({ allowHosts: ['*.example.com'] });
    expect(() => p.checkAddress('a.b.example.com', '93.184.216.34')).not.toThrow();
    expect(() => p.checkAddress('example.com', '93.184.216.34')).toThrow(/allowHosts/);
    expect(() => p.checkAddress('badexample.com', '93.184.216.34')).toThrow(/allowHosts/);
  });
});

const error = (f: () => unknown): DragopsError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DragopsError);
    return e as DragopsError;
  }
  throw new Error('expected a DragopsError');
};

describe('pure HTTP nodes', () => {
  it.each(examplesOf(defs.filter((d) => d.execIn === false)))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
  });
  it('ParseResponse: auto by content type, strict JSON, charsets, structured bodies, binary', () => {
    const parse = (body: unknown, headers: Record<string, unknown> = {}, as = 'auto') => callNode(ParseResponse, { body, headers, as });
    expect(parse('{"a":1}', { 'content-type': 'application/problem+json' })).toEqual({ a: 1 });
    expect(parse({ already: 'parsed' }, { 'content-type': 'application/json' })).toEqual({ already: 'parsed' });
    expect(error(() => parse('<html>', { 'content-type': 'application/json' })).message).toMatch(/invalid JSON at position 0/);
    expect(error(() => parse('', {}, 'json')).message).toMatch(/empty/);
    expect(parse(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { 'content-type': 'text/plain; charset=latin1' })).toBe('café');
    expect(parse(new Uint8Array([1, 2]), { 'content-type': 'image/png' })).toEqual(new Uint8Array([1, 2]));
    expect(parse('raw', {})).toBe('raw');
    expect(parse('hi', {}, 'binary')).toEqual(new TextEncoder().encode('hi'));
    expect(parse('<a x="1"/>', { 'content-type': 'application/atom+xml' })).toEqual({ a: { '@x': '1' } });
    expect(parse(null, {}, 'text')).toBe('');
  });
  it('BuildURL: slashes, existing query and hash, unicode, invalid base', () => {
    const url = (base: string, path = '', query: unknown = {}) => callNode(BuildURL, { base, path, query });
    expect(url('https://x.com', 'a/b')).toBe('https://x.com/a/b');
    expect(url('https://x.com/api//', '//v1')).toBe('https://x.com/api/v1');
    expect(url('https://x.com/api?k=1#top', 'v1', { q: 'ü' })).toBe('https://x.com/api/v1?k=1&q=%C3%BC#top');
    expect(url('https://x.com/api', 'v1?own=1')).toBe('https://x.com/api/v1?own=1');
    expect(url('https://x.com/a/b', '../c')).toBe('https://x.com/a/c');
    expect(url('https://user:pw@X.com:8080/')).toBe('https://user:pw@x.com:8080/');
    expect(url('https://x.com', 'a b')).toBe('https://x.com/a%20b');
    expect(error(() => url('x.com/api')).message).toMatch(/not an absolute URL/);
  });
  it('BuildHeaders: lower-case names, overrides, basic and bearer, injection refused', () => {
    expect(callNode(BuildHeaders, { headers: { Accept: 'text/html', 'X-N': 5, Skip: null }, accept: 'application/json' })).toEqual({
      accept: 'application/json',
      'x-n': '5',
    });
    expect(error(() => callNode(BuildHeaders, { bearerToken: 'a\r\nX-Evil: 1' })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(BuildHeaders, { headers: { 'bad name': 'x' } })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(BuildHeaders, { bearerToken: 't', basicUser: 'u' })).message).toMatch(/not both/);
    expect(callNode(BuildHeaders, { basicUser: 'ü', basicPassword: '' })).toEqual({ authorization: `Basic ${Buffer.from('ü:').toString('base64')}` });
    const h = callNode(BuildHeaders, { headers: JSON.parse('{"__proto__":"x"}') }) as Record<string, unknown>;
    expect(Object.keys(h)).toEqual(['__proto__']);
  });
  it('FormData: multipart with files, deterministic boundary, escaped names; empty fields', () => {
    const fields = { name: 'Zoë', 'we"ird\nname': 'x', file: new Uint8Array([0, 1, 2]), list: [1, 2] };
    const a = callNode(FormData, { fields, encoding: 'multipart' }) as { body: Uint8Array; contentType: string };
    const b = callNode(FormData, { fields, encoding: 'multipart' }) as { body: Uint8Array; contentType: string };
    expect(a.contentType).toBe(b.contentType);
    expect(Buffer.from(a.body).equals(Buffer.from(b.body))).toBe(true);
    const boundary = /boundary=(.+)$/.exec(a.contentType)![1]!;
    const text = Buffer.from(a.body).toString('latin1');
    expect(text.startsWith(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nZo`)).toBe(true);
    expect(text).toContain('name="we%22ird%0Aname"');
    expect(text).toContain('name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\n\u0000\u0001\u0002\r\n');
    expect(text.match(/name="list"/g)).toHaveLength(2);
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
    expect(callNode(FormData, { fields: {} })).toEqual({ body: '', contentType: 'application/x-www-form-urlencoded' });
    expect(callNode(FormData, { fields: null, encoding: 'multipart' })).toMatchObject({
      contentType: expect.stringMatching(/^multipart\/form-data; boundary=/),
    });
  });
  it('FormData multipart posts to the loopback server', async () => {
    const doc = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 'form', type: 'FormData', defaults: { fields: { a: '1', b: 'ü' }, encoding: 'multipart' } },
        { id: 'h', type: 'BuildHeaders' },
        { id: 'req', type: 'HTTPRequest', defaults: { url: `${base}/echo`, method: 'POST' } },
        { id: 'out', type: 'RespondToWebhook' },
      ],
      [
        's.then -> req.exec',
        'form.body -> req.body',
        'form.contentType -> h.contentType',
        'h.result -> req.headers',
        'req.then -> out.exec',
        'req.body -> out.body',
      ],
    );
    const r = await run(doc);
    expect(r.status).toBe('completed');
    const body = r.response!.body as { contentType: string; body: string };
    expect(body.contentType).toMatch(/^multipart\/form-data; boundary=----dragops/);
    expect(body.body).toContain('name="b"\r\n\r\nü\r\n');
  });
});
