// Deployments and their executions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../server/services.js';
import { notFound, ok, ApiError } from './errors.js';
import { requireUser } from './auth.js';
import { pageQuery } from './patterns.js';

export async function deploymentRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const ownDeployment = async (req: FastifyRequest) => {
    const user = requireUser(req);
    const d = await s.store.getDeploymentById((req.params as { id: string }).id);
    const p = d ? await s.store.getPattern(d.patternId) : undefined;
    if (!d || !p || p.ownerId !== user.id) throw notFound('deployment');
    return { user, deployment: d, pattern: p };
  };

  app.get('/api/deployments', async (req) => {
    const user = requireUser(req);
    const list = await s.store.listDeployments(user.id);
    return { success: true, data: list, meta: { total: list.length, limit: list.length, offset: 0 } };
  });

  app.get('/api/deployments/:id', async (req) => ok((await ownDeployment(req)).deployment));

  app.get('/api/deployments/:id/runs', async (req) => {
    const { deployment } = await ownDeployment(req);
    const q = req.query as Record<string, string>;
    let version: number | undefined;
    if (q.version !== undefined) {
      version = Number(q.version);
      if (!Number.isInteger(version)) throw new ApiError('VALIDATION_ERROR', 'version must be a whole number', { field: 'version' });
    }
    await s.engine.recorder.flush(); // what was recorded up to now is listed
    const page = await s.store.listRuns(deployment.id, { status: q.status, triggeredBy: q.triggeredBy, ...(version !== undefined ? { version } : {}), ...pageQuery(q) });
    return { success: true, data: page.items, meta: { total: page.total, limit: page.limit, offset: page.offset, ...(page.totalIsLowerBound ? { totalIsLowerBound: true } : {}) } };
  });

  app.get('/api/deployments/:id/triggers', async (req) => {
    const { deployment } = await ownDeployment(req);
    const l = s.engine.get(deployment.patternId);
    const a = s.activity.of(deployment.patternId);
    const type = l?.compiled.trigger.type ?? null;
    return ok({
      type, since: a.since,
      webhook: a.webhook,
      schedule: type === 'OnSchedule' ? { ...a.schedule, nextFire: s.schedules.nextFire(deployment.patternId), cron: l!.compiled.trigger.config.cron, timezone: l!.compiled.trigger.config.timezone } : null,
      patternCalls: { byCaller: a.callsByCaller },
    });
  });

  app.get('/api/runs/:runId', async (req) => {
    const user = requireUser(req);
    await s.engine.recorder.flush();
    const run = await s.store.getRun((req.params as { runId: string }).runId);
    const p = run ? await s.store.getPattern(run.patternId) : undefined;
    if (!run || !p || p.ownerId !== user.id) throw notFound('run');
    const { log, ...rest } = run;
    return ok({ ...rest, log: log?.entries ?? [], logSummary: log ? { dropped: log.dropped, runs: log.runs } : null });
  });

  app.get('/api/audit', async (req) => {
    const user = requireUser(req);
    const q = req.query as Record<string, string>;
    const page = await s.store.listAudit({ ownerId: user.id, patternId: q.patternId, ...pageQuery(q) });
    return { success: true, data: page.items, meta: { total: page.total, limit: page.limit, offset: page.offset } };
  });
}
