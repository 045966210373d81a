// Secrets: values go in, never come out (GET lists names only). GetSecret reads them at run time.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../server/services.js';
import { ApiError, notFound, ok } from './errors.js';
import { requireUser } from './auth.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export async function secretRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const nameOf = (params: unknown) => {
    const name = (params as { name: string }).name;
    if (!NAME.test(name)) throw new ApiError('VALIDATION_ERROR', 'a secret name starts with a letter or _ and has up to 100 letters, digits, _ . -', { field: 'name' });
    return name;
  };
  app.get('/api/secrets', async (req) => ok(await s.secrets.list(requireUser(req).id)));
  app.put('/api/secrets/:name', async (req) => {
    const user = requireUser(req);
    const name = nameOf(req.params);
    const value = (req.body as { value?: unknown } | undefined)?.value;
    if (typeof value !== 'string' || value.length > 64 * 1024) throw new ApiError('VALIDATION_ERROR', 'value must be a string of at most 64 KiB', { field: 'value' });
    await s.secrets.put(user.id, name, value);
    return ok({ name, stored: true });
  });
  app.delete('/api/secrets/:name', async (req) => {
    const user = requireUser(req);
    const name = nameOf(req.params);
    if (!(await s.secrets.delete(user.id, name))) throw notFound(`secret ${name}`);
    return ok({ name, deleted: true });
  });
}
