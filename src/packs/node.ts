// A pack node as a node definition (src/nodes/define.ts), so the compiler links, type-checks and
// generates code for it like a built-in one: type `<slug>.<nodeId>`, `exec` in, `then` out, the
// declared data pins, an Integer output `status`, and `config.connection` naming a connection. Its
// implementation is data handling over the pack document (call.ts); no pack text becomes code.
import { DragopsError, Type, type ExecutionContext, type NodeDefinition, type PinSpec, type ResolvedConnection } from '../nodes/sdk/index.js';
import { compiledPolicy } from '../nodes/http/policy.js';
import type { PackDocument, PackNodeSpec } from './schema.js';
import { callPackNode } from './call.js';
import { basicAuthorization } from './request.js';

export const packNodeType = (slug: string, nodeId: string): string => `${slug}.${nodeId}`;

// `x-ref: "connection"` and `x-provider`: the editor offers the owner's connections for that provider.
const withConnection = (provider: string) =>
  Type.Object(
    {
      connection: Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The id of a connection (conn_…) for this service',
        'x-ref': 'connection',
        'x-provider': provider,
      }),
    },
    { additionalProperties: false },
  );
const NO_CONNECTION = Type.Object({ connection: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export function packNodeDefinition(pack: PackDocument, spec: PackNodeSpec): NodeDefinition<{ connection?: string }> {
  const needsConnection = pack.connection.authType !== 'none';
  const inputs: PinSpec[] = (spec.inputs ?? []).map((p) => ({
    id: p.pin,
    type: p.type,
    ...(p.label !== undefined ? { label: p.label } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(p.options !== undefined ? { options: p.options } : {}),
  }));
  const outputs: PinSpec[] = [
    ...(spec.outputs ?? []).map((p) => ({
      id: p.pin,
      type: p.type,
      ...(p.label !== undefined ? { label: p.label } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
    })),
    { id: 'status', type: 'Integer', description: 'The HTTP status of the answer' },
  ];
  const type = packNodeType(pack.metadata.slug, spec.id);
  return {
    type,
    version: 1,
    category: pack.metadata.name,
    label: spec.name,
    description: `${spec.description ?? spec.name} (${pack.metadata.name} ${pack.metadata.version}: ${spec.request.method} ${spec.request.path}). A non-2xx answer fails the node with HTTP_REQUEST_FAILED.`,
    inputs,
    outputs,
    execIn: true,
    execOut: ['then'],
    config: needsConnection ? withConnection(pack.connection.provider) : NO_CONNECTION,
    deterministic: false,
    async: true,
    safe: false,
    examples: [],
    make: (config) => {
      const connectionId = config.connection;
      return (ctx: ExecutionContext, ...values: unknown[]): Promise<Record<string, unknown>> => {
        const named: Record<string, unknown> = {};
        inputs.forEach((p, i) => Object.defineProperty(named, p.id, { value: values[i], enumerable: true }));
        let conn: ResolvedConnection | undefined;
        try {
          if (connectionId !== undefined && connectionId !== '') {
            conn = ctx.connection(connectionId);
            if (conn.provider !== pack.connection.provider)
              throw new DragopsError(
                'CONNECTION_ERROR',
                `connection ${JSON.stringify(connectionId)} is for ${JSON.stringify(conn.provider)}, not ${JSON.stringify(pack.connection.provider)} (${type})`,
              );
            const basic = basicAuthorization(pack, conn);
            if (basic !== undefined) ctx.conceal(basic.slice('Basic '.length));
          } else if (needsConnection) throw new DragopsError('CONNECTION_ERROR', `${type} needs a connection (config.connection)`);
          return callPackNode(pack, spec, named, conn, {
            policy: compiledPolicy(ctx.options.http),
            signal: ctx.signal,
            deadline: ctx.deadline,
            sleep: (ms) => ctx.sleep(ms),
          });
        } catch (e) {
          return Promise.reject(e);
        }
      };
    },
  };
}
