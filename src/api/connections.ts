// Connections (SPEC §14): saved credentials for an outside service, their owner's alone (owner guard:
// another user's connection is 404), values in and never out. The work is src/connections/service.ts;
// these routes check the shapes and map its catalog errors to answers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import { DragopsError } from '../errors/error.js';
import { ApiError, ok } from './errors.js';
import { requireUser } from './auth.js';
import { ownedConnection, ownerGuard } from './owner.js';
import { msg, OptionalBody, Params, Query, type TypeBoxProvider } from './schema.js';
import type { ConnectionResource, ConnectionTest, OAuthStart } from './types.js';
import { bindingCookie, boundIn, clearedBinding } from '../connections/binding.js';
import type { StartAnswer } from '../connections/flow.js';

const PROVIDER = 'provider must be the name of an installed provider (a string)';
const NAME = 'displayName must be a non-empty string of at most 200 characters';
const CREDENTIALS = 'credentials must be an object of field names to string values';
const Credentials = Type.Record(Type.String(), Type.String(msg(CREDENTIALS)), msg(CREDENTIALS));

const CREATE = 'send {provider, displayName, credentials: {field: value}}';
const CreateBody = Type.Object(
  { provider: Type.String(msg(PROVIDER)), displayName: Type.String(msg(NAME)), credentials: Type.Optional(Credentials) },
  { additionalProperties: false, ...msg(CREATE) },
);
const API_KEY = 'send {provider, apiKey, displayName?}';
const ApiKeyBody = Type.Object(
  { provider: Type.String(msg(PROVIDER)), apiKey: Type.String(msg('apiKey must be a string')), displayName: Type.Optional(Type.String(msg(NAME))) },
  { additionalProperties: false, ...msg(API_KEY) },
);
const UPDATE = 'send {displayName?, credentials?}: the credential fields given replace the stored ones';
const UpdateBody = OptionalBody(
  Type.Object({ displayName: Type.Optional(Type.String(msg(NAME))), credentials: Type.Optional(Credentials) }, { additionalProperties: false, ...msg(UPDATE) }),
  UPDATE,
);
const Id = Params('id');

/** The service's catalog errors as answers (same code, message and details). */
async function answer<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof DragopsError) throw new ApiError(e.code, e.message, e.details);
    throw e;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The callback is opened by the user's browser (redirected by the provider): a page for it, JSON otherwise. */
function callbackAnswer(req: FastifyRequest, reply: FastifyReply, c: ConnectionResource) {
  const accept = String(req.headers.accept ?? '');
  if (!/text\/html/.test(accept) || /application\/json/.test(accept)) return ok<ConnectionResource>(c);
  const title = `Connected: ${escapeHtml(c.displayName)}`;
  return reply
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><meta charset="utf-8"><link rel="icon" type="image/svg+xml" href="/favicon.svg"><title>${title}</title><p>${title} (${escapeHtml(c.provider)}, <code>${escapeHtml(c.id)}</code>).</p><p><a href="/connections">Back to Connections</a></p>`,
    );
}

export async function connectionRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  const guard = ownerGuard(s);
  const c = s.connections;

  app.get('/api/connections', async (req) => ok<ConnectionResource[]>(await c.list(requireUser(req).id)));
  app.post('/api/connections', { schema: { body: CreateBody } }, async (req, reply) => {
    const created = await answer(c.create(requireUser(req).id, req.body));
    return reply.code(201).send(ok<ConnectionResource>(created));
  });
  app.post('/api/connections/api-key', { schema: { body: ApiKeyBody } }, async (req, reply) => {
    const created = await answer(c.createApiKey(requireUser(req).id, req.body));
    return reply.code(201).send(ok<ConnectionResource>(created));
  });

  // OAuth authorization code (PKCE). `connectionId`: Reconnect that connection instead of making one.
  const baseOf = (req: FastifyRequest) => (s.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');
  /** An authorization's answer, and the cookie that lets this browser complete it (connections/binding.ts). */
  const started = (req: FastifyRequest, reply: FastifyReply, a: StartAnswer) => {
    reply.header('set-cookie', bindingCookie(a.state, a.expiresAt, req.protocol === 'https'));
    return ok<OAuthStart>({ ...a, browserUrl: `${baseOf(req)}/connections?authorize=${encodeURIComponent(a.state)}` });
  };

  app.get('/api/connections/oauth/start', { schema: { querystring: Query('provider', 'displayName', 'connectionId') } }, async (req, reply) => {
    const user = requireUser(req);
    const redirectUri = `${baseOf(req)}/api/connections/oauth/callback`;
    if (!req.query.connectionId && !req.query.provider)
      throw new ApiError('VALIDATION_ERROR', 'give ?provider=…&displayName=… for a new connection, or ?connectionId=… to reconnect one', { field: 'provider' });
    return started(req, reply, await answer(c.oauth.start(user.id, req.query, redirectUri)));
  });
  // A pending authorization continued in this browser (the dashboard, signed in as its owner).
  const CONTINUE = 'send {state}: the state of an authorization you started';
  const ContinueBody = Type.Object(
    { state: Type.String({ minLength: 1, maxLength: 200, ...msg('state must be a string') }) },
    { additionalProperties: false, ...msg(CONTINUE) },
  );
  app.post('/api/connections/oauth/continue', { schema: { body: ContinueBody } }, async (req, reply) =>
    started(req, reply, await answer(c.oauth.continue(requireUser(req).id, req.body.state))),
  );
  // No token here: the provider sends the user's browser back; the `state` says whose it is, and the
  // browser must be the one the owner started or continued it in (its cookie).
  app.get('/api/connections/oauth/callback', { schema: { querystring: Query('state', 'code', 'error', 'error_description') } }, async (req, reply) => {
    const state = req.query.state;
    if (state && !boundIn(req.headers.cookie, state))
      throw new ApiError(
        'OAUTH_STATE_INVALID',
        'this authorization was not started in this browser: start it again from the Connections page of the dashboard (signed in), or open the link `dragops connection add --oauth` printed while signed in as the same user',
      );
    const done = await answer(c.oauth.callback(req.query));
    if (state) reply.header('set-cookie', clearedBinding(state));
    return callbackAnswer(req, reply, done);
  });

  app.get('/api/connections/:id', { schema: { params: Id }, preValidation: guard.connection }, async (req) => {
    const { user, connection } = ownedConnection(req);
    return ok<ConnectionResource>(await answer(c.get(user.id, connection.id)));
  });
  app.put('/api/connections/:id', { schema: { params: Id, body: UpdateBody }, preValidation: guard.connection }, async (req) => {
    const { user, connection } = ownedConnection(req);
    return ok<ConnectionResource>(await answer(c.update(user.id, connection.id, req.body ?? {})));
  });
  app.delete('/api/connections/:id', { schema: { params: Id }, preValidation: guard.connection }, async (req) => {
    const { user, connection } = ownedConnection(req);
    await answer(c.delete(user.id, connection.id));
    return ok({ id: connection.id, deleted: true });
  });
  app.post('/api/connections/:id/test', { schema: { params: Id }, preValidation: guard.connection }, async (req) => {
    const { user, connection } = ownedConnection(req);
    return ok<ConnectionTest>(await answer(c.test(user.id, connection.id)));
  });
}
