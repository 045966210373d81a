// Replay (SPEC §3 dead letters, issue #5): run an execution's event again, on the deployment's
// current version or on the version the execution ran on.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import type { RunRecord } from '../store/types.js';
import { ApiError, notFound, ok } from './errors.js';
import { msg, OptionalBody, type TypeBoxProvider } from './schema.js';
import { ownedDeployment, ownedRun, ownerGuard } from './owner.js';
import type { Replayed } from './types.js';

type On = 'current' | 'original';

const ON = Type.Optional(Type.Union([Type.Literal('current'), Type.Literal('original')], msg('on must be "current" or "original"')));
const ReplayRun = OptionalBody(Type.Object({ on: ON }), 'the body must be {"on"?: "current" | "original"}');
const ReplayDeployment = OptionalBody(
  Type.Object({
    on: ON,
    status: Type.Optional(Type.Unknown({ description: 'the status of the executions to replay (default dead_letter); not text: the default' })),
    triggeredBy: Type.Optional(Type.Unknown({ description: 'only executions started this way; not text: any' })),
    version: Type.Optional(Type.Integer(msg('version must be a whole number'))),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, ...msg('limit must be 1 to 1000') })),
  }),
  'the body must be {"on"?, "status"?, "triggeredBy"?, "version"?, "limit"?}',
);

export async function replayRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  const guard = ownerGuard(s);

  const replay = async (run: RunRecord, on: On): Promise<Replayed> => {
    const l = s.engine.get(run.patternId);
    if (!l || l.status === 'undeployed') throw new ApiError('NOT_DEPLOYED', 'the pattern is not deployed; deploy it to replay its executions');
    const version = on === 'original' && run.version !== null ? run.version : l.version;
    const plan = await s.engine.planFor(run.patternId, version);
    if (!plan) throw notFound(`version ${version}`);
    const event = (run.triggerData ?? {}) as Record<string, unknown>;
    const r = await s.engine.run({ ...l, version }, plan, event, { triggeredBy: 'manual' });
    return { replayOf: run.id, runId: r.runId, version, status: r.status, error: r.error };
  };

  app.post('/api/runs/:runId/replay', { schema: { params: Type.Object({ runId: Type.String() }), body: ReplayRun }, preValidation: guard.run }, async (req) => {
    return ok(await replay(ownedRun(req).run, req.body?.on ?? 'current'));
  });

  app.post(
    '/api/deployments/:id/replay',
    { schema: { params: Type.Object({ id: Type.String() }), body: ReplayDeployment }, preValidation: guard.deployment },
    async (req) => {
      const { deployment: d } = ownedDeployment(req);
      const b = req.body ?? {};
      const limit = b.limit ?? 100;
      await s.history.flush();
      const page = await s.store.listRuns(d.id, {
        status: typeof b.status === 'string' ? b.status : 'dead_letter',
        ...(typeof b.triggeredBy === 'string' ? { triggeredBy: b.triggeredBy } : {}),
        ...(b.version !== undefined ? { version: b.version } : {}),
        limit,
        offset: 0,
      });
      const on: On = b.on ?? 'current';
      const results = [];
      for (const run of page.items.reverse()) results.push(await replay(run, on)); // oldest first
      return ok({ replayed: results.length, results });
    },
  );
}
