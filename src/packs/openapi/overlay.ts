// The overlay of `dragops pack from-openapi --overlay FILE` (docs/packs.md "From an OpenAPI
// document"): what an OpenAPI document does not say and a pack needs — pack metadata, the
// connection's verify request, pagination, renamed or dropped pins and operations. JSON or YAML;
// every key optional, unknown keys refused (a typo would otherwise be ignored in silence).
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { DATA_TYPES } from '../schema.js';

const closed = { additionalProperties: false } as const;
const Str = (o: { minLength?: number; maxLength?: number } = {}) => Type.String({ maxLength: 2000, ...o });
const StrMap = <T extends Parameters<typeof Type.Record>[1]>(v: T) => Type.Record(Type.String({ maxLength: 200 }), v);

const InputChange = Type.Object(
  {
    pin: Type.Optional(Str({ minLength: 1, maxLength: 64 })),
    label: Type.Optional(Str({ maxLength: 200 })),
    description: Type.Optional(Str()),
    default: Type.Optional(Type.Unknown()),
    /** true: no default, the pin must be wired or given; false: default null when it has none. */
    required: Type.Optional(Type.Boolean()),
    drop: Type.Optional(Type.Boolean()),
  },
  closed,
);

const OutputChange = Type.Object(
  {
    pin: Type.Optional(Str({ minLength: 1, maxLength: 64 })),
    type: Type.Optional(Type.Union(DATA_TYPES.map((t) => Type.Literal(t)))),
    label: Type.Optional(Str({ maxLength: 200 })),
    description: Type.Optional(Str()),
    path: Type.Optional(Str({ maxLength: 500 })),
    drop: Type.Optional(Type.Boolean()),
  },
  closed,
);

const NodeChange = Type.Object(
  {
    id: Type.Optional(Str({ minLength: 1, maxLength: 64 })),
    name: Type.Optional(Str({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Str()),
    /** A pack `paginate` object (SPEC §14); its page, offset, limit and cursor parameters stop being inputs. */
    paginate: Type.Optional(Type.Unknown()),
    /** Fixed query parameters (`per_page: 100`); an input for the same parameter is dropped. */
    query: Type.Optional(StrMap(Type.Union([Str(), Type.Number(), Type.Boolean()]))),
    /** Fixed request headers; an input for the same header is dropped. */
    headers: Type.Optional(StrMap(Str())),
    /** By the generated pin name. */
    inputs: Type.Optional(StrMap(InputChange)),
    /** By the generated pin name. */
    outputs: Type.Optional(StrMap(OutputChange)),
    /** Outputs added after the generated ones (pack output pins: `{pin, type, path}`). */
    addOutputs: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100 })),
  },
  closed,
);

export const OverlaySchema = Type.Object(
  {
    metadata: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Str({ minLength: 1, maxLength: 100 })),
          description: Type.Optional(Str()),
          version: Type.Optional(Str()),
          category: Type.Optional(Str({ maxLength: 100 })),
          tags: Type.Optional(Type.Array(Str({ maxLength: 50 }), { maxItems: 50 })),
          homepage: Type.Optional(Str()),
        },
        closed,
      ),
    ),
    connection: Type.Optional(
      Type.Object(
        {
          provider: Type.Optional(Str()),
          /** The security scheme to use, by its name in components.securitySchemes. */
          scheme: Type.Optional(Str({ minLength: 1 })),
          /** For an oauth2 scheme with both: which flow. */
          flow: Type.Optional(Type.Union([Type.Literal('authorizationCode'), Type.Literal('clientCredentials')])),
          /** Replace the inferred credentials / inject / scopes. */
          credentials: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20 })),
          inject: Type.Optional(Type.Unknown()),
          scopes: Type.Optional(Type.Array(Str({ maxLength: 200 }), { maxItems: 100 })),
          verify: Type.Optional(Type.Unknown()),
        },
        closed,
      ),
    ),
    defaults: Type.Optional(
      Type.Object(
        {
          baseUrl: Type.Optional(Str({ minLength: 1 })),
          headers: Type.Optional(StrMap(Str())),
          timeoutMs: Type.Optional(Type.Integer()),
          retry: Type.Optional(Type.Unknown()),
        },
        closed,
      ),
    ),
    /** The operations to generate (operationIds, node ids or `tag:NAME`) when --operations is not given. */
    operations: Type.Optional(Type.Array(Str({ minLength: 1 }), { maxItems: 500 })),
    /** Operations left out. */
    exclude: Type.Optional(Type.Array(Str({ minLength: 1 }), { maxItems: 500 })),
    /** Changes per node, by operationId (or the generated node id). */
    nodes: Type.Optional(StrMap(NodeChange)),
  },
  closed,
);

export type Overlay = Static<typeof OverlaySchema>;
export type NodeChange = Static<typeof NodeChange>;

const checker = TypeCompiler.Compile(OverlaySchema);

/** Every problem of an overlay, with its JSON pointer (empty: it is a valid overlay). */
export function overlayProblems(value: unknown): { path: string; message: string }[] {
  if (!(typeof value === 'object' && value !== null && !Array.isArray(value))) return [{ path: '', message: 'an overlay is an object' }];
  const out: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const e of checker.Errors(value)) {
    if (seen.has(e.path) && e.type !== ValueErrorType.ObjectAdditionalProperties) continue;
    seen.add(e.path);
    const message = e.type === ValueErrorType.ObjectAdditionalProperties ? `unknown key ${JSON.stringify(e.path.split('/').pop())}` : e.message;
    out.push({ path: e.path, message: message.charAt(0).toLowerCase() + message.slice(1) });
    if (out.length >= 100) break;
  }
  return out;
}
