// API tokens (docs/api.md "Accounts"): created with an expiry (90 days unless told otherwise; `null`
// for none, on purpose), listed by their owner without their secret, revoked by their owner. Only a
// token's SHA-256 is stored, and neither it nor the token ever comes back out after creation.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import type { Token } from '../store/types.js';
import { notFound, ok } from './errors.js';
import { requireUser } from './auth.js';
import { Params, type TypeBoxProvider } from './schema.js';
import type { Paged, TokenInfo } from './types.js';
import { API_TOKEN_DAYS, issueToken } from '../accounts/tokens.js';

const NewToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    expiresInDays: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], {
        description: `days until the token stops working (default ${API_TOKEN_DAYS}); null: it never expires (revoke it with DELETE /api/tokens/:id)`,
      }),
    ),
  },
  { additionalProperties: false },
);

/** What the API shows of a token: never its secret or its hash. */
const view = (t: Token, current: Token | null): TokenInfo => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  current: t.id === current?.id,
});

export async function tokenRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  app.post('/api/tokens', { schema: { body: NewToken } }, async (req, reply) => {
    const user = requireUser(req);
    const body = req.body;
    const { token, record } = await issueToken(s.store, user.id, body.name, 'api', body.expiresInDays === undefined ? API_TOKEN_DAYS : body.expiresInDays);
    return reply.code(201).send(ok({ token, ...view(record, req.token) }));
  });

  // The caller's live tokens (sessions and API tokens), newest first; `current` marks the one in use.
  app.get('/api/tokens', async (req) => {
    const user = requireUser(req);
    const list = (await s.store.listTokens(user.id, new Date().toISOString())).map((t) => view(t, req.token));
    return { success: true, data: list, meta: { total: list.length, limit: list.length, offset: 0 } } satisfies Paged<TokenInfo>;
  });

  // Another user's token is "not found", as if it did not exist.
  app.delete('/api/tokens/:id', { schema: { params: Params('id') } }, async (req) => {
    const user = requireUser(req);
    const id = req.params.id;
    if (!(await s.store.deleteToken(user.id, id))) throw notFound(`token ${id}`);
    return ok({ id, revoked: true });
  });
}
