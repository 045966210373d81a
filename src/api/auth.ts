// Accounts: the first user becomes the admin; login returns a token; API tokens for the CLI.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import type { User } from '../store/types.js';
import { ApiError, ok } from './errors.js';
import { hashPassword, hashToken, newToken, randomId, verifyPassword } from '../accounts/passwords.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../accounts/password-policy.js';

declare module 'fastify' {
  interface FastifyRequest { user: User | null }
}

const Register = Type.Object({
  email: Type.String({ format: 'email', maxLength: 320 }),
  password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1000, description: `at least ${MIN_PASSWORD_LENGTH} characters, not a common or guessable password` }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });
const Login = Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
const NewToken = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }, { additionalProperties: false });

const SESSION_DAYS = 30;
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new ApiError('UNAUTHORIZED', 'sign in first: send Authorization: Bearer <token>');
  return req.user;
}

export async function authRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    const h = req.headers.authorization;
    // SPEC §9: everything under /api but /api/auth/* needs a token — checked here, before body
    // validation, so an anonymous caller learns nothing but "sign in".
    // /api/events checks its own ?token= (EventSource cannot send headers).
    if (!h) { if (/^\/api(\/|\?|$)/.test(req.url) && !/^\/api\/(auth\/|events(\?|$))/.test(req.url)) throw new ApiError('UNAUTHORIZED', 'sign in first: send Authorization: Bearer <token>'); return; }
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw new ApiError('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
    const found = await s.store.findToken(hashToken(m[1]!), new Date().toISOString());
    if (!found) throw new ApiError('UNAUTHORIZED', 'the token is unknown or expired; log in again');
    req.user = found.user;
  });

  const issue = async (user: User, name: string, kind: 'session' | 'api', expiresAt: string | null) => {
    const { token, hash } = newToken();
    await s.store.createToken({ id: randomId('tok'), userId: user.id, hash, name, kind, createdAt: new Date().toISOString(), expiresAt });
    return token;
  };

  app.post('/api/auth/register', { schema: { body: Register } }, async (req, reply) => {
    const body = req.body as Static<typeof Register>;
    const problem = passwordProblem(body.password);
    // The same shape of details as a schema error (one entry per problem, naming the field and rule).
    if (problem) throw new ApiError('VALIDATION_ERROR', `password ${problem.message}: choose one of at least ${MIN_PASSWORD_LENGTH} characters that is not a common or guessable password`, [{ instancePath: '/password', keyword: problem.rule, message: problem.message }]);
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
    const token = await issue(user, 'session', 'session', days(SESSION_DAYS));
    return reply.code(201).send(ok({ token, user }));
  });

  app.post('/api/auth/login', { schema: { body: Login } }, async (req) => {
    const body = req.body as Static<typeof Login>;
    const email = body.email.trim().toLowerCase();
    const wait = s.loginLimiter.begin(email, req.ip);
    if (wait > 0) throw new ApiError('RATE_LIMITED', `too many failed login attempts; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
    const u = await s.store.findUserByEmail(email);
    // Same work and the same answer whether the email exists or not.
    const good = u ? await verifyPassword(body.password, u.passwordHash) : (await hashPassword(body.password, s.config.passwordCost), false);
    if (!u || !good) throw new ApiError('INVALID_CREDENTIALS', 'wrong email or password');
    s.loginLimiter.succeeded(email, req.ip);
    const { passwordHash: _h, ...user } = u;
    return ok({ token: await issue(user, 'session', 'session', days(SESSION_DAYS)), user });
  });

  app.get('/api/auth/me', async (req) => ok(requireUser(req)));
  // Public, so the dashboard knows whether to show its first-run page (create the admin) or sign-in.
  app.get('/api/auth/status', async () => ok({ hasUsers: (await s.store.countUsers()) > 0 }));

  app.post('/api/tokens', { schema: { body: NewToken } }, async (req, reply) => {
    const user = requireUser(req);
    const body = req.body as Static<typeof NewToken>;
    const token = await issue(user, body.name, 'api', body.expiresInDays ? days(body.expiresInDays) : null);
    return reply.code(201).send(ok({ token, name: body.name }));
  });
}
