// GET /api/runs/:runId/inspect (SPEC §12): an execution node by node, with its values.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../server/services.js';
import { ApiError, notFound, ok } from './errors.js';
import { requireUser } from './auth.js';
import { inspect, recordingOf } from '../inspect/inspect.js';
import { COMPILER_VERSION } from '../compiler/index.js';


export async function inspectRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/runs/:runId/inspect', async (req) => {
    const user = requireUser(req);
    const runId = (req.params as { runId: string }).runId;
    await s.engine.recorder.flush();
    const run = await s.store.getRun(runId);
    const p = run ? await s.store.getPattern(run.patternId) : undefined;
    if (!run || !p || p.ownerId !== user.id) throw notFound('run');
    const rec = recordingOf(await s.store.getStoredLog(runId));
    let plan, compilerVersion = COMPILER_VERSION;
    if (run.version !== null) {
      const v = await s.store.getVersion(run.patternId, run.version);
      plan = await s.engine.planFor(run.patternId, run.version);
      if (!v || !plan) throw new ApiError('NOT_FOUND', `version ${run.version} of this pattern, which the execution ran, no longer compiles or exists; it cannot be inspected`);
      compilerVersion = v.compilerVersion;
    } else {
      if (rec.doc === undefined) throw new ApiError('NOT_FOUND', 'this test run was recorded by an older release, without the draft that ran: it cannot be inspected');
      const r = s.engine.compileFor(rec.doc, p.ownerId);
      if (!r.ok) throw new ApiError('NOT_FOUND', 'the draft this test run ran no longer compiles; it cannot be inspected');
      plan = r.compiled;
    }
    await s.secrets.load(p.ownerId);
    const data = await inspect(run, rec, plan, compilerVersion, {
      replay: (pl, event, options, tape) => s.engine.executor.isolated(pl, event, options, p.ownerId, tape),
      secret: (name) => s.secrets.get(p.ownerId, name),
      environment: s.engine.runOptions.environment,
    });
    return ok(data);
  });
}
