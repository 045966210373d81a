// Webhook requests (SPEC §7): /webhooks/{webhookId}, no login. Every answer but the pattern's own
// response is {"success":false,"error":{code,message}} with the status of the error catalog.
//
// This is the hot path, so it is served straight from node:http (the server hands every
// /webhooks/… request here before Fastify's router sees it, see api/app.ts): reading the body,
// routing and answering cost what a hand-written node:http handler costs, and the rest of the
// request's budget goes to the execution and its history.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../deploy/engine.js';
import type { CompiledPattern } from '../compiler/index.js';
import type { KeyClaim, Store } from '../store/types.js';
import { answerOf, ApiError } from '../api/errors.js';
import { redactUrl } from '../server/redact.js';
import { eventJson } from '../history/event.js';
import { binaryReplacer } from '../pattern/types.js';
import type { WebhookResponse } from '../runtime/context.js';
import type { QueueWorker } from './queue.js';
import type { TriggerActivity } from './activity.js';
import { DEFAULT_TOLERANCE_SECONDS, signatureProblem, type SignatureScheme } from './signature.js';
import { parseWebhookBody } from './body.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const DAY_MS = 24 * 3600 * 1000;
const PREFIX = '/webhooks/';
const JSON_UTF8 = 'application/json; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const NOSNIFF = 'x-content-type-options';
/** Hop-by-hop and framing headers are the server's business, not the pattern's. */
const FRAMING = /^(content-length|transfer-encoding|connection)$/i;

export interface WebhookOptions {
  activity: TriggerActivity;
  engine: Engine;
  store: Store;
  queue: QueueWorker;
  bodyLimit: number;
  log: { error(o: unknown, m?: string): void };
}

type Mode = 'immediate' | 'lastNode' | 'responseNode';

const modes = new WeakMap<CompiledPattern, Mode>();
/** The response mode of a deployed webhook pattern (SPEC §4 OnWebhook default), worked out once per
 * compiled plan (the default looks through every node). */
function responseModeOf(plan: CompiledPattern): Mode {
  let mode = modes.get(plan);
  if (mode === undefined) {
    mode = (plan.trigger.config.responseMode as Mode | undefined) ?? (plan.nodes.some((n) => n.type === 'RespondToWebhook') ? 'responseNode' : 'immediate');
    modes.set(plan, mode);
  }
  return mode;
}

/** True for the paths this module answers (everything under /webhooks/). */
export const isWebhookPath = (url: string | undefined): boolean => url !== undefined && url.startsWith(PREFIX);

class RateLimits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Token bucket per pattern: `requests` per `perSeconds`, refilled continuously. */
  take(key: string, requests: number, perSeconds: number, now = Date.now()): number {
    const rate = requests / (perSeconds * 1000);
    const b = this.buckets.get(key) ?? { tokens: requests, at: now };
    b.tokens = Math.min(requests, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / rate / 1000);
  }
}

const first = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

function send(res: ServerResponse, status: number, body: string | Buffer | undefined, headers: Record<string, string> = {}, type = JSON_UTF8): void {
  if (res.headersSent || res.destroyed) return;
  if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = type;
  // Browsers must not guess another type than the one sent (a text body taken for HTML). One
  // property on the object being built anyway; a pattern's own value wins, as its content-type does.
  if (headers[NOSNIFF] === undefined) headers[NOSNIFF] = 'nosniff';
  // A length, not chunked framing (HTTP/1.0 clients and proxies keep their connection).
  if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.writeHead(status, headers);
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown): void => send(res, status, JSON.stringify(value));

function sendError(res: ServerResponse, e: ApiError): void {
  send(res, e.status, JSON.stringify(e.body()), { ...e.headers });
}

/** The pattern's own response (RespondToWebhook): its status, headers (lower-case names, checked by
 * the node) and body (objects as JSON); a content-type of the pattern's wins over ours. */
function sendResponse(res: ServerResponse, r: WebhookResponse, binary: boolean): void {
  const headers: Record<string, string> = {};
  for (const k in r.headers) if (!FRAMING.test(k)) headers[k] = r.headers[k]!;
  const body = r.body;
  if (body === null || body === undefined || body === '') return send(res, r.status, r.status === 204 ? undefined : '', headers, TEXT);
  if (typeof body === 'string') return send(res, r.status, body, headers, TEXT);
  if (body instanceof Uint8Array) return send(res, r.status, Buffer.from(body.buffer, body.byteOffset, body.byteLength), headers, 'application/octet-stream');
  // RespondToWebhook has bounded the body and said whether it holds bytes (jsonShape); without
  // bytes, no replacer function (one makes JSON.stringify several times slower).
  return send(res, r.status, binary ? JSON.stringify(body, binaryReplacer) : JSON.stringify(body), headers, JSON_UTF8);
}

/** Reads the whole body, refusing it (413) as soon as it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new ApiError('PAYLOAD_TOO_LARGE', `the request body is over the size limit of ${limit} bytes`));
  return new Promise((resolve, reject) => {
    let one: Buffer | undefined;
    let many: Buffer[] | undefined;
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume(); // drained, not kept
        reject(new ApiError('PAYLOAD_TOO_LARGE', `the request body is over the size limit of ${limit} bytes`));
        return;
      }
      if (one === undefined) one = c;
      else (many ??= [one]).push(c);
    });
    req.on('end', () => resolve(many ? Buffer.concat(many, size) : (one ?? Buffer.alloc(0))));
    // The client went away mid-body: its mistake (a 400 nobody reads), not a server error to log.
    req.on('error', () => reject(new ApiError('VALIDATION_ERROR', 'the request body ended before its declared end (the client aborted)')));
  });
}

/** The webhook id of a /webhooks/{id}[?query] URL; undefined when the path has more segments. */
function webhookIdOf(url: string): string | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, q);
  if (path.length === 0 || path.length > 200 || path.includes('/')) return undefined;
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function queryOf(url: string): Record<string, string> {
  const q = url.indexOf('?');
  return q < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1)));
}

/** The OnWebhook event of a request (SPEC §4). Its headers are the request's own object: executions
 * never change their inputs, and capture keeps a preview (a copy). */
function eventOf(req: IncomingMessage, body: unknown): Record<string, unknown> {
  const url = req.url!;
  return { body, headers: req.headers, query: queryOf(url), method: req.method, url };
}

/** The bytes of a request: its body, URL and headers (what its event can hold at most). */
function requestSize(req: IncomingMessage, raw: Buffer): number {
  let size = raw.length + req.url!.length;
  const h = req.rawHeaders;
  for (let i = 0; i < h.length; i++) size += h[i]!.length + 4;
  return size;
}

/** The event of a request for capture mode: the body read as a live run reads it, or as text when
 * a live run would refuse it (the sample shows what was sent). */
function captureEvent(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = parseWebhookBody(raw, req.headers['content-type']).body;
  } catch {
    body = raw.toString('utf8');
  }
  return eventOf(req, body);
}

/** A repeated idempotency key: nothing started. (A probe taken for this request is not given back:
 * the next one is due a cooldown later.) */
function duplicate(res: ServerResponse, runId: string): void {
  sendJson(res, 202, { status: 'duplicate', runId });
}

export class WebhookServer {
  private readonly limits = new RateLimits();
  constructor(private readonly opts: WebhookOptions) {}

  /** Answers one /webhooks/… request (node:http level; never throws, never rejects). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const webhookId = webhookIdOf(req.url!);
    const patternId = webhookId === undefined ? undefined : this.opts.engine.byWebhookId(webhookId)?.patternId;
    this.answer(req, res, webhookId).then(
      () => {
        if (patternId) this.opts.activity.webhook(patternId, 'accepted');
      },
      (e: unknown) => {
        const known = answerOf(e);
        const err = known ?? new ApiError('INTERNAL_ERROR', 'internal error; the server log has the details');
        if (!known) this.opts.log.error({ err: e, url: redactUrl(req.url) }, 'webhook request failed');
        if (patternId) this.opts.activity.webhook(patternId, err.code);
        sendError(res, err);
      },
    );
  }

  private async answer(req: IncomingMessage, res: ServerResponse, webhookId: string | undefined): Promise<void> {
    const { engine, store, queue } = this.opts;
    const method = req.method!;
    if (!METHODS.has(method))
      throw new ApiError('METHOD_NOT_ALLOWED', `webhooks accept GET, POST, PUT, PATCH and DELETE, not ${method}`, undefined, {
        allow: 'GET, POST, PUT, PATCH, DELETE',
      });
    if (webhookId === undefined) throw new ApiError('WEBHOOK_NOT_FOUND', 'no pattern has this webhook URL');
    const raw = await readBody(req, this.opts.bodyLimit);
    const l = engine.byWebhookId(webhookId);
    if (!l || l.status === 'undeployed') {
      const patternId = l?.patternId ?? (await store.getPatternByWebhookId(webhookId))?.id;
      if (!patternId) throw new ApiError('WEBHOOK_NOT_FOUND', 'no pattern has this webhook URL');
      if (engine.captures.offer(patternId, captureEvent(req, raw))) return sendJson(res, 202, { status: 'captured' });
      throw new ApiError('NOT_DEPLOYED', 'the pattern of this webhook is not deployed; deploy it to accept requests');
    }
    // After the breaker's cooldown one request goes through as a probe (SPEC §6).
    const probe = l.status === 'paused' && (await engine.breakers.takeProbe(l.patternId));
    if (l.status === 'paused' && !probe) throw new ApiError('DEPLOYMENT_PAUSED', 'the deployment is paused; resume it to accept requests');
    const trigger = l.trigger;
    if (trigger.type !== 'OnWebhook') throw new ApiError('NOT_DEPLOYED', `the deployed pattern is started by ${trigger.type}, not by webhooks`);
    // `signatureScheme: "timestamped"` requires a signature even without `requireSignature`.
    const { requireSignature, signatureScheme, signatureToleranceSeconds } = trigger.config as {
      requireSignature?: boolean;
      signatureScheme?: SignatureScheme;
      signatureToleranceSeconds?: number;
    };
    if (requireSignature === true || signatureScheme === 'timestamped') {
      const problem = signatureProblem(req.headers, raw, l.webhookSecret, signatureScheme ?? 'any', signatureToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
      if (problem) throw new ApiError('INVALID_SIGNATURE', problem);
    }
    const rate = l.settings?.rateLimit;
    if (rate) {
      const wait = this.limits.take(l.patternId, rate.requests, rate.perSeconds);
      if (wait > 0)
        throw new ApiError('RATE_LIMITED', `over this pattern's rate limit of ${rate.requests} requests per ${rate.perSeconds} s`, undefined, {
          'retry-after': String(wait),
        });
    }
    // The body (SPEC §7, §15), and its JSON for the history.
    const { body, json: bodyJson } = parseWebhookBody(raw, req.headers['content-type']);
    const event = eventOf(req, body);
    const runId = store.newRunId();
    // Every check is done: from here a request either fails with nothing claimed, or its execution
    // exists (queued, or recorded by the engine).
    const key = first(req.headers['x-idempotency-key'] ?? req.headers['x-request-id']);
    let claim: KeyClaim | undefined;
    if (key) {
      const at = Date.now();
      claim = { key, now: new Date(at).toISOString(), since: new Date(at - DAY_MS).toISOString() };
    }
    // The plan: compiled on the first request since start (racing requests share one compile).
    const plan = l.compiled ?? (await l.load());
    const mode = responseModeOf(plan);
    if (mode === 'immediate') {
      // The key is claimed in the enqueue's own transaction.
      const firstRun = await queue.accept(l, runId, event, probe, claim);
      if (firstRun !== null) return duplicate(res, firstRun);
      return sendJson(res, 202, { status: 'accepted', runId });
    }
    if (claim) {
      const firstRun = await store.claimIdempotencyKey(l.patternId, claim.key, runId, claim.now, claim.since);
      if (firstRun !== null) return duplicate(res, firstRun);
    }
    try {
      if (mode === 'lastNode') {
        const r = await engine.run(l, plan, event, {
          triggeredBy: 'webhook',
          runId,
          probe,
          triggerJson: eventJson(event, bodyJson),
          eventSize: plan.bound ? requestSize(req, raw) : undefined,
        });
        if (r.status === 'completed') return sendJson(res, 200, { status: 'completed', runId, outputs: r.outputs, response: r.response });
        return sendJson(res, r.status === 'timeout' ? 504 : 500, { success: false, error: { ...r.error, runId } });
      }
      // responseNode: answer as soon as RespondToWebhook runs; the execution goes on.
      let answered = false;
      const r = await engine.run(l, plan, event, {
        triggeredBy: 'webhook',
        runId,
        probe,
        triggerJson: eventJson(event, bodyJson),
        eventSize: plan.bound ? requestSize(req, raw) : undefined,
        onResponse: (resp, binary) => {
          if (!answered) {
            answered = true;
            sendResponse(res, resp, binary);
          }
        },
      });
      if (answered) return;
      answered = true;
      if (r.status === 'completed') return send(res, 204, undefined);
      return sendJson(res, r.status === 'timeout' ? 504 : 500, { success: false, error: { ...r.error, runId } });
    } catch (e) {
      // The execution failed to start (or its bookkeeping failed) and the request is answered with an
      // error: the key is given back, so that the request can be sent again.
      if (claim && !res.headersSent)
        await store
          .releaseIdempotencyKey(l.patternId, claim.key, runId)
          .catch((err: unknown) => this.opts.log.error({ err }, 'giving back an idempotency key failed'));
      throw e;
    }
  }
}
