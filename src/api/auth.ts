// Accounts: the first user becomes the admin; login returns a session token; logout revokes it.
// Which token a request carries is resolved here for every route (tokens.ts manages API tokens).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import type { Token, User } from '../store/types.js';
import { ApiError, ok } from './errors.js';
import { hashPassword, hashToken, randomId, verifyPassword } from '../accounts/passwords.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../accounts/password-policy.js';
import { issueToken, SESSION_DAYS } from '../accounts/tokens.js';
import type { TypeBoxProvider } from './schema.js';
import type { Session, User as UserView } from './types.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    token: Token | null;
  }
}

const Register = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    password: Type.String({
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: 1000,
      description: `at least ${MIN_PASSWORD_LENGTH} characters, not a common or guessable password`,
    }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const Login = Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });

/** A token's last use is written when the one recorded is older than this: at most one write per
 * token per hour, not one per request. */
const TOUCH_MS = 3600_000;

export const SIGN_IN_AGAIN = 'the token is unknown, expired or revoked: sign in again (POST /api/auth/login, `dragops login`) or use another API token';

export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new ApiError('UNAUTHORIZED', 'sign in first: send Authorization: Bearer <token>');
  return req.user;
}

/** The live token (not expired, not revoked) and its user for a token as sent, recording its use. */
export async function authenticate(s: Services, token: string): Promise<{ token: Token; user: User } | undefined> {
  const now = new Date();
  const found = await s.store.findToken(hashToken(token), now.toISOString());
  if (found && (found.token.lastUsedAt === null || now.getTime() - Date.parse(found.token.lastUsedAt) >= TOUCH_MS)) {
    await s.store.touchToken(found.token.id, now.toISOString());
    found.token.lastUsedAt = now.toISOString();
  }
  return found;
}

export async function authRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  app.decorateRequest('user', null);
  app.decorateRequest('token', null);
  app.addHook('onRequest', async (req) => {
    const h = req.headers.authorization;
    // SPEC §9: everything under /api but /api/auth/* needs a token — checked here, before body
    // validation, so an anonymous caller learns nothing but "sign in".
    // /api/events checks its own ?token= (EventSource cannot send headers); the OAuth callback is
    // opened by the user's browser, sent back by the provider, and is authorized by its `state`.
    if (!h) {
      if (/^\/api(\/|\?|$)/.test(req.url) && !/^\/api\/(auth\/|events(\?|$)|connections\/oauth\/callback(\?|$))/.test(req.url))
        throw new ApiError('UNAUTHORIZED', 'sign in first: send Authorization: Bearer <token>');
      return;
    }
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw new ApiError('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
    const found = await authenticate(s, m[1]!);
    if (!found) throw new ApiError('UNAUTHORIZED', SIGN_IN_AGAIN);
    req.user = found.user;
    req.token = found.token;
  });

  // Sessions expire SESSION_DAYS after sign-in, however much they are used (fixed, not sliding).
  const session = (user: User) => issueToken(s.store, user.id, 'session', 'session', SESSION_DAYS);

  app.post('/api/auth/register', { schema: { body: Register } }, async (req, reply) => {
    const body = req.body;
    const problem = passwordProblem(body.password);
    // The same shape of details as a schema error (one entry per problem, naming the field and rule).
    if (problem)
      throw new ApiError(
        'VALIDATION_ERROR',
        `password ${problem.message}: choose one of at least ${MIN_PASSWORD_LENGTH} characters that is not a common or guessable password`,
        [{ instancePath: '/password', keyword: problem.rule, message: problem.message }],
      );
    const email = body.email.trim().toLowerCase();
    const passwordHash = await hashPassword(body.password, s.config.passwordCost);
    const id = randomId('usr');
    let user: User | null = null;
    if ((await s.store.countUsers()) === 0) user = await s.store.createFirstUser({ id, email, name: body.name, passwordHash });
    if (!user) {
      if (!(req.user?.role === 'admin' || s.config.allowSignup)) {
        throw new ApiError(req.user ? 'FORBIDDEN' : 'UNAUTHORIZED', 'only an admin can create users (or start the server with --allow-signup)');
      }
      if (await s.store.findUserByEmail(email)) throw new ApiError('CONFLICT', `${email} is already registered`);
      user = await s.store.createUser({ id, email, name: body.name, passwordHash, role: 'user' });
    }
    return reply.code(201).send(ok<Session>({ token: (await session(user)).token, user }));
  });

  app.post('/api/auth/login', { schema: { body: Login } }, async (req) => {
    const body = req.body;
    const email = body.email.trim().toLowerCase();
    const wait = s.loginLimiter.begin(email, req.ip);
    if (wait > 0) throw new ApiError('RATE_LIMITED', `too many failed login attempts; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
    const u = await s.store.findUserByEmail(email);
    // Same work and the same answer whether the email exists or not.
    const good = u ? await verifyPassword(body.password, u.passwordHash) : (await hashPassword(body.password, s.config.passwordCost), false);
    if (!u || !good) throw new ApiError('INVALID_CREDENTIALS', 'wrong email or password');
    s.loginLimiter.succeeded(email, req.ip);
    const { passwordHash: _h, ...user } = u;
    return ok<Session>({ token: (await session(user)).token, user });
  });

  app.get('/api/auth/me', async (req) => ok<UserView>(requireUser(req)));
  // Public, so the dashboard knows whether to show its first-run page (create the admin) or sign-in.
  app.get('/api/auth/status', async () => ok({ hasUsers: (await s.store.countUsers()) > 0 }));

  // Signs out: revokes the token this request carries (a session or an API token alike).
  app.post('/api/auth/logout', async (req) => {
    requireUser(req);
    const token = req.token!;
    await s.store.deleteToken(token.userId, token.id);
    return ok({ id: token.id, revoked: true });
  });
}
