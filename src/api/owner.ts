// The owner guard (SPEC §9 "a pattern belongs to its owner: other users get 404"): one rule for every
// route that reaches a pattern, directly or through its deployment or one of its executions.
//
// The rule: the signed-in user reaches a pattern (and its deployment, versions, executions, events)
// when they own it. There is no admin exception: an admin sees their own patterns only, like anyone.
// What is not found and what is not yours answer the same 404 NOT_FOUND, so ids leak nothing.
//
// Routes use it as a `preValidation` hook (`guard.pattern`, `guard.deployment`, `guard.run`): the
// resource is loaded and checked before the body is validated (someone else's pattern is 404 whatever
// the body), and the handler reads it with `ownedPattern(req)` etc.
import type { FastifyRequest } from 'fastify';
import type { Services } from '../server/services.js';
import type { ConnectionRecord, DeploymentRecord, PatternRecord, RunLog, RunRecord, User } from '../store/types.js';
import { notFound } from './errors.js';
import { requireUser } from './auth.js';

type StoredRun = RunRecord & { log: RunLog | null };
type Owned =
  | { kind: 'pattern'; user: User; pattern: PatternRecord }
  | { kind: 'deployment'; user: User; pattern: PatternRecord; deployment: DeploymentRecord }
  | { kind: 'run'; user: User; pattern: PatternRecord; run: StoredRun }
  | { kind: 'connection'; user: User; connection: ConnectionRecord };

declare module 'fastify' {
  interface FastifyRequest {
    owned: Owned | null;
  }
}

/** The rule, for anything that records its owner's id (a pattern, a live event). */
export const owns = (user: User, ownerId: string | undefined | null): boolean => ownerId === user.id;

/** The user's pattern `id`, or undefined (missing or another user's). */
export async function findPattern(s: Services, user: User, id: string): Promise<PatternRecord | undefined> {
  const pattern = await s.store.getPattern(id);
  return pattern && owns(user, pattern.ownerId) ? pattern : undefined;
}

/** The user's deployment `id` and its pattern, or undefined. */
export async function findDeployment(s: Services, user: User, id: string): Promise<{ deployment: DeploymentRecord; pattern: PatternRecord } | undefined> {
  const deployment = await s.store.getDeploymentById(id);
  const pattern = deployment ? await findPattern(s, user, deployment.patternId) : undefined;
  return deployment && pattern ? { deployment, pattern } : undefined;
}

/** The user's execution `id` (what was recorded up to now) and its pattern, or undefined. */
export async function findRun(s: Services, user: User, id: string): Promise<{ run: StoredRun; pattern: PatternRecord } | undefined> {
  await s.history.flush();
  const run = await s.store.getRun(id);
  const pattern = run ? await findPattern(s, user, run.patternId) : undefined;
  return run && pattern ? { run, pattern } : undefined;
}

/** A route parameter as the router gave it (before the params schema runs). */
function param(req: FastifyRequest, name: string): string {
  const p: unknown = req.params;
  const v = typeof p === 'object' && p !== null ? Object.getOwnPropertyDescriptor(p, name)?.value : undefined;
  return typeof v === 'string' ? v : '';
}

/** `preValidation` hooks: load the resource named by the route's parameter, or answer 404. */
export function ownerGuard(s: Services) {
  return {
    /** `:id` is a pattern id; 404 "pattern <id> not found". */
    pattern: async (req: FastifyRequest) => {
      const user = requireUser(req);
      const id = param(req, 'id');
      const pattern = await findPattern(s, user, id);
      if (!pattern) throw notFound(`pattern ${id}`);
      req.owned = { kind: 'pattern', user, pattern };
    },
    /** `:id` is a deployment id; 404 "deployment not found". */
    deployment: async (req: FastifyRequest) => {
      const user = requireUser(req);
      const found = await findDeployment(s, user, param(req, 'id'));
      if (!found) throw notFound('deployment');
      req.owned = { kind: 'deployment', user, ...found };
    },
    /** `:runId` is an execution id; 404 "run not found". */
    run: async (req: FastifyRequest) => {
      const user = requireUser(req);
      const found = await findRun(s, user, param(req, 'runId'));
      if (!found) throw notFound('run');
      req.owned = { kind: 'run', user, ...found };
    },
    /** `:id` is a connection id; 404 "connection <id> not found". */
    connection: async (req: FastifyRequest) => {
      const user = requireUser(req);
      const id = param(req, 'id');
      const connection = await s.store.getConnection(id);
      if (!connection || !owns(user, connection.ownerId)) throw notFound(`connection ${id}`);
      req.owned = { kind: 'connection', user, connection };
    },
  };
}

const missing = (kind: string) => new Error(`the route has no owner guard for a ${kind} (preValidation: guard.${kind})`);

/** What `guard.pattern` loaded. */
export function ownedPattern(req: FastifyRequest): { user: User; pattern: PatternRecord } {
  const o = req.owned;
  if (o?.kind !== 'pattern') throw missing('pattern');
  return o;
}
/** What `guard.deployment` loaded. */
export function ownedDeployment(req: FastifyRequest): { user: User; pattern: PatternRecord; deployment: DeploymentRecord } {
  const o = req.owned;
  if (o?.kind !== 'deployment') throw missing('deployment');
  return o;
}
/** What `guard.run` loaded. */
export function ownedRun(req: FastifyRequest): { user: User; pattern: PatternRecord; run: StoredRun } {
  const o = req.owned;
  if (o?.kind !== 'run') throw missing('run');
  return o;
}
/** What `guard.connection` loaded. */
export function ownedConnection(req: FastifyRequest): { user: User; connection: ConnectionRecord } {
  const o = req.owned;
  if (o?.kind !== 'connection') throw missing('connection');
  return o;
}
