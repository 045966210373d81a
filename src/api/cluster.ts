// The instances sharing the database (SPEC §13), for the admin: GET /api/cluster.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../server/services.js';
import { ApiError } from './errors.js';
import { requireUser } from './auth.js';

export async function clusterRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get(
    '/api/cluster',
    { schema: { summary: 'The instances sharing the database: live ones, and those gone in the last 5 minutes', tags: ['cluster'] } },
    async (req) => {
      if (requireUser(req).role !== 'admin') throw new ApiError('FORBIDDEN', 'only an admin can list the instances');
      return { success: true, data: { self: s.instanceId, leaseSeconds: s.config.leaseSeconds, instances: await s.membership.instances() } };
    },
  );
}
