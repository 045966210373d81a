// GET /api/runs/:runId/inspect (SPEC §12): an execution node by node, with its values.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import { ApiError, ok } from './errors.js';
import { ownedRun, ownerGuard } from './owner.js';
import type { TypeBoxProvider } from './schema.js';
import type { Inspection } from './types.js';
import { inspect, recordingOf } from '../inspect/inspect.js';
import { COMPILER_VERSION } from '../compiler/index.js';

export async function inspectRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  app.get('/api/runs/:runId/inspect', { schema: { params: Type.Object({ runId: Type.String() }) }, preValidation: ownerGuard(s).run }, async (req) => {
    const { run, pattern: p } = ownedRun(req);
    const rec = recordingOf(await s.store.getStoredLog(run.id));
    let plan,
      compilerVersion = COMPILER_VERSION;
    if (run.version !== null) {
      const v = await s.store.getVersion(run.patternId, run.version);
      plan = await s.engine.planFor(run.patternId, run.version);
      if (!v || !plan)
        throw new ApiError(
          'NOT_FOUND',
          `version ${run.version} of this pattern, which the execution ran, no longer compiles or exists; it cannot be inspected`,
        );
      compilerVersion = v.compilerVersion;
    } else {
      if (rec.doc === undefined)
        throw new ApiError('NOT_FOUND', 'this test run was recorded by an older release, without the draft that ran: it cannot be inspected');
      const r = await s.engine.compileFor(rec.doc, p.ownerId);
      if (!r.ok) throw new ApiError('NOT_FOUND', 'the draft this test run ran no longer compiles; it cannot be inspected');
      plan = r.compiled;
    }
    await s.secrets.load(p.ownerId);
    const data = await inspect(run, rec, plan, compilerVersion, {
      replay: (pl, event, options, tape) => s.engine.executor.isolated(pl, event, options, p.ownerId, tape),
      secret: (name) => s.secrets.get(p.ownerId, name),
      environment: s.engine.runOptions.environment,
    });
    return ok<Inspection>(data);
  });
}
