// The integration pack file format (`*.dragops-pack.json`, SPEC §14): pure data, no code. Every
// object is closed (unknown keys are refused, as in pattern documents); the rules a schema cannot
// say (templates, unique ids, paths) are checked by validate.ts.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PIN_TYPES } from '../pattern/pin-types.js';

const closed = { additionalProperties: false } as const;
const Str = (o: { minLength?: number; maxLength?: number; pattern?: string } = {}) => Type.String({ maxLength: 2000, ...o });
const StrMap = <T extends TSchema>(value: T) => Type.Record(Type.String({ maxLength: 200 }), value);

export const PACK_VERSION = '1.0';
export const AUTH_TYPES = ['none', 'api_key', 'bearer', 'basic', 'oauth2_client_credentials', 'oauth2_authorization_code'] as const;
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
/** Data pin types (every pin type but Exec). */
export const DATA_TYPES = PIN_TYPES.filter((t) => t !== 'Exec');

/** `metadata.slug` and `metadata.version`: a node type is `<slug>.<nodeId>`. */
export const SLUG = '^[a-z][a-z0-9-]{0,39}$';
export const NODE_ID = '^[A-Za-z][A-Za-z0-9]{0,63}$';
export const PIN_ID = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
export const SEMVER = '^(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(-[0-9A-Za-z.-]{1,40})?$';

const Metadata = Type.Object(
  {
    slug: Str({ pattern: SLUG }),
    name: Str({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Str()),
    version: Str({ pattern: SEMVER }),
    category: Type.Optional(Str({ maxLength: 100 })),
    tags: Type.Optional(Type.Array(Str({ maxLength: 50 }), { maxItems: 50 })),
    homepage: Type.Optional(Str()),
  },
  closed,
);

const Credential = Type.Object(
  {
    name: Str({ pattern: PIN_ID }),
    label: Type.Optional(Str({ maxLength: 200 })),
    secret: Type.Optional(Type.Boolean()),
    required: Type.Optional(Type.Boolean()),
    description: Type.Optional(Str()),
  },
  closed,
);

const Verify = Type.Object(
  {
    method: Type.Union(METHODS.map((m) => Type.Literal(m))),
    path: Str({ minLength: 1 }),
    expectStatus: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { minItems: 1, maxItems: 20 })),
  },
  closed,
);

const Connection = Type.Object(
  {
    provider: Str({ pattern: SLUG }),
    authType: Type.Union(AUTH_TYPES.map((a) => Type.Literal(a))),
    credentials: Type.Optional(Type.Array(Credential, { maxItems: 20 })),
    inject: Type.Optional(Type.Object({ headers: Type.Optional(StrMap(Str())), query: Type.Optional(StrMap(Str())) }, closed)),
    verify: Type.Optional(Verify),
    oauth2: Type.Optional(
      Type.Object(
        {
          authorizationUrl: Type.Optional(Str()),
          tokenUrl: Str({ minLength: 1 }),
          scopes: Type.Optional(Type.Array(Str({ maxLength: 200 }), { maxItems: 100 })),
          pkce: Type.Optional(Type.Boolean()),
        },
        closed,
      ),
    ),
  },
  closed,
);

const Retry = Type.Object(
  {
    on: Type.Array(Type.Integer({ minimum: 400, maximum: 599 }), { minItems: 1, maxItems: 20 }),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  },
  closed,
);

const Defaults = Type.Object(
  {
    baseUrl: Str({ minLength: 1 }),
    headers: Type.Optional(StrMap(Str())),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
    retry: Type.Optional(Retry),
  },
  closed,
);

const InputPin = Type.Object(
  {
    pin: Str({ pattern: PIN_ID }),
    type: Type.Union(DATA_TYPES.map((t) => Type.Literal(t))),
    label: Type.Optional(Str({ maxLength: 200 })),
    description: Type.Optional(Str()),
    default: Type.Optional(Type.Unknown()),
    options: Type.Optional(Type.Array(Str({ maxLength: 200 }), { minItems: 1, maxItems: 200 })),
  },
  closed,
);

const OutputPin = Type.Object(
  {
    pin: Str({ pattern: PIN_ID }),
    type: Type.Union(DATA_TYPES.map((t) => Type.Literal(t))),
    label: Type.Optional(Str({ maxLength: 200 })),
    description: Type.Optional(Str()),
    path: Type.Optional(Str({ maxLength: 500 })),
  },
  closed,
);

/** A query or header value in a request: a template string or a literal scalar. */
const Scalar = Type.Union([Str(), Type.Number(), Type.Boolean(), Type.Null()]);

const Request = Type.Object(
  {
    method: Type.Union(METHODS.map((m) => Type.Literal(m))),
    path: Str({ minLength: 1 }),
    query: Type.Optional(StrMap(Scalar)),
    headers: Type.Optional(StrMap(Str())),
    body: Type.Optional(Type.Unknown()),
  },
  closed,
);

const Stop = {
  itemsPath: Str({ maxLength: 500 }),
  maxItems: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  maxPages: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
};

const Paginate = Type.Union([
  Type.Object(
    {
      type: Type.Literal('offset'),
      offsetParam: Str({ pattern: '^.{1,100}$' }),
      limitParam: Str({ pattern: '^.{1,100}$' }),
      pageSize: Type.Integer({ minimum: 1, maximum: 10_000 }),
      ...Stop,
    },
    closed,
  ),
  Type.Object(
    {
      type: Type.Literal('page'),
      pageParam: Str({ pattern: '^.{1,100}$' }),
      startPage: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
      ...Stop,
    },
    closed,
  ),
  Type.Object(
    {
      type: Type.Literal('cursor'),
      cursorPath: Str({ minLength: 1, maxLength: 500 }),
      cursorParam: Str({ pattern: '^.{1,100}$' }),
      ...Stop,
    },
    closed,
  ),
  Type.Object({ type: Type.Literal('link'), nextUrlPath: Type.Optional(Str({ minLength: 1, maxLength: 500 })), ...Stop }, closed),
]);

const PackNode = Type.Object(
  {
    id: Str({ pattern: NODE_ID }),
    name: Str({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Str()),
    inputs: Type.Optional(Type.Array(InputPin, { maxItems: 100 })),
    request: Request,
    paginate: Type.Optional(Paginate),
    outputs: Type.Optional(Type.Array(OutputPin, { maxItems: 100 })),
  },
  closed,
);

export const PackSchema = Type.Object(
  {
    packVersion: Type.Literal(PACK_VERSION),
    metadata: Metadata,
    connection: Connection,
    defaults: Defaults,
    nodes: Type.Array(PackNode, { minItems: 1, maxItems: 500 }),
  },
  closed,
);

export type PackDocument = Static<typeof PackSchema>;
export type PackNodeSpec = Static<typeof PackNode>;
export type PackRequest = Static<typeof Request>;
export type PackPaginate = Static<typeof Paginate>;
export type PackConnection = Static<typeof Connection>;
export type AuthType = (typeof AUTH_TYPES)[number];
