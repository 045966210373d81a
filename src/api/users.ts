// Users, for the admin: the list (GET /api/users). Users are created with POST /api/auth/register
// carrying an admin's token (auth.ts); there is no removal (a user's patterns, deployments and
// history would have to go with them — docs/api.md "Accounts").
import type { FastifyInstance } from 'fastify';
import type { Services } from '../server/services.js';
import { ApiError } from './errors.js';
import { requireUser } from './auth.js';
import type { Paged, User } from './types.js';

export async function userRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/users', async (req) => {
    if (requireUser(req).role !== 'admin') throw new ApiError('FORBIDDEN', 'only an admin can list users');
    const list = await s.store.listUsers();
    return { success: true, data: list, meta: { total: list.length, limit: list.length, offset: 0 } } satisfies Paged<User>;
  });
}
