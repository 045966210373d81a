// Deployments and their executions.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import { notFound, ok, ApiError } from './errors.js';
import { requireUser } from './auth.js';
import { MAX_INT, pageQuery, textOf } from './patterns.js';
import { triggerOf } from '../pattern/trigger.js';
import { profile } from '../inspect/profile.js';
import { PAGE, Params, Query, type TypeBoxProvider } from './schema.js';
import { ownedDeployment, ownedRun, ownerGuard } from './owner.js';
import type { DeploymentListed, Paged, Profile, Run, RunDetail, RunStats, StatsPeriod, TriggerActivityInfo } from './types.js';

const Id = Params('id');
const RunsQuery = Query('status', 'triggeredBy', 'version', ...PAGE);
const PeriodQuery = Query('period');
const ProfileQuery = Query('period', 'version');
const AuditQuery = Query('patternId', ...PAGE);
const ListQuery = Query('search', ...PAGE);
const RunId = Type.Object({ runId: Type.String() });

/** Executions a profile reads at most (the newest of the period). */
export const PROFILE_SAMPLE = 2000;

export async function deploymentRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  const guard = ownerGuard(s);
  const mine = { params: Id };

  // Newest deploy first, paged (default 50); `search` matches the pattern's name or description.
  app.get('/api/deployments', { schema: { querystring: ListQuery } }, async (req) => {
    const user = requireUser(req);
    const page = await s.store.listDeployments(user.id, { search: req.query.search, ...pageQuery(req.query) });
    return { success: true, data: page.items, meta: { total: page.total, limit: page.limit, offset: page.offset } } satisfies Paged<DeploymentListed>;
  });

  // The deployment with its pattern's name and the trigger of the live version, as in the list.
  app.get('/api/deployments/:id', { schema: mine, preValidation: guard.deployment }, async (req) => {
    const { deployment, pattern } = ownedDeployment(req);
    const v = await s.store.getVersion(deployment.patternId, deployment.version);
    return ok<DeploymentListed>({ ...deployment, patternName: pattern.document.name ?? '', trigger: triggerOf(v?.document ?? pattern.document) });
  });

  app.get('/api/deployments/:id/runs', { schema: { params: Id, querystring: RunsQuery }, preValidation: guard.deployment }, async (req) => {
    const { deployment } = ownedDeployment(req);
    const q = req.query;
    let version: number | undefined;
    if (q.version !== undefined) {
      version = Number(q.version);
      if (!Number.isInteger(version) || Math.abs(version) > MAX_INT)
        throw new ApiError('VALIDATION_ERROR', 'version must be a whole number', { field: 'version' });
    }
    await s.history.flush(); // what was recorded up to now is listed
    const page = await s.store.listRuns(deployment.id, {
      status: q.status,
      triggeredBy: q.triggeredBy,
      ...(version !== undefined ? { version } : {}),
      ...pageQuery(q),
    });
    return {
      success: true,
      data: page.items,
      meta: { total: page.total, limit: page.limit, offset: page.offset, ...(page.totalIsLowerBound ? { totalIsLowerBound: true } : {}) },
    } satisfies Paged<Run>;
  });

  // Health (SPEC §8): per period, counts by status, rates, duration percentiles, per trigger, buckets.
  const PERIODS: Record<StatsPeriod, { ms: number; chars: number; bucketMs: number }> = {
    '1h': { ms: 3600_000, chars: 16, bucketMs: 60_000 },
    '24h': { ms: 86_400_000, chars: 13, bucketMs: 3600_000 },
    '7d': { ms: 7 * 86_400_000, chars: 13, bucketMs: 3600_000 },
    '30d': { ms: 30 * 86_400_000, chars: 10, bucketMs: 86_400_000 },
  };
  /** The period of a `?period=` query (default 24h), or a VALIDATION_ERROR. */
  const isPeriod = (p: string): p is StatsPeriod => Object.hasOwn(PERIODS, p);
  const periodOf = (q: { period?: string | undefined }): [StatsPeriod, { ms: number; chars: number; bucketMs: number }] => {
    const period = q.period ?? '24h';
    if (!isPeriod(period)) throw new ApiError('VALIDATION_ERROR', 'period must be 1h, 24h, 7d or 30d', { field: 'period' });
    return [period, PERIODS[period]];
  };

  // Per-node profile (SPEC §12): runs, errors and durations of each node of a version over a period.
  app.get('/api/deployments/:id/profile', { schema: { params: Id, querystring: ProfileQuery }, preValidation: guard.deployment }, async (req) => {
    const { deployment: d } = ownedDeployment(req);
    const q = req.query;
    const [period, p] = periodOf(q);
    const version = q.version === undefined ? d.version : Number(q.version);
    if (!Number.isInteger(version) || version < 1) throw new ApiError('VALIDATION_ERROR', 'version must be a version number', { field: 'version' });
    const v = await s.store.getVersion(d.patternId, version);
    if (!v) throw notFound(`version ${version}`);
    await s.history.flush();
    const since = new Date(Date.now() - p.ms).toISOString();
    const logs = await s.store.recentLogs(d.id, since, version, PROFILE_SAMPLE);
    return ok<Profile>({
      deploymentId: d.id,
      version,
      period,
      since,
      executions: logs.length,
      sampled: logs.length === PROFILE_SAMPLE,
      nodes: profile(
        v.document.nodes.map((n) => n.id),
        logs,
      ),
    });
  });

  app.get('/api/deployments/:id/runs/stats', { schema: { params: Id, querystring: PeriodQuery }, preValidation: guard.deployment }, async (req) => {
    const { deployment } = ownedDeployment(req);
    const [period, p] = periodOf(req.query);
    await s.history.flush();
    const until = Date.now();
    const since = new Date(until - p.ms).toISOString();
    const stats = await s.store.runStats(deployment.id, since, p.chars);
    const byStatus: Record<string, number> = { running: 0, completed: 0, failed: 0, timeout: 0, dead_letter: 0, interrupted: 0 };
    const byTrigger: Record<string, Record<string, number>> = {};
    const buckets = new Map<string, { total: number; failed: number }>();
    // Every bucket of the period, empty ones included, so charts have an even axis.
    for (let t = Math.floor((until - p.ms) / p.bucketMs) * p.bucketMs; t <= until; t += p.bucketMs)
      buckets.set(new Date(t).toISOString().slice(0, p.chars), { total: 0, failed: 0 });
    for (const g of stats.groups) {
      byStatus[g.status] = (byStatus[g.status] ?? 0) + g.count;
      (byTrigger[g.triggeredBy] ??= {})[g.status] = ((byTrigger[g.triggeredBy] ??= {})[g.status] ?? 0) + g.count;
      const b = buckets.get(g.bucket) ?? { total: 0, failed: 0 };
      b.total += g.count;
      if (g.status !== 'completed' && g.status !== 'running') b.failed += g.count;
      buckets.set(g.bucket, b);
    }
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const finished = total - byStatus.running!;
    const failedCount = finished - byStatus.completed!;
    return ok<RunStats>({
      period,
      since,
      until: new Date(until).toISOString(),
      total,
      byStatus,
      successRate: finished ? Math.round((byStatus.completed! / finished) * 10_000) / 100 : null,
      errorRate: finished ? Math.round((failedCount / finished) * 10_000) / 100 : null,
      durationMs: stats.durations,
      byTrigger,
      buckets: [...buckets]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([start, v]) => ({
          start: start.length === 10 ? `${start}T00:00:00.000Z` : start.length === 13 ? `${start}:00:00.000Z` : `${start}:00.000Z`,
          ...v,
        })),
    });
  });

  app.get('/api/deployments/:id/triggers', { schema: mine, preValidation: guard.deployment }, async (req) => {
    const { deployment } = ownedDeployment(req);
    const l = s.engine.get(deployment.patternId);
    const a = s.activity.of(deployment.patternId);
    const type = l?.trigger.type ?? null;
    return ok<TriggerActivityInfo>({
      type,
      since: a.since,
      webhook: a.webhook,
      schedule:
        type === 'OnSchedule'
          ? {
              ...a.schedule,
              nextFire: s.schedules.nextFire(deployment.patternId),
              cron: textOf(l!.trigger.config.cron) ?? '',
              timezone: textOf(l!.trigger.config.timezone),
            }
          : null,
      patternCalls: { byCaller: a.callsByCaller },
    });
  });

  app.get('/api/runs/:runId', { schema: { params: RunId }, preValidation: guard.run }, async (req) => {
    const { log, ...rest } = ownedRun(req).run;
    return ok<RunDetail>({ ...rest, log: log?.entries ?? [], logSummary: log ? { dropped: log.dropped, runs: log.runs } : null });
  });

  app.get('/api/audit', { schema: { querystring: AuditQuery } }, async (req) => {
    const user = requireUser(req);
    const q = req.query;
    const page = await s.store.listAudit({ ownerId: user.id, patternId: q.patternId, ...pageQuery(q) });
    return { success: true, data: page.items, meta: { total: page.total, limit: page.limit, offset: page.offset } };
  });
}
