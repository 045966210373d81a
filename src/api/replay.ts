// Replay (SPEC §3 dead letters, issue #5): run an execution's event again, on the deployment's
// current version or on the version the execution ran on.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../server/services.js';
import type { RunRecord } from '../store/types.js';
import { ApiError, notFound, ok } from './errors.js';
import { requireUser } from './auth.js';

type On = 'current' | 'original';

export async function replayRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const onOf = (req: FastifyRequest): On => {
    const on = (req.body as { on?: unknown } | undefined)?.on ?? 'current';
    if (on !== 'current' && on !== 'original') throw new ApiError('VALIDATION_ERROR', 'on must be "current" or "original"', { field: 'on' });
    return on;
  };

  const replay = async (run: RunRecord, on: On) => {
    const l = s.engine.get(run.patternId);
    if (!l || l.status === 'undeployed') throw new ApiError('NOT_DEPLOYED', 'the pattern is not deployed; deploy it to replay its executions');
    const version = on === 'original' && run.version !== null ? run.version : l.version;
    const plan = await s.engine.planFor(run.patternId, version);
    if (!plan) throw notFound(`version ${version}`);
    const event = (run.triggerData ?? {}) as Record<string, unknown>;
    const r = await s.engine.run({ ...l, version }, plan, event, { triggeredBy: 'manual' });
    return { replayOf: run.id, runId: r.runId, version, status: r.status, error: r.error };
  };

  app.post('/api/runs/:runId/replay', async (req) => {
    const user = requireUser(req);
    await s.engine.recorder.flush();
    const run = await s.store.getRun((req.params as { runId: string }).runId);
    const p = run ? await s.store.getPattern(run.patternId) : undefined;
    if (!run || !p || p.ownerId !== user.id) throw notFound('run');
    return ok(await replay(run, onOf(req)));
  });

  app.post('/api/deployments/:id/replay', async (req) => {
    const user = requireUser(req);
    const d = await s.store.getDeploymentById((req.params as { id: string }).id);
    const p = d ? await s.store.getPattern(d.patternId) : undefined;
    if (!d || !p || p.ownerId !== user.id) throw notFound('deployment');
    const b = (req.body ?? {}) as { status?: unknown; triggeredBy?: unknown; version?: unknown; limit?: unknown };
    const limit = b.limit === undefined ? 100 : Number(b.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ApiError('VALIDATION_ERROR', 'limit must be 1 to 1000', { field: 'limit' });
    if (b.version !== undefined && !Number.isInteger(b.version)) throw new ApiError('VALIDATION_ERROR', 'version must be a whole number', { field: 'version' });
    await s.engine.recorder.flush();
    const page = await s.store.listRuns(d.id, {
      status: typeof b.status === 'string' ? b.status : 'dead_letter', ...(typeof b.triggeredBy === 'string' ? { triggeredBy: b.triggeredBy } : {}),
      ...(b.version !== undefined ? { version: b.version as number } : {}), limit, offset: 0,
    });
    const on = onOf(req);
    const results = [];
    for (const run of page.items.reverse()) results.push(await replay(run, on)); // oldest first
    return ok({ replayed: results.length, results });
  });
}
