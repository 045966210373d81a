// Pattern calls (CallPattern → OnPatternCall … RespondWith) through a source of pattern documents.
// The CLI's source is a folder (`--patterns DIR`); the server's is its store of deployments.
import { compile, interfaceOf, type CompiledPattern, type PackNodes } from '../compiler/index.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { PatternInterface } from '../nodes/define.js';
import type { PatternDocument } from '../pattern/schema.js';
import { DragopsError } from '../errors/error.js';
import { errorSpec, type ErrorCode } from '../errors/catalog.js';
import { execute, type RunOptions, type RunResult } from './execute.js';
import type { PatternCaller } from './context.js';

export interface PatternSource {
  /** The callable document for an id, or undefined when there is none. May throw a DragopsError
   * (PATTERN_PAUSED, PATTERN_NOT_DEPLOYED) that the caller can catch. */
  load(patternId: string): PatternDocument | undefined;
}

export interface Callees {
  /** For the compiler: the declared interface of a pattern, if it can be found. */
  resolveInterface(patternId: string): PatternInterface | undefined;
  /** For the runtime: runs a callee and returns its RespondWith outputs. */
  caller: PatternCaller;
}

/** Runs one execution: in this thread by default; the CLI passes its isolating executor. */
export type Runner = (plan: CompiledPattern, event: Record<string, unknown>, options: RunOptions) => Promise<RunResult>;

export function createCallees(
  source: PatternSource,
  registry: NodeRegistry,
  base: RunOptions = {},
  runner: Runner = execute,
  /** Integration packs' nodes, for callees that use them. */
  packs?: PackNodes,
): Callees {
  const compiled = new Map<string, CompiledPattern>();
  const resolveInterface = (id: string) => {
    try {
      const d = source.load(id);
      return d ? interfaceOf(d) : undefined;
    } catch {
      return undefined;
    }
  };
  const caller: PatternCaller = async (patternId, inputs, parent, nodeId) => {
    let plan = compiled.get(patternId);
    if (!plan) {
      const doc = source.load(patternId);
      if (!doc) throw new DragopsError('PATTERN_NOT_FOUND', `called pattern ${JSON.stringify(patternId)} was not found`, { nodeId });
      const r = compile(doc, { registry, resolveInterface, packs });
      if (!r.ok) {
        throw new DragopsError('PATTERN_NOT_FOUND', `called pattern ${JSON.stringify(patternId)} does not compile: ${r.errors[0]?.message}`, { nodeId });
      }
      plan = r.compiled;
      compiled.set(patternId, plan);
    }
    const result = await runner(
      plan,
      { inputs },
      {
        // The callee inherits the caller's limits (maxCallDepth above all): they bound the whole call tree.
        ...base,
        limits: parent.limits,
        http: parent.http,
        depth: parent.depth + 1,
        deadline: parent.deadline,
        callPattern: caller,
        secret: (n) => parent.secret(n),
        environment: (n) => parent.environment(n),
      },
    );
    if (result.status === 'timeout') parent.check(); // the shared deadline passed: the caller times out too
    if (result.status !== 'completed') {
      const e = result.error;
      // The callee's own code is kept (HTTP_REQUEST_FAILED stays an outside failure for the breaker).
      const code = e && errorSpec(e.code)?.kind === 'runtime' ? (e.code as ErrorCode) : 'USER_ERROR';
      throw new DragopsError(code, `called pattern ${JSON.stringify(patternId)} ${result.status}: ${e?.message ?? 'no error message'}`, {
        nodeId,
        type: e?.type ?? 'PatternCallError',
      });
    }
    return result.outputs;
  };
  return { resolveInterface, caller };
}
