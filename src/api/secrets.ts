// Secrets: values go in, never come out (GET lists names only). GetSecret reads them at run time.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import { ApiError, notFound, ok } from './errors.js';
import { requireUser } from './auth.js';
import { msg, OptionalBody, Params, type TypeBoxProvider } from './schema.js';
import type { SecretInfo } from './types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
const Name = Params('name');
const VALUE = 'value must be a string of at most 64 KiB';
// `value` is required, but a body without it answers the same message as a wrong one.
const SecretBody = OptionalBody(Type.Object({ value: Type.Optional(Type.String(msg(VALUE))) }), VALUE);

export async function secretRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  // The name's rule is checked here, after the body: its message says what a name may be.
  const nameOf = (params: { name: string }) => {
    const name = params.name;
    if (!NAME.test(name))
      throw new ApiError('VALIDATION_ERROR', 'a secret name starts with a letter or _ and has up to 100 letters, digits, _ . -', { field: 'name' });
    return name;
  };
  app.get('/api/secrets', async (req) => ok<SecretInfo[]>(await s.secrets.list(requireUser(req).id)));
  app.put('/api/secrets/:name', { schema: { params: Name, body: SecretBody } }, async (req) => {
    const user = requireUser(req);
    const name = nameOf(req.params);
    const value = req.body?.value;
    if (value === undefined || value.length > 64 * 1024) throw new ApiError('VALIDATION_ERROR', VALUE, { field: 'value' });
    await s.secrets.put(user.id, name, value);
    return ok({ name, stored: true });
  });
  app.delete('/api/secrets/:name', { schema: { params: Name } }, async (req) => {
    const user = requireUser(req);
    const name = nameOf(req.params);
    if (!(await s.secrets.delete(user.id, name))) throw notFound(`secret ${name}`);
    return ok({ name, deleted: true });
  });
}
