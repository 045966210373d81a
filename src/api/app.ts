// The HTTP application, built from injected services: one plugin per resource.
import { createServer, type RequestListener, type Server } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import type { Services } from '../server/services.js';
import { answerOf, ApiError } from './errors.js';
import { AJV_OPTIONS, validationError } from './schema.js';
import { authRoutes } from './auth.js';
import { tokenRoutes } from './tokens.js';
import { patternRoutes } from './patterns.js';
import { deploymentRoutes } from './deployments.js';
import { eventRoutes } from './events.js';
import { secretRoutes } from './secrets.js';
import { connectionRoutes } from './connections.js';
import { replayRoutes } from './replay.js';
import { inspectRoutes } from './inspect.js';
import { userRoutes } from './users.js';
import { clusterRoutes } from './cluster.js';
import { exampleRoutes } from './examples.js';
import { packRoutes } from './packs.js';
import { isWebhookPath, WebhookServer } from '../triggers/webhook.js';
import { describeNode } from '../nodes/describe.js';
import { ERRORS } from '../errors/catalog.js';
import { webRoutes } from '../server/web.js';
import { SECURITY_HEADERS } from '../server/security-headers.js';

export interface AppOptions {
  logger?: FastifyBaseLogger;
  /** The built dashboard (dist/web) to serve at `/`; none when null or absent. */
  webDir?: string | null;
  /** `draining`: set when a graceful shutdown begins; `/readyz` then answers 503 (default: never). */
  lifecycle?: { readonly draining: boolean };
  /** A server already listening (server/listener.ts), which the app takes over once it is ready,
   * instead of a server of its own: then call neither `listen` nor expect `close` to close it. */
  adopt?: { readonly server: Server; use(handler: RequestListener): void };
}

export async function buildApp(s: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const webhooks = new WebhookServer({
    activity: s.activity,
    engine: s.engine,
    store: s.store,
    queue: s.queue,
    bodyLimit: s.config.webhookBodyLimit,
    log: opts.logger ?? { error: () => {} },
  });
  let route: RequestListener | undefined;
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    // Webhooks are the hot path: node:http hands them to WebhookServer before Fastify's router and
    // hooks run (the route below serves the same handler to inject() and to the OpenAPI document).
    serverFactory: (handler) => {
      route = (req, res) => (isWebhookPath(req.url) ? webhooks.handle(req, res) : handler(req, res));
      if (opts.adopt) return opts.adopt.server;
      const server = createServer(route);
      server.keepAliveTimeout = 72_000; // Fastify's default, which it sets only on servers it makes
      return server;
    },
    bodyLimit: 10 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, ...AJV_OPTIONS } },
    // One value per query parameter (the last): `?status=a&status=b` is not an array no route expects.
    routerOptions: { querystringParser: (str) => Object.fromEntries(new URLSearchParams(str)) },
    // Errors the router raises before any route runs answer in the same envelope as the others.
    frameworkErrors: (err, req, reply) => {
      const e =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new ApiError('NOT_FOUND', 'no such resource: the id is too long')
          : new ApiError('VALIDATION_ERROR', `the URL is malformed: ${err.message}`);
      void (reply as FastifyReply).code(e.status).send(e.body());
    },
  });

  // Every answer that goes through Fastify (API, dashboard files, errors, 404s) carries them; the
  // webhooks, served from node:http, set nosniff themselves (triggers/webhook.ts).
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });

  app.setErrorHandler((err, req, reply) => {
    const answer = answerOf(err);
    if (answer) {
      if (answer.headers) reply.headers(answer.headers);
      return reply.code(answer.status).send(answer.body());
    }
    const e = err as { validation?: Parameters<typeof validationError>[0]; statusCode?: number; code?: string; message: string };
    if (e.validation) return reply.code(400).send(validationError(e.validation, e.message).body());
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.code(413).send(new ApiError('PAYLOAD_TOO_LARGE', 'the request body is over the size limit').body());
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (e.statusCode === 400 && /JSON/i.test(e.message))) {
      return reply.code(400).send(new ApiError('INVALID_JSON', `the body is not valid JSON: ${e.message}`).body());
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.code(415).send(new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send JSON (Content-Type: application/json)').body());
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send(new ApiError('VALIDATION_ERROR', e.message).body());
    req.log.error({ err }, 'request failed');
    return reply.code(500).send(new ApiError('INTERNAL_ERROR', 'internal error; the server log has the details').body());
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send(new ApiError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`).body()));

  // The OpenAPI document is built from the routes as they are registered; served at /api/docs.
  await app.register(swagger, {
    openapi: {
      info: { title: 'dragops API', version: '1', description: 'Patterns, deployments, webhooks and executions. See docs/api.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) => {
    // An empty body with a JSON content type (`curl -X POST -H 'content-type: application/json'`)
    // means "no body", not a syntax error.
    api.removeContentTypeParser('application/json');
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(new ApiError('INVALID_JSON', `the body is not valid JSON: ${(e as Error).message}`), undefined);
      }
    });
    api.decorateRequest('owned', null); // what the owner guard loaded (owner.ts)
    await authRoutes(api, s);
    await tokenRoutes(api, s);
    await patternRoutes(api, s);
    await deploymentRoutes(api, s);
    await eventRoutes(api, s);
    await secretRoutes(api, s);
    await connectionRoutes(api, s);
    await replayRoutes(api, s);
    await inspectRoutes(api, s);
    await userRoutes(api, s);
    await clusterRoutes(api, s);
    await exampleRoutes(api);
    await packRoutes(api, s);
    // Built-in nodes, then the installed integration packs' (category: the pack's name).
    api.get('/api/nodes', async () => ({
      success: true,
      data: [...s.registry.all().map((d) => describeNode(d, s.registry.versions(d.type))), ...s.engine.packs.nodes().map((d) => describeNode(d))],
    }));
    api.get('/api/errors', async () => ({ success: true, data: Object.entries(ERRORS).map(([code, e]) => ({ code, ...e })) }));
  });
  await app.register(
    async (hooks) => {
      // The body is left unread for WebhookServer (it reads it with its own limit, raw, for signatures).
      hooks.removeAllContentTypeParsers();
      hooks.addContentTypeParser('*', (_req, _payload, done) => done(null));
      hooks.route({
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        url: '/webhooks/*',
        schema: { summary: 'Start a deployed pattern (SPEC §7); no login', tags: ['webhooks'] },
        handler: (req, reply) => {
          reply.hijack();
          webhooks.handle(req.raw, reply.raw);
        },
      });
    },
    { logLevel: 'warn' },
  );
  // Probes (docs/api.md "Health"), out of the access log (a probe every few seconds would fill it).
  // /healthz is liveness: 200 whenever the process answers. /readyz is readiness: 200 once start-up
  // has loaded the deployments and until a shutdown begins; it does not ask the database, whose
  // outage would take every instance out of the load balancer at once.
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok', database: s.store.dialect }));
  app.get('/readyz', { logLevel: 'warn' }, async (_req, reply) => {
    const status = opts.lifecycle?.draining ? 'draining' : s.engine.ready ? 'ready' : 'starting';
    reply.header('cache-control', 'no-store');
    if (status !== 'ready') return reply.code(503).send({ status, instanceId: s.instanceId });
    return { status, instanceId: s.instanceId, database: s.store.dialect };
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const counts: Record<string, number> = { active: 0, paused: 0, undeployed: 0 };
    for (const l of s.engine.all()) counts[l.status] = (counts[l.status] ?? 0) + 1;
    for (const [status, n] of Object.entries(counts)) s.metrics.deployments.set({ status }, n);
    s.metrics.queueDepth.set(await s.store.queueDepth());
    reply.type(s.metrics.registry.contentType);
    return s.metrics.registry.metrics();
  });
  if (opts.webDir) await webRoutes(app, { root: opts.webDir });
  if (opts.adopt) {
    await app.ready();
    opts.adopt.use(route!);
  }
  return app;
}
