// Patterns: drafts (any schema-valid document, compiling or not), import/export, clone, validate,
// test runs, and the deployment lifecycle of each pattern.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Services } from '../server/services.js';
import type { PatternRecord, User } from '../store/types.js';
import type { PatternDocument } from '../pattern/schema.js';
import { parsePattern } from '../pattern/parse.js';
import { ApiError, notFound, ok } from './errors.js';
import { requireUser } from './auth.js';
import { randomId } from '../accounts/passwords.js';
import { diffDocuments } from '../deploy/diff.js';
import { canonicalDocument, isPatternId, PATTERN_ID_RULE } from '../pattern/files.js';

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

export function pageQuery(q: Record<string, unknown>) {
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ApiError('VALIDATION_ERROR', 'limit must be a whole number from 1 to 500', { field: 'limit' });
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_INT) throw new ApiError('VALIDATION_ERROR', 'offset must be a whole number ≥ 0', { field: 'offset' });
  return { limit, offset };
}

export function webhookUrl(s: Services, req: FastifyRequest, webhookId: string): string {
  const base = s.config.publicUrl ?? `${req.protocol}://${req.host}`;
  return `${base.replace(/\/$/, '')}/webhooks/${webhookId}`;
}

/** Loads a pattern of the signed-in user; another user's pattern is "not found" (no leak). */
export async function ownPattern(s: Services, req: FastifyRequest, id: string): Promise<{ user: User; pattern: PatternRecord }> {
  const user = requireUser(req);
  const pattern = await s.store.getPattern(id);
  if (!pattern || pattern.ownerId !== user.id) throw notFound(`pattern ${id}`);
  return { user, pattern };
}

export async function patternRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const resource = async (req: FastifyRequest, p: PatternRecord) => {
    const d = await s.store.getDeployment(p.id);
    return {
      ...p.document, id: p.id, webhookId: p.webhookId, webhookUrl: webhookUrl(s, req, p.webhookId), webhookSecret: p.webhookSecret,
      revision: p.revision, createdAt: p.createdAt, updatedAt: p.updatedAt,
      deployment: d ? { id: d.id, status: d.status, version: d.version, deployedAt: d.deployedAt, pausedReason: d.pausedReason, pausedBy: d.pausedBy } : null,
    };
  };
  /** A new pattern. Its document's `id` is kept when it is free for the owner (SPEC §15); when it is
   * not, `create` refuses (409) and `import` gives a new id. Clones always get a new id. */
  const create = async (req: FastifyRequest, doc: PatternDocument, ownerId: string, ids: 'create' | 'import' | 'new'): Promise<PatternRecord> => {
    const at = new Date().toISOString();
    const wanted = ids === 'new' ? undefined : doc.id;
    if (wanted !== undefined && !isPatternId(wanted)) throw new ApiError('VALIDATION_ERROR', `id ${JSON.stringify(wanted)} cannot be kept: ${PATTERN_ID_RULE} (leave it out for a new one)`, { field: 'id' });
    const document = { ...doc };
    delete document.id;
    const record = (id: string): PatternRecord => ({ id, ownerId, document, webhookId: newWebhookId(), webhookSecret: newSecret(), revision: 1, createdAt: at, updatedAt: at });
    if (wanted !== undefined) {
      const p = record(wanted);
      if (await s.store.createPattern(p)) return p;
      if (ids === 'create') throw idTaken(wanted, (await s.store.getPattern(wanted))?.ownerId === ownerId);
    }
    const p = record(randomId('pat'));
    if (!(await s.store.createPattern(p))) throw new ApiError('CONFLICT', 'a new pattern id collided; try again');
    return p;
  };
  const idTaken = (id: string, yours: boolean) => yours
    ? new ApiError('CONFLICT', `you already have a pattern with id ${JSON.stringify(id)}: update it (PUT /api/patterns/${id}, or POST /api/patterns/deploy), or give the document another id`, { field: 'id', id })
    : new ApiError('CONFLICT', `pattern id ${JSON.stringify(id)} is taken by another user's pattern; give the document another id (or leave it out for a new one)`, { field: 'id', id });

  /** The answer of a deploy (SPEC §9). */
  const deployed = (req: FastifyRequest, pattern: PatternRecord, r: Awaited<ReturnType<Services['engine']['deploy']>>) => {
    const trigger = r.live.compiled.trigger;
    return {
      deploymentId: r.deployment.id, version: r.version.version, status: r.deployment.status,
      triggers: [{ type: trigger.type, ...(trigger.type === 'OnWebhook' ? { webhookUrl: webhookUrl(s, req, pattern.webhookId) } : {}), ...(trigger.type === 'OnSchedule' ? { cron: trigger.config.cron, timezone: trigger.config.timezone } : {}) }],
      webhookUrl: webhookUrl(s, req, pattern.webhookId), warnings: r.warnings,
      // Deployed callers that no longer fit this pattern's interface (they keep running their own
      // version; their next deploy will fail until they are updated).
      brokenCallers: r.brokenCallers,
    };
  };

  app.get('/api/patterns', async (req) => {
    const user = requireUser(req);
    const q = req.query as Record<string, string>;
    const page = await s.store.listPatterns(user.id, { search: q.search, tag: q.tag, ...pageQuery(q) });
    return { success: true, data: await Promise.all(page.items.map((p) => resource(req, p))), meta: { total: page.total, limit: page.limit, offset: page.offset } };
  });

  app.post('/api/patterns', async (req, reply) => {
    const user = requireUser(req);
    if (req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) throw new ApiError('VALIDATION_ERROR', 'the body must be a pattern document or {"name": …}');
    const body = (req.body ?? {}) as Record<string, unknown>;
    // A bare {name} starts a new pattern with one OnStart node, as the editor's "New Pattern" does.
    const doc = body.format === undefined && body.nodes === undefined
      ? documentOf({ ...STARTER, ...body })
      : documentOf(body);
    return reply.code(201).send(ok(await resource(req, await create(req, doc, user.id, 'create'))));
  });

  app.post('/api/patterns/import', async (req, reply) => {
    const user = requireUser(req);
    return reply.code(201).send(ok(await resource(req, await create(req, documentOf(req.body), user.id, 'import'))));
  });

  app.get('/api/patterns/:id', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    return ok(await resource(req, pattern));
  });

  app.get('/api/patterns/:id/export', async (req, reply) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    reply.header('content-disposition', `attachment; filename="${pattern.id}.pattern.json"`);
    return canonicalDocument(pattern.document, pattern.id);
  });

  app.put('/api/patterns/:id', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const body = { ...(req.body as Record<string, unknown>) };
    // The resource's own fields may come back with the document (GET then PUT); they are not draft.
    for (const k of ['id', 'webhookId', 'webhookUrl', 'webhookSecret', 'createdAt', 'updatedAt', 'deployment', 'revision']) delete body[k];
    const doc = documentOf(body);
    const ifMatch = req.headers['if-match'] ?? (req.body as { revision?: unknown })?.revision;
    const expected = ifMatch === undefined || ifMatch === null ? undefined : Number(String(ifMatch).replace(/"/g, ''));
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 0 || expected > MAX_INT)) throw new ApiError('VALIDATION_ERROR', 'revision (or If-Match) must be the whole number of the revision you read', { field: 'revision' });
    const updated = await s.store.updatePattern(pattern.id, doc, new Date().toISOString(), expected);
    if (!updated) throw new ApiError('CONFLICT', `the pattern was saved by someone else since revision ${expected}; reload it and apply your change again`, { revision: (await s.store.getPattern(pattern.id))?.revision });
    return ok(await resource(req, updated));
  });

  app.delete('/api/patterns/:id', async (req) => {
    const { user, pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    s.engine.forget(pattern.id);
    await s.store.deletePattern(pattern.id);
    await s.store.addAudit({ at: new Date().toISOString(), userId: user.id, patternId: pattern.id, deploymentId: null, action: 'delete', details: { name: pattern.document.name ?? '' } });
    return ok({ id: pattern.id, deleted: true });
  });

  app.post('/api/patterns/:id/clone', async (req, reply) => {
    const { user, pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const name = ((req.body as { name?: unknown } | undefined)?.name as string | undefined) ?? `${pattern.document.name ?? 'Pattern'} (copy)`;
    return reply.code(201).send(ok(await resource(req, await create(req, documentOf({ ...pattern.document, name }), user.id, 'new'))));
  });

  app.post('/api/patterns/:id/webhook-secret', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const secret = newSecret();
    await s.store.setWebhookSecret(pattern.id, secret, new Date().toISOString());
    s.engine.secretChanged(pattern.id, secret);
    return ok({ webhookSecret: secret });
  });

  app.post('/api/patterns/:id/webhook-capture', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const seconds = Number((req.body as { seconds?: unknown } | undefined)?.seconds ?? 300);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new ApiError('VALIDATION_ERROR', 'seconds must be between 1 and 3600', { field: 'seconds' });
    return ok({ ...s.engine.captures.start(pattern.id, seconds), webhookUrl: webhookUrl(s, req, pattern.webhookId) });
  });
  app.get('/api/patterns/:id/webhook-capture', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    return ok(s.engine.captures.get(pattern.id));
  });
  app.delete('/api/patterns/:id/webhook-capture', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    s.engine.captures.stop(pattern.id);
    return ok({ capturing: false });
  });

  app.post('/api/patterns/:id/validate', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const r = s.engine.compileFor(pattern.document, pattern.ownerId);
    return ok({ errors: r.errors, warnings: r.warnings, pins: r.pins });
  });

  app.post('/api/patterns/:id/run', async (req) => {
    const { user, pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const body = (req.body ?? {}) as { event?: unknown; fromRun?: unknown };
    let event = (body.event ?? {}) as Record<string, unknown>;
    if (body.fromRun !== undefined) {
      // "Run draft with this input": the trigger data of one of the user's executions (SPEC §12).
      if (typeof body.fromRun !== 'string') throw new ApiError('VALIDATION_ERROR', 'fromRun must be a run id', { field: 'fromRun' });
      if (body.event !== undefined) throw new ApiError('VALIDATION_ERROR', 'give either event or fromRun, not both', { field: 'fromRun' });
      await s.engine.recorder.flush();
      const run = await s.store.getRun(body.fromRun);
      const owner = run ? await s.store.getPattern(run.patternId) : undefined;
      if (!run || !owner || owner.ownerId !== user.id) throw new ApiError('NOT_FOUND', `run ${JSON.stringify(body.fromRun)} not found`, { field: 'fromRun' });
      event = (run.triggerData ?? {}) as Record<string, unknown>;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new ApiError('VALIDATION_ERROR', 'event must be a JSON object', { field: 'event' });
    const r = s.engine.compileFor(pattern.document, pattern.ownerId);
    if (!r.ok) throw new ApiError('COMPILE_FAILED', `the draft has ${r.errors.length} compile error(s)`, { errors: r.errors, warnings: r.warnings });
    // Recorded like every execution (SPEC §8), as `manual`, with no deployment or version.
    const result = await s.engine.run({ patternId: pattern.id, deploymentId: null, version: null, ownerId: pattern.ownerId }, r.compiled, event, { triggeredBy: 'manual' });
    const { runId, status, response, outputs, logs, error, durationMs } = result;
    return ok({ runId, status, response, outputs, logs, error, durationMs, log: result.trace.entries, trace: { dropped: result.trace.dropped, runs: result.trace.runs }, warnings: r.warnings });
  });

  app.post('/api/patterns/:id/deploy', async (req, reply) => {
    const { user, pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const body = (req.body ?? {}) as { note?: unknown; version?: unknown };
    if (body.note !== undefined && body.note !== null && typeof body.note !== 'string') throw new ApiError('VALIDATION_ERROR', 'note must be a string', { field: 'note' });
    const version = body.version === undefined || body.version === null ? undefined : intParam(body.version, 'version');
    const r = await s.engine.deploy(pattern, user, { note: (body.note as string | undefined) ?? null, ...(version !== undefined ? { version } : {}) });
    return reply.code(201).send(ok(deployed(req, pattern, r)));
  });

  // A pattern file deployed in one step (`dragops deploy FILE`, SPEC §15): the pattern with the
  // document's `id` is updated (or created, keeping the id) and deployed, or nothing changes at all —
  // a document that does not compile neither creates a pattern nor touches the draft.
  app.post('/api/patterns/deploy', async (req, reply) => {
    const user = requireUser(req);
    const body = req.body as { document?: unknown; note?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('VALIDATION_ERROR', 'the body must be {"document": a pattern document, "note"?: text}');
    for (const k of Object.keys(body)) if (k !== 'document' && k !== 'note') throw new ApiError('VALIDATION_ERROR', `unknown field ${JSON.stringify(k)}: the body is {"document", "note"?}`, { field: k });
    if (body.document === undefined) throw new ApiError('VALIDATION_ERROR', 'document is required: the pattern document to deploy', { field: 'document' });
    if (body.note !== undefined && body.note !== null && typeof body.note !== 'string') throw new ApiError('VALIDATION_ERROR', 'note must be a string', { field: 'note' });
    const doc = documentOf(body.document);
    if (doc.id !== undefined && !isPatternId(doc.id)) throw new ApiError('VALIDATION_ERROR', `id ${JSON.stringify(doc.id)} cannot be kept: ${PATTERN_ID_RULE}`, { field: 'id' });
    const existing = doc.id === undefined ? undefined : await s.store.getPattern(doc.id);
    if (existing && existing.ownerId !== user.id) throw idTaken(doc.id!, false);
    const check = s.engine.compileFor(doc, user.id);
    if (!check.ok) throw new ApiError('COMPILE_FAILED', `the pattern has ${check.errors.length} compile error${check.errors.length > 1 ? 's' : ''}; nothing was created, saved or deployed`, { errors: check.errors, warnings: check.warnings });
    const opts = { note: (body.note as string | undefined) ?? null };
    const draft = { ...doc };
    delete draft.id;
    if (existing) {
      const updated = await s.store.updatePattern(existing.id, draft, new Date().toISOString());
      if (!updated) throw notFound(`pattern ${existing.id}`); // deleted meanwhile
      try {
        return reply.code(201).send(ok({ patternId: updated.id, name: updated.document.name ?? '', created: false, ...deployed(req, updated, await s.engine.deploy(updated, user, opts)) }));
      } catch (e) {
        await s.store.updatePattern(existing.id, existing.document, new Date().toISOString()); // the draft as it was
        throw e;
      }
    }
    const created = await create(req, doc, user.id, 'create');
    try {
      return reply.code(201).send(ok({ patternId: created.id, name: created.document.name ?? '', created: true, ...deployed(req, created, await s.engine.deploy(created, user, opts)) }));
    } catch (e) {
      s.engine.forget(created.id);
      await s.store.deletePattern(created.id); // its id stays reserved for this user only
      throw e;
    }
  });

  const lifecycle = (path: string, status: 'paused' | 'active' | 'undeployed', method: 'post' | 'delete' = 'post') => {
    app[method](`/api/patterns/:id/${path}`, async (req) => {
      const { user, pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
      const reason = (req.body as { reason?: unknown } | undefined)?.reason;
      const d = await s.engine.setStatus(pattern, status, { userId: user.id, pausedBy: status === 'paused' ? 'user' : undefined, reason: typeof reason === 'string' ? reason : null });
      return ok(d);
    });
  };
  lifecycle('pause', 'paused');
  lifecycle('resume', 'active');
  lifecycle('deploy', 'undeployed', 'delete');

  app.get('/api/patterns/:id/deployment', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const d = await s.store.getDeployment(pattern.id);
    if (!d) throw notFound('deployment of this pattern');
    return ok({ ...d, webhookUrl: webhookUrl(s, req, pattern.webhookId) });
  });

  app.get('/api/patterns/:id/versions', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    return ok(await s.store.listVersions(pattern.id));
  });

  app.get('/api/patterns/:id/versions/:v', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const v = await s.store.getVersion(pattern.id, intParam((req.params as { v: string }).v, 'version'));
    if (!v) throw notFound('version');
    // The pins of its config-dependent nodes, as for a draft's validate (for drawing the version).
    const { callees: _callees, ...version } = v;
    return ok({ ...version, pins: s.engine.compileVersion(v, pattern.ownerId).pins });
  });

  app.get('/api/patterns/:id/versions/:a/diff/:b', async (req) => {
    const { pattern } = await ownPattern(s, req, (req.params as { id: string }).id);
    const params = req.params as { a: string; b: string };
    const [a, b] = await Promise.all([s.store.getVersion(pattern.id, intParam(params.a, 'a')), s.store.getVersion(pattern.id, intParam(params.b, 'b'))]);
    if (!a || !b) throw notFound('version');
    return ok({ from: a.version, to: b.version, ...diffDocuments(a.document, b.document) });
  });
}
