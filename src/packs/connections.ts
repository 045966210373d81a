// The connections a plan's pack nodes name are resolved before its execution starts (as GetSecret's
// values are loaded per owner), through the ConnectionResolver of src/connections: an execution — in
// this process or an execution process — then reads them as plain data, synchronously. A connection
// that cannot be resolved is kept as its error: the node that uses it fails with it (catchable).
import type { CompiledPattern } from '../compiler/index.js';
import type { ConnectionResolver } from '../connections/port.js';
import type { ConnectionEntry } from '../runtime/context.js';
import { DragopsError } from '../errors/error.js';

const ids = new WeakMap<CompiledPattern, string[]>();

/** The connection ids (`config.connection`) of the plan's pack nodes, found once per plan. */
export function connectionIdsOf(plan: CompiledPattern): string[] {
  let list = ids.get(plan);
  if (!list) {
    list = [];
    const packTypes = new Set(plan.nodes.filter((n) => n.type.includes('.')).map((n) => n.type));
    if (packTypes.size > 0) {
      for (const n of plan.document.nodes) {
        const id = (n.config as { connection?: unknown } | undefined)?.connection;
        if (packTypes.has(n.type) && typeof id === 'string' && id !== '' && !list.includes(id)) list.push(id);
      }
    }
    ids.set(plan, list);
  }
  return list;
}

/** Resolves each id for its owner; a failure is kept as `{error}` for the node to raise. */
export async function resolveConnections(
  resolver: ConnectionResolver | undefined,
  owner: string,
  list: readonly string[],
): Promise<Record<string, ConnectionEntry>> {
  const out: Record<string, ConnectionEntry> = Object.create(null);
  await Promise.all(
    list.map(async (id) => {
      let entry: ConnectionEntry;
      if (!resolver) entry = { error: { code: 'CONNECTION_ERROR', message: `connection ${JSON.stringify(id)}: this server has no connections service` } };
      else {
        try {
          entry = await resolver.resolve(owner, id);
        } catch (e) {
          entry =
            e instanceof DragopsError
              ? { error: { code: e.code === 'NOT_FOUND' ? 'CONNECTION_ERROR' : e.code, message: e.message } }
              : { error: { code: 'CONNECTION_ERROR', message: `connection ${JSON.stringify(id)} could not be resolved` } };
        }
      }
      Object.defineProperty(out, id, { value: entry, enumerable: true, writable: true, configurable: true });
    }),
  );
  return out;
}

/** A resolver over a fixed map (the offline `dragops run --connections FILE`, tests): no owners. */
export function staticResolver(connections: Readonly<Record<string, ConnectionEntry>>): ConnectionResolver {
  return {
    resolve: async (_owner, id) => {
      const e = Object.hasOwn(connections, id) ? connections[id] : undefined;
      if (!e) throw new DragopsError('NOT_FOUND', `connection ${JSON.stringify(id)} not found`);
      if ('error' in e) throw new DragopsError('CONNECTION_ERROR', e.error.message);
      return e;
    },
  };
}
