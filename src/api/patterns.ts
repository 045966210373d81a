// Patterns: drafts (any schema-valid document, compiling or not), import/export, clone, validate,
// test runs, and the deployment lifecycle of each pattern.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Services } from '../server/services.js';
import type { PatternRecord } from '../store/types.js';
import type { PatternDocument } from '../pattern/schema.js';
import { parsePattern } from '../pattern/parse.js';
import { ApiError, notFound, ok } from './errors.js';
import { requireUser } from './auth.js';
import { randomId } from '../accounts/passwords.js';
import { diffDocuments } from '../deploy/diff.js';
import { canonicalDocument, isPatternId, PATTERN_ID_RULE } from '../pattern/files.js';
import { msg, OptionalBody, PAGE, Params, Query, type TypeBoxProvider } from './schema.js';
import { findRun, owns, ownedPattern, ownerGuard } from './owner.js';
import type { PatternNode, PatternWire } from '../pattern/schema.js';
import type { CaptureState, DeployFileResult, DeployResult, Paged, PatternDeployment, PatternResource, TestRun, VersionDiff, VersionInfo } from './types.js';

// 160 random bits, hex: unguessable, and safe in URLs, shells and logs.
const newWebhookId = () => randomBytes(20).toString('hex');
const newSecret = () => randomBytes(24).toString('hex');
const STARTER: Omit<PatternDocument, 'name'> = { format: 'dragops.pattern/1', nodes: [{ id: 'start', type: 'OnStart', position: { x: 0, y: 0 } }], wires: [] };

/** Parses a request body as a pattern document: 400 with every schema problem when it is not one. */
function documentOf(body: unknown): PatternDocument {
  const r = parsePattern(body);
  if (!r.ok) throw new ApiError('INVALID_DOCUMENT', `not a valid pattern document: ${r.diagnostics[0]?.message}`, { errors: r.diagnostics });
  return r.document;
}

/** The largest value of the database's integer columns (PostgreSQL `integer`): larger ones would fail the query. */
export const MAX_INT = 2_147_483_647;

function intParam(v: unknown, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_INT) throw new ApiError('VALIDATION_ERROR', `${name} must be a positive whole number`, { field: name });
  return n;
}

/** A trigger's config value that the compiler checked is text (cron, timezone), typed as such. */
export const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function pageQuery(q: Record<string, unknown>) {
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new ApiError('VALIDATION_ERROR', 'limit must be a whole number from 1 to 500', { field: 'limit' });
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_INT)
    throw new ApiError('VALIDATION_ERROR', 'offset must be a whole number ≥ 0', { field: 'offset' });
  return { limit, offset };
}

export function webhookUrl(s: Services, req: FastifyRequest, webhookId: string): string {
  const base = s.config.publicUrl ?? `${req.protocol}://${req.host}`;
  return `${base.replace(/\/$/, '')}/webhooks/${webhookId}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ── Schemas (schema.ts): params and query are strings, read by the routes (intParam, pageQuery);
// bodies are typed here. A pattern document is checked by parsePattern (400 INVALID_DOCUMENT with
// every problem), not by these schemas: such bodies are `Type.Unknown`.
const Id = Params('id');
const Document = Type.Unknown({ description: 'a pattern document (SPEC §1): 400 INVALID_DOCUMENT with every problem when it is not one' });
const ListQuery = Query('search', 'tag', ...PAGE);
const NewPattern = Type.Object(
  { name: Type.Optional(Type.Unknown()), format: Type.Optional(Type.Unknown()), nodes: Type.Optional(Type.Unknown()) },
  {
    additionalProperties: true,
    description: 'a pattern document, or {"name": …} for a new pattern with one OnStart node',
  },
);
const NEW_PATTERN = 'the body must be a pattern document or {"name": …}';
const Clone = OptionalBody(
  Type.Object({ name: Type.Optional(Type.Union([Type.String(), Type.Null()], msg('name must be a string'))) }),
  'the body must be {"name"?: text}',
);
const Capture = OptionalBody(
  Type.Object({
    seconds: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 3600 }), Type.Null()], msg('seconds must be between 1 and 3600'))),
  }),
  'the body must be {"seconds"?: number}',
);
const RunBody = OptionalBody(
  Type.Object({
    event: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], msg('event must be a JSON object'))),
    fromRun: Type.Optional(Type.String(msg('fromRun must be a run id'))),
  }),
  'the body must be {"event"?: object} or {"fromRun": run id}',
);
const Note = Type.Optional(Type.Union([Type.String(), Type.Null()], msg('note must be a string')));
const DeployBody = OptionalBody(
  Type.Object({
    note: Note,
    version: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: MAX_INT }), Type.Null()], msg('version must be a positive whole number'))),
  }),
  'the body must be {"note"?: text, "version"?: number}',
);
const DEPLOY_FILE = 'the body must be {"document": a pattern document, "note"?: text}';
const DeployFile = Type.Object(
  {
    document: Type.Unknown({ ...msg('document is required: the pattern document to deploy'), description: 'a pattern document (SPEC §1)' }),
    note: Note,
  },
  { additionalProperties: false, ...msg(DEPLOY_FILE) },
);
const Reason = OptionalBody(
  Type.Object({ reason: Type.Optional(Type.Unknown({ description: 'text; anything else is ignored' })) }),
  'the body must be {"reason"?: text}',
);

export async function patternRoutes(root: FastifyInstance, s: Services): Promise<void> {
  const app = root.withTypeProvider<TypeBoxProvider>();
  const guard = ownerGuard(s);
  const resource = async (req: FastifyRequest, p: PatternRecord): Promise<PatternResource<PatternDocument>> => {
    const d = await s.store.getDeployment(p.id);
    return {
      ...p.document,
      id: p.id,
      webhookId: p.webhookId,
      webhookUrl: webhookUrl(s, req, p.webhookId),
      webhookSecret: p.webhookSecret,
      revision: p.revision,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      deployment: d ? { id: d.id, status: d.status, version: d.version, deployedAt: d.deployedAt, pausedReason: d.pausedReason, pausedBy: d.pausedBy } : null,
    };
  };
  /** A new pattern. Its document's `id` is kept when it is free for the owner (SPEC §15); when it is
   * not, `create` refuses (409) and `import` gives a new id. Clones always get a new id. */
  const create = async (req: FastifyRequest, doc: PatternDocument, ownerId: string, ids: 'create' | 'import' | 'new'): Promise<PatternRecord> => {
    const at = new Date().toISOString();
    const wanted = ids === 'new' ? undefined : doc.id;
    if (wanted !== undefined && !isPatternId(wanted))
      throw new ApiError('VALIDATION_ERROR', `id ${JSON.stringify(wanted)} cannot be kept: ${PATTERN_ID_RULE} (leave it out for a new one)`, { field: 'id' });
    const document = { ...doc };
    delete document.id;
    const record = (id: string): PatternRecord => ({
      id,
      ownerId,
      document,
      webhookId: newWebhookId(),
      webhookSecret: newSecret(),
      revision: 1,
      createdAt: at,
      updatedAt: at,
    });
    if (wanted !== undefined) {
      const p = record(wanted);
      if (await s.store.createPattern(p)) return p;
      if (ids === 'create') throw idTaken(wanted, (await s.store.getPattern(wanted))?.ownerId === ownerId);
    }
    const p = record(randomId('pat'));
    if (!(await s.store.createPattern(p))) throw new ApiError('CONFLICT', 'a new pattern id collided; try again');
    return p;
  };
  const idTaken = (id: string, yours: boolean) =>
    yours
      ? new ApiError(
          'CONFLICT',
          `you already have a pattern with id ${JSON.stringify(id)}: update it (PUT /api/patterns/${id}, or POST /api/patterns/deploy), or give the document another id`,
          { field: 'id', id },
        )
      : new ApiError(
          'CONFLICT',
          `pattern id ${JSON.stringify(id)} is taken by another user's pattern; give the document another id (or leave it out for a new one)`,
          { field: 'id', id },
        );

  /** The answer of a deploy (SPEC §9). */
  const deployed = (req: FastifyRequest, pattern: PatternRecord, r: Awaited<ReturnType<Services['engine']['deploy']>>): DeployResult => {
    const trigger = r.live.trigger;
    return {
      deploymentId: r.deployment.id,
      version: r.version.version,
      status: r.deployment.status,
      triggers: [
        {
          type: trigger.type,
          ...(trigger.type === 'OnWebhook' ? { webhookUrl: webhookUrl(s, req, pattern.webhookId) } : {}),
          ...(trigger.type === 'OnSchedule' ? { cron: textOf(trigger.config.cron), timezone: textOf(trigger.config.timezone) } : {}),
        },
      ],
      webhookUrl: webhookUrl(s, req, pattern.webhookId),
      warnings: r.warnings,
      // Deployed callers that no longer fit this pattern's interface (they keep running their own
      // version; their next deploy will fail until they are updated).
      brokenCallers: r.brokenCallers,
    };
  };

  app.get('/api/patterns', { schema: { querystring: ListQuery } }, async (req) => {
    const user = requireUser(req);
    const q = req.query;
    const page = await s.store.listPatterns(user.id, { search: q.search, tag: q.tag, ...pageQuery(q) });
    return {
      success: true,
      data: await Promise.all(page.items.map((p) => resource(req, p))),
      meta: { total: page.total, limit: page.limit, offset: page.offset },
    } satisfies Paged<PatternResource<PatternDocument>>;
  });

  app.post('/api/patterns', { schema: { body: OptionalBody(NewPattern, NEW_PATTERN) } }, async (req, reply) => {
    const user = requireUser(req);
    // No body is {} (a new pattern); JSON `null` is refused like any body that is not an object.
    if (req.body === null) throw new ApiError('VALIDATION_ERROR', NEW_PATTERN);
    const body = req.body ?? {};
    // A bare {name} starts a new pattern with one OnStart node, as the editor's "New Pattern" does.
    const doc = body.format === undefined && body.nodes === undefined ? documentOf({ ...STARTER, ...body }) : documentOf(body);
    return reply.code(201).send(ok(await resource(req, await create(req, doc, user.id, 'create'))));
  });

  app.post('/api/patterns/import', { schema: { body: Document } }, async (req, reply) => {
    const user = requireUser(req);
    return reply.code(201).send(ok(await resource(req, await create(req, documentOf(req.body), user.id, 'import'))));
  });

  app.get('/api/patterns/:id', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    return ok(await resource(req, pattern));
  });

  app.get('/api/patterns/:id/export', { schema: { params: Id }, preValidation: guard.pattern }, async (req, reply) => {
    const { pattern } = ownedPattern(req);
    reply.header('content-disposition', `attachment; filename="${pattern.id}.pattern.json"`);
    return canonicalDocument(pattern.document, pattern.id);
  });

  app.put('/api/patterns/:id', { schema: { params: Id, body: Document }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    const body = isRecord(req.body) ? { ...req.body } : {};
    // The resource's own fields may come back with the document (GET then PUT); they are not draft.
    for (const k of ['id', 'webhookId', 'webhookUrl', 'webhookSecret', 'createdAt', 'updatedAt', 'deployment', 'revision']) delete body[k];
    const doc = documentOf(body);
    const ifMatch = req.headers['if-match'] ?? (isRecord(req.body) ? req.body.revision : undefined);
    const expected = ifMatch === undefined || ifMatch === null ? undefined : Number(String(ifMatch).replace(/"/g, ''));
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 0 || expected > MAX_INT))
      throw new ApiError('VALIDATION_ERROR', 'revision (or If-Match) must be the whole number of the revision you read', { field: 'revision' });
    const updated = await s.store.updatePattern(pattern.id, doc, new Date().toISOString(), expected);
    if (!updated)
      throw new ApiError('CONFLICT', `the pattern was saved by someone else since revision ${expected}; reload it and apply your change again`, {
        revision: (await s.store.getPattern(pattern.id))?.revision,
      });
    return ok(await resource(req, updated));
  });

  app.delete('/api/patterns/:id', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { user, pattern } = ownedPattern(req);
    s.engine.forget(pattern.id);
    await s.store.deletePattern(pattern.id);
    await s.store.addAudit({
      at: new Date().toISOString(),
      userId: user.id,
      patternId: pattern.id,
      deploymentId: null,
      action: 'delete',
      details: { name: pattern.document.name ?? '' },
    });
    return ok({ id: pattern.id, deleted: true });
  });

  app.post('/api/patterns/:id/clone', { schema: { params: Id, body: Clone }, preValidation: guard.pattern }, async (req, reply) => {
    const { user, pattern } = ownedPattern(req);
    const name = req.body?.name ?? `${pattern.document.name ?? 'Pattern'} (copy)`;
    return reply.code(201).send(ok(await resource(req, await create(req, documentOf({ ...pattern.document, name }), user.id, 'new'))));
  });

  app.post('/api/patterns/:id/webhook-secret', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    const secret = newSecret();
    await s.store.setWebhookSecret(pattern.id, secret, new Date().toISOString());
    s.engine.secretChanged(pattern.id, secret);
    return ok({ webhookSecret: secret });
  });

  app.post('/api/patterns/:id/webhook-capture', { schema: { params: Id, body: Capture }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    const seconds = req.body?.seconds ?? 300;
    return ok({ ...s.engine.captures.start(pattern.id, seconds), webhookUrl: webhookUrl(s, req, pattern.webhookId) });
  });
  app.get('/api/patterns/:id/webhook-capture', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    return ok<CaptureState>(s.engine.captures.get(pattern.id));
  });
  app.delete('/api/patterns/:id/webhook-capture', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    s.engine.captures.stop(pattern.id);
    return ok({ capturing: false });
  });

  app.post('/api/patterns/:id/validate', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    const r = await s.engine.compileFor(pattern.document, pattern.ownerId);
    return ok({ errors: r.errors, warnings: r.warnings, pins: r.pins });
  });

  app.post('/api/patterns/:id/run', { schema: { params: Id, body: RunBody }, preValidation: guard.pattern }, async (req) => {
    const { user, pattern } = ownedPattern(req);
    const body = req.body ?? {};
    let event: unknown = body.event ?? {};
    if (body.fromRun !== undefined) {
      // "Run draft with this input": the trigger data of one of the user's executions (SPEC §12).
      if (body.event !== undefined) throw new ApiError('VALIDATION_ERROR', 'give either event or fromRun, not both', { field: 'fromRun' });
      const found = await findRun(s, user, body.fromRun);
      if (!found) throw new ApiError('NOT_FOUND', `run ${JSON.stringify(body.fromRun)} not found`, { field: 'fromRun' });
      event = found.run.triggerData ?? {};
    }
    if (!isRecord(event)) throw new ApiError('VALIDATION_ERROR', 'event must be a JSON object', { field: 'event' });
    const r = await s.engine.compileFor(pattern.document, pattern.ownerId);
    if (!r.ok) throw new ApiError('COMPILE_FAILED', `the draft has ${r.errors.length} compile error(s)`, { errors: r.errors, warnings: r.warnings });
    // Recorded like every execution (SPEC §8), as `manual`, with no deployment or version.
    const result = await s.engine.run({ patternId: pattern.id, deploymentId: null, version: null, ownerId: pattern.ownerId }, r.compiled, event, {
      triggeredBy: 'manual',
    });
    const { runId, status, response, outputs, logs, error, durationMs } = result;
    return ok<TestRun>({
      runId,
      status,
      response,
      outputs,
      logs,
      error,
      durationMs,
      log: result.trace.entries,
      trace: { dropped: result.trace.dropped, runs: result.trace.runs },
      warnings: r.warnings,
    });
  });

  app.post('/api/patterns/:id/deploy', { schema: { params: Id, body: DeployBody }, preValidation: guard.pattern }, async (req, reply) => {
    const { user, pattern } = ownedPattern(req);
    const body = req.body ?? {};
    const version = body.version ?? undefined;
    const r = await s.engine.deploy(pattern, user, { note: body.note ?? null, ...(version !== undefined ? { version } : {}) });
    return reply.code(201).send(ok(deployed(req, pattern, r)));
  });

  // A pattern file deployed in one step (`dragops deploy FILE`, SPEC §15): the pattern with the
  // document's `id` is updated (or created, keeping the id) and deployed, or nothing changes at all —
  // a document that does not compile neither creates a pattern nor touches the draft.
  app.post('/api/patterns/deploy', { schema: { body: DeployFile } }, async (req, reply) => {
    const user = requireUser(req);
    const body = req.body;
    const doc = documentOf(body.document);
    if (doc.id !== undefined && !isPatternId(doc.id))
      throw new ApiError('VALIDATION_ERROR', `id ${JSON.stringify(doc.id)} cannot be kept: ${PATTERN_ID_RULE}`, { field: 'id' });
    const existing = doc.id === undefined ? undefined : await s.store.getPattern(doc.id);
    if (existing && !owns(user, existing.ownerId)) throw idTaken(existing.id, false);
    const check = await s.engine.compileFor(doc, user.id);
    if (!check.ok)
      throw new ApiError(
        'COMPILE_FAILED',
        `the pattern has ${check.errors.length} compile error${check.errors.length > 1 ? 's' : ''}; nothing was created, saved or deployed`,
        { errors: check.errors, warnings: check.warnings },
      );
    const opts = { note: body.note ?? null };
    const draft = { ...doc };
    delete draft.id;
    if (existing) {
      const updated = await s.store.updatePattern(existing.id, draft, new Date().toISOString());
      if (!updated) throw notFound(`pattern ${existing.id}`); // deleted meanwhile
      try {
        return reply.code(201).send(
          ok<DeployFileResult>({
            patternId: updated.id,
            name: updated.document.name ?? '',
            created: false,
            ...deployed(req, updated, await s.engine.deploy(updated, user, opts)),
          }),
        );
      } catch (e) {
        await s.store.updatePattern(existing.id, existing.document, new Date().toISOString()); // the draft as it was
        throw e;
      }
    }
    const created = await create(req, doc, user.id, 'create');
    try {
      return reply.code(201).send(
        ok<DeployFileResult>({
          patternId: created.id,
          name: created.document.name ?? '',
          created: true,
          ...deployed(req, created, await s.engine.deploy(created, user, opts)),
        }),
      );
    } catch (e) {
      s.engine.forget(created.id);
      await s.store.deletePattern(created.id); // its id stays reserved for this user only
      throw e;
    }
  });

  const lifecycle = (path: string, status: 'paused' | 'active' | 'undeployed', method: 'post' | 'delete' = 'post') => {
    app[method](`/api/patterns/:id/${path}`, { schema: { params: Id, body: Reason }, preValidation: guard.pattern }, async (req) => {
      const { user, pattern } = ownedPattern(req);
      const reason = req.body?.reason;
      // NOT_FOUND (no deployment) and CONFLICT (not allowed, or changed at the same moment) are
      // thrown as the catalog's errors; the error handler answers them.
      const d = await s.engine.setStatus(pattern, status, {
        userId: user.id,
        pausedBy: status === 'paused' ? 'user' : undefined,
        reason: typeof reason === 'string' ? reason : null,
      });
      return ok(d);
    });
  };
  lifecycle('pause', 'paused');
  lifecycle('resume', 'active');
  lifecycle('deploy', 'undeployed', 'delete');

  app.get('/api/patterns/:id/deployment', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    const d = await s.store.getDeployment(pattern.id);
    if (!d) throw notFound('deployment of this pattern');
    return ok<PatternDeployment>({ ...d, webhookUrl: webhookUrl(s, req, pattern.webhookId) });
  });

  app.get('/api/patterns/:id/versions', { schema: { params: Id }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    return ok<VersionInfo[]>(await s.store.listVersions(pattern.id));
  });

  app.get('/api/patterns/:id/versions/:v', { schema: { params: Params('id', 'v') }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    const v = await s.store.getVersion(pattern.id, intParam(req.params.v, 'version'));
    if (!v) throw notFound('version');
    // The pins of its config-dependent nodes, as for a draft's validate (for drawing the version).
    const { callees: _callees, ...version } = v;
    return ok({ ...version, pins: (await s.engine.compileVersion(v, pattern.ownerId)).pins });
  });

  app.get('/api/patterns/:id/versions/:a/diff/:b', { schema: { params: Params('id', 'a', 'b') }, preValidation: guard.pattern }, async (req) => {
    const { pattern } = ownedPattern(req);
    const params = req.params;
    const [a, b] = await Promise.all([s.store.getVersion(pattern.id, intParam(params.a, 'a')), s.store.getVersion(pattern.id, intParam(params.b, 'b'))]);
    if (!a || !b) throw notFound('version');
    return ok<VersionDiff<PatternNode, PatternWire>>({ from: a.version, to: b.version, ...diffDocuments(a.document, b.document) });
  });
}
