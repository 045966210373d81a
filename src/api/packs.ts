// Integration packs (SPEC §14): an admin installs (POST), replaces (POST again with a newer or equal
// version) and removes them; every signed-in user lists them and uses their nodes (GET /api/nodes).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import { ApiError, notFound, ok } from './errors.js';
import { requireUser } from './auth.js';
import { Params, type TypeBoxProvider } from './schema.js';
import { installPack, packSummary } from '../packs/service.js';
import type { PackDetail, PackInfo, PackInstalled } from './types.js';

const Slug = Params('slug');

export async function packRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  const library = s.engine.packs;
  const admin = (req: Parameters<typeof requireUser>[0], what: string) => {
    const user = requireUser(req);
    if (user.role !== 'admin') throw new ApiError('FORBIDDEN', `only an admin can ${what} integration packs`);
    return user;
  };

  app.post('/api/packs', { schema: { body: Type.Unknown() } }, async (req, reply) => {
    const user = admin(req, 'install');
    const r = await installPack(s.store, library, req.body, user.id, new Date().toISOString());
    if (!r.ok && r.reason === 'invalid')
      throw new ApiError('INVALID_PACK', `the pack has ${r.errors.length} problem${r.errors.length > 1 ? 's' : ''}; nothing was installed`, {
        errors: r.errors,
      });
    if (!r.ok && r.reason === 'older')
      throw new ApiError('CONFLICT', `version ${r.current} of this pack is installed; install the same or a newer version, not ${r.version}`, {
        installed: r.current,
      });
    if (!r.ok) throw new ApiError('INTERNAL_ERROR', 'install failed');
    await s.cluster.packsChanged();
    return reply.code(201).send(ok<PackInstalled>({ slug: r.pack.slug, version: r.pack.version, nodes: [...r.pack.nodes.keys()] }));
  });

  app.get('/api/packs', async (req) => {
    requireUser(req);
    return ok<PackInfo[]>(library.list().map(packSummary));
  });

  app.get('/api/packs/:slug', { schema: { params: Slug } }, async (req) => {
    requireUser(req);
    const p = library.get(req.params.slug);
    if (!p) throw notFound(`pack ${JSON.stringify(req.params.slug)}`);
    return ok<PackDetail>({ ...packSummary(p), document: p.document });
  });

  app.delete('/api/packs/:slug', { schema: { params: Slug } }, async (req) => {
    admin(req, 'remove');
    const slug = req.params.slug;
    if (!(await s.store.deletePack(slug))) throw notFound(`pack ${JSON.stringify(slug)}`);
    library.remove(slug);
    await s.cluster.packsChanged();
    // Deployed versions compiled with it keep running (their pack version is stored) until redeployed.
    return ok({ slug, deleted: true });
  });
}
