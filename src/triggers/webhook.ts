// Webhook requests (SPEC §7): /webhooks/{webhookId}, no login. Every answer but the pattern's own
// response is {"success":false,"error":{code,message}} with the status of the error catalog.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine, Live } from '../deploy/engine.js';
import { newRunId } from '../deploy/engine.js';
import type { Store } from '../store/types.js';
import { ApiError } from '../api/errors.js';
import { binaryReplacer } from '../pattern/types.js';
import type { WebhookResponse } from '../runtime/context.js';
import type { QueueWorker } from './queue.js';
import type { TriggerActivity } from './activity.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const DAY_MS = 24 * 3600 * 1000;

export interface WebhookOptions {
  activity: TriggerActivity;
  engine: Engine;
  store: Store;
  queue: QueueWorker;
  bodyLimit: number;
}

type Mode = 'immediate' | 'lastNode' | 'responseNode';

/** The response mode of a deployed webhook pattern (SPEC §4 OnWebhook default). */
export function responseModeOf(l: Live): Mode {
  const configured = l.compiled.trigger.config.responseMode as Mode | undefined;
  if (configured) return configured;
  return l.compiled.nodes.some((n) => n.type === 'RespondToWebhook') ? 'responseNode' : 'immediate';
}

class RateLimits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Token bucket per pattern: `requests` per `perSeconds`, refilled continuously. */
  take(key: string, requests: number, perSeconds: number, now = Date.now()): number {
    const rate = requests / (perSeconds * 1000);
    const b = this.buckets.get(key) ?? { tokens: requests, at: now };
    b.tokens = Math.min(requests, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) { b.tokens -= 1; return 0; }
    return Math.ceil((1 - b.tokens) / rate / 1000);
  }
}

function signatureOk(req: FastifyRequest, raw: Buffer, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(raw).digest();
  const header = req.headers['x-webhook-signature'] ?? req.headers['x-hub-signature-256'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return false;
  const hex = value.startsWith('sha256=') ? value.slice(7) : value;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

function sendResponse(reply: FastifyReply, r: WebhookResponse): FastifyReply {
  reply.code(r.status);
  for (const [k, v] of Object.entries(r.headers)) {
    // Hop-by-hop and framing headers are the server's business, not the pattern's.
    if (!/^(content-length|transfer-encoding|connection)$/i.test(k)) reply.header(k, v);
  }
  const body = r.body;
  if (body === null || body === undefined || body === '') return reply.send(r.status === 204 ? undefined : '');
  if (typeof body === 'string') { if (!r.headers['content-type']) reply.type('text/plain; charset=utf-8'); return reply.send(body); }
  if (body instanceof Uint8Array) { if (!r.headers['content-type']) reply.type('application/octet-stream'); return reply.send(Buffer.from(body)); }
  if (!r.headers['content-type']) reply.type('application/json; charset=utf-8');
  return reply.send(JSON.stringify(body, binaryReplacer));
}

/** The event of a request for capture mode: the body as sent (parsed when it is JSON). */
function eventOf(req: FastifyRequest): Record<string, unknown> {
  const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
  const text = raw.toString('utf8');
  let body: unknown = raw.length ? text : null;
  if (raw.length && /json/i.test(String(req.headers['content-type'] ?? ''))) { try { body = JSON.parse(text); } catch { /* keep the text */ } }
  return { body, headers: { ...req.headers }, query: req.query ?? {}, method: req.method, url: req.url };
}

export async function webhookRoutes(app: FastifyInstance, opts: WebhookOptions): Promise<void> {
  const { engine, store, queue } = opts;
  const limits = new RateLimits();
  // Webhook bodies are taken raw (for signatures) and parsed here, whatever their content type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_req, body, done) => done(null, body));

  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
    url: '/webhooks/:webhookId',
    bodyLimit: opts.bodyLimit,
    handler: async (req, reply) => {
      const { webhookId } = req.params as { webhookId: string };
      const patternId = engine.byWebhookId(webhookId)?.patternId;
      try {
        const r = await handle(req, reply, webhookId);
        if (patternId) opts.activity.webhook(patternId, 'accepted');
        return r;
      } catch (e) {
        if (patternId) opts.activity.webhook(patternId, e instanceof ApiError ? e.code : 'INTERNAL_ERROR');
        throw e;
      }
    },
  });

  async function handle(req: FastifyRequest, reply: FastifyReply, webhookId: string): Promise<FastifyReply> {
      if (!METHODS.has(req.method)) throw new ApiError('METHOD_NOT_ALLOWED', `webhooks accept GET, POST, PUT, PATCH and DELETE, not ${req.method}`, undefined, { allow: 'GET, POST, PUT, PATCH, DELETE' });
      const l = engine.byWebhookId(webhookId);
      if (!l || l.status === 'undeployed') {
        const patternId = l?.patternId ?? (await store.getPatternByWebhookId(webhookId))?.id;
        if (!patternId) throw new ApiError('WEBHOOK_NOT_FOUND', 'no pattern has this webhook URL');
        if (engine.captures.offer(patternId, eventOf(req))) return reply.code(202).send({ status: 'captured' });
        throw new ApiError('NOT_DEPLOYED', 'the pattern of this webhook is not deployed; deploy it to accept requests');
      }
      // After the breaker's cooldown one request goes through as a probe (SPEC §6).
      const probe = l.status === 'paused' && engine.breaker(l.patternId).takeProbe();
      if (l.status === 'paused' && !probe) throw new ApiError('DEPLOYMENT_PAUSED', 'the deployment is paused; resume it to accept requests');
      if (l.compiled.trigger.type !== 'OnWebhook') throw new ApiError('NOT_DEPLOYED', `the deployed pattern is started by ${l.compiled.trigger.type}, not by webhooks`);
      const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
      if (l.compiled.trigger.config.requireSignature === true && !signatureOk(req, raw, l.webhookSecret)) {
        throw new ApiError('INVALID_SIGNATURE', 'missing or wrong signature: send X-Webhook-Signature (HMAC-SHA256 hex of the raw body, keyed with the webhook secret) or X-Hub-Signature-256: sha256=<hex>');
      }
      const rate = l.compiled.document.settings?.rateLimit;
      if (rate) {
        const wait = limits.take(l.patternId, rate.requests, rate.perSeconds);
        if (wait > 0) throw new ApiError('RATE_LIMITED', `over this pattern's rate limit of ${rate.requests} requests per ${rate.perSeconds} s`, undefined, { 'retry-after': String(wait) });
      }
      let body: unknown = null;
      if (raw.length > 0) {
        const type = String(req.headers['content-type'] ?? '');
        const text = raw.toString('utf8');
        if (/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
          try { body = JSON.parse(text); } catch (e) { throw new ApiError('INVALID_JSON', `the body is not valid JSON: ${(e as Error).message}`); }
        } else body = text;
      }
      const url = req.url;
      const q = url.indexOf('?');
      const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
      const event = { body, headers: { ...req.headers }, query, method: req.method, url };
      const runId = newRunId();
      const keyHeader = req.headers['x-idempotency-key'] ?? req.headers['x-request-id'];
      const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
      if (key) {
        const at = Date.now();
        const first = await store.claimIdempotencyKey(l.patternId, key.slice(0, 200), runId, new Date(at).toISOString(), new Date(at - DAY_MS).toISOString());
        if (first) return reply.code(202).send({ status: 'duplicate', runId: first });
      }
      const mode = responseModeOf(l);
      if (mode === 'immediate') {
        await queue.accept(l, runId, event, probe);
        return reply.code(202).send({ status: 'accepted', runId });
      }
      if (mode === 'lastNode') {
        const r = await engine.run(l, l.compiled, event, { triggeredBy: 'webhook', runId, probe });
        if (r.status === 'completed') return reply.code(200).send({ status: 'completed', runId, outputs: r.outputs, response: r.response });
        return reply.code(r.status === 'timeout' ? 504 : 500).send({ success: false, error: { ...r.error, runId } });
      }
      // responseNode: answer as soon as RespondToWebhook runs; the execution goes on.
      let answered = false;
      return new Promise<FastifyReply>((resolve) => {
        const respond = (resp: WebhookResponse) => { if (!answered) { answered = true; resolve(sendResponse(reply, resp)); } };
        engine.run(l, l.compiled, event, { triggeredBy: 'webhook', runId, onResponse: respond, probe }).then((r) => {
          if (answered) return;
          answered = true;
          if (r.status === 'completed') resolve(reply.code(204).send());
          else resolve(reply.code(r.status === 'timeout' ? 504 : 500).send({ success: false, error: { ...r.error, runId } }));
        }, (e) => { if (!answered) { answered = true; resolve(reply.code(500).send({ success: false, error: { code: 'INTERNAL_ERROR', message: String(e), runId } })); } });
      });
  }
}
