// One outbound HTTP request for HTTPRequest: node:http(s) with the policy's DNS lookup, manual
// redirects (each hop checked), a timeout combined with the execution's deadline, decompression, and
// a streamed body that stops at the size limit. Returns plain data: status, headers, parsed body.
import { DragopsError, defineData } from '../sdk/index.js';
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { stringifyJson } from '../formats/json.js';
import { PolicyDenied, type CompiledPolicy } from './policy.js';
import { parseBody } from './body.js';

export interface HttpResult {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
}

export interface RequestInput {
  url: string;
  method: string;
  headers: Record<string, unknown> | null;
  body: unknown;
  timeoutMs: number;
}

/** Raised for everything that keeps a response from arriving: HTTP_REQUEST_FAILED. */
const failed = (message: string, cause?: unknown) => new DragopsError('HTTP_REQUEST_FAILED', message, { cause, type: 'HTTPError' });

/** The URL as shown in messages: no credentials, no query string (which may hold tokens). */
export const shownUrl = (u: URL): string => `${u.protocol}//${u.host}${u.pathname}`;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Request headers from the node's input: lower-case names, values as text; invalid ones are errors. */
export function requestHeaders(input: Record<string, unknown> | null): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (input === null) return out;
  for (const k of Object.keys(input)) {
    const v = input[k];
    if (v === null || v === undefined) continue;
    const name = k.toLowerCase();
    const value = Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : stringifyJson(x))) : typeof v === 'string' ? v : stringifyJson(v);
    try {
      http.validateHeaderName(name);
      for (const x of Array.isArray(value) ? value : [value]) http.validateHeaderValue(name, x);
    } catch (e) {
      throw new DragopsError('NODE_ERROR', `invalid request header ${JSON.stringify(k.slice(0, 60))}: ${(e as Error).message}`, { cause: e, pin: 'headers' });
    }
    defineData(out as Record<string, unknown>, name, value);
  }
  return out;
}

/** The bytes to send and the content type they imply: objects as JSON, strings as UTF-8 text. */
export function requestBody(body: unknown): { bytes: Buffer; type: string } | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), type: 'text/plain; charset=utf-8' };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), type: 'application/octet-stream' };
  return { bytes: Buffer.from(stringifyJson(body), 'utf8'), type: 'application/json' };
}

function networkMessage(e: NodeJS.ErrnoException, u: URL): string {
  const where = shownUrl(u);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${u.host} (${where})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${u.hostname} not found (${where})`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `connection reset by ${u.host} (${where})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${u.host} unreachable (${where})`;
    case 'HPE_HEADER_OVERFLOW':
      return `response headers from ${where} are too large`;
    default:
      if (e.code && /CERT|SSL|TLS/.test(e.code)) return `TLS error talking to ${u.host}: ${e.message} (${where})`;
      return `request to ${where} failed: ${e.message}`;
  }
}

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  stream: Readable;
  response: http.IncomingMessage;
}

/** One request/response exchange (no redirect handling), rejecting on network errors and aborts. */
function exchange(
  u: URL,
  method: string,
  headers: Record<string, string | string[]>,
  body: Buffer | null,
  policy: CompiledPolicy,
  signal: AbortSignal,
): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, {
      method,
      headers,
      agent: false, // a fresh connection per request: no socket is shared across executions or policies
      lookup: policy.lookup as never,
      signal,
      maxHeaderSize: 64 * 1024,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.on('error', () => {}); // reported through the body reader
      resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res, response: res });
    });
    req.end(body ?? undefined);
  });
}

/** Reads a body (decompressed) up to `max` bytes; more is an error. */
function readBody(hop: Hop, method: string, max: number, u: URL, signal: AbortSignal): Promise<Buffer> {
  if (method === 'HEAD' || hop.status === 204 || hop.status === 304) {
    hop.response.resume();
    return Promise.resolve(Buffer.alloc(0));
  }
  const declared = Number(hop.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    hop.response.destroy();
    return Promise.reject(failed(`the response from ${shownUrl(u)} is ${declared} bytes, over the limit of ${max} bytes`));
  }
  const encoding = String(hop.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  let stream: Readable = hop.response;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = hop.response.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = hop.response.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = hop.response.pipe(zlib.createBrotliDecompress());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        hop.response.destroy();
        if (stream !== hop.response) stream.destroy();
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) finish(failed(`the response from ${shownUrl(u)} is over the limit of ${max} bytes`));
      else chunks.push(chunk);
    });
    stream.on('end', () => finish(null));
    stream.on('error', (e) =>
      finish(
        stream !== hop.response && !(e as NodeJS.ErrnoException).code?.startsWith('ECONN')
          ? failed(`could not decompress the ${encoding} response from ${shownUrl(u)}: ${e.message}`, e)
          : e,
      ),
    );
    hop.response.on('aborted', () => finish(Object.assign(new Error('the connection closed before the whole response arrived'), { code: 'ECONNRESET' })));
  });
}

/**
 * Sends the request, following redirects up to the policy's bound (each hop checked against the
 * policy), and reads the answer. `deadline` is the execution's signal: when it fires, its reason
 * (the engine's timeout) is what rejects, so the execution ends as `timeout`, not as a failed request.
 */
export async function performRequest(input: RequestInput, policy: CompiledPolicy, deadline: AbortSignal): Promise<HttpResult> {
  let u: URL;
  try {
    u = new URL(input.url.trim());
  } catch (e) {
    const shown = input.url.length > 80 ? `${input.url.slice(0, 80)}…` : input.url;
    throw new DragopsError('NODE_ERROR', `not an absolute URL: ${JSON.stringify(shown)}`, { cause: e, pin: 'url' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new DragopsError('NODE_ERROR', `only http and https URLs can be requested, not ${u.protocol.replace(/:$/, '')}`, { pin: 'url' });
  }
  let method = input.method;
  const headers = requestHeaders(input.headers);
  const payload = requestBody(input.body);
  let body: Buffer | null = payload?.bytes ?? null;
  if (payload && !Object.hasOwn(headers, 'content-type')) headers['content-type'] = payload.type;
  if (!Object.hasOwn(headers, 'accept-encoding')) headers['accept-encoding'] = 'gzip, deflate, br';
  if (!Object.hasOwn(headers, 'user-agent')) headers['user-agent'] = 'dragops';
  if (!Object.hasOwn(headers, 'accept')) headers['accept'] = 'application/json, text/plain, */*';

  const timeout = AbortSignal.timeout(Math.max(1, Math.min(input.timeoutMs, 2 ** 31 - 1)));
  const signal = AbortSignal.any([deadline, timeout]);
  const seconds = Math.round(input.timeoutMs) / 1000;
  const translate = (e: unknown, at: URL): unknown => {
    if (deadline.aborted) return deadline.reason; // the execution's deadline: not ours to report
    if (e instanceof DragopsError) return e;
    if (timeout.aborted) return failed(`no response from ${shownUrl(at)} within ${seconds} seconds (timeoutSeconds)`, e);
    if (e instanceof PolicyDenied || (e as { cause?: unknown })?.cause instanceof PolicyDenied) {
      const p = e instanceof PolicyDenied ? e : (e as { cause: PolicyDenied }).cause;
      return failed(`request to ${shownUrl(at)} refused: ${p.message}`, p);
    }
    return failed(networkMessage(e as NodeJS.ErrnoException, at), e);
  };

  for (let hops = 0; ; hops++) {
    let hop: Hop;
    try {
      policy.checkHost(u.hostname);
      hop = await exchange(u, method, headers, body, policy, signal);
    } catch (e) {
      throw translate(e, u);
    }
    const location = hop.headers.location;
    if (REDIRECTS.has(hop.status) && typeof location === 'string' && location !== '') {
      hop.response.resume(); // drain and drop the redirect's own body
      if (hops >= policy.maxRedirects) throw failed(`too many redirects: more than ${policy.maxRedirects}, the last from ${shownUrl(u)}`);
      let next: URL;
      try {
        next = new URL(location, u);
      } catch (e) {
        throw failed(`${shownUrl(u)} redirected to an invalid URL ${JSON.stringify(location.slice(0, 80))}`, e);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw failed(`${shownUrl(u)} redirected to a ${next.protocol.replace(/:$/, '')} URL, which cannot be followed`);
      if (hop.status === 303 ? method !== 'HEAD' : (hop.status === 301 || hop.status === 302) && method === 'POST') {
        method = 'GET';
        body = null;
        for (const h of ['content-type', 'content-length', 'content-encoding']) delete headers[h];
      }
      if (next.origin !== u.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h]; // never send credentials to another site
      u = next;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(hop, method, policy.maxResponseBytes, u, signal);
    } catch (e) {
      throw translate(e, u);
    }
    const outHeaders: Record<string, unknown> = {};
    for (const k of Object.keys(hop.headers)) defineData(outHeaders, k, hop.headers[k]);
    return { status: hop.status, headers: outHeaders, body: parseBody(bytes, String(hop.headers['content-type'] ?? '')) };
  }
}
