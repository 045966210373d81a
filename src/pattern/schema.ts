// The `dragops.pattern/1` document schema (SPEC §1). Strict: unknown keys are errors.
import { Type, type Static } from '@sinclair/typebox';
import { PIN_TYPES } from './types.js';

export const FORMAT = 'dragops.pattern/1';

const strict = { additionalProperties: false } as const;
const DataTypeName = Type.Union(PIN_TYPES.filter((t) => t !== 'Exec').map((t) => Type.Literal(t)));

export const PinRef = Type.Object({ node: Type.String({ minLength: 1 }), pin: Type.String({ minLength: 1 }) }, strict);

export const Wire = Type.Object({ from: PinRef, to: PinRef }, strict);

export const NodeSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.String({ minLength: 1, maxLength: 200 }),
    /** The node type's behaviour version this node pins (docs/nodes.md, "Node versions"); left out:
     * the newest when drafted, the one recorded with a deployed version when it is loaded again. */
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    name: Type.Optional(Type.String({ maxLength: 500 })),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() }, strict)),
    config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    defaults: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  strict,
);

export const VariableSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: DataTypeName,
    default: Type.Optional(Type.Unknown()),
    description: Type.Optional(Type.String()),
  },
  strict,
);

export const SettingsSchema = Type.Object(
  {
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400_000 })),
    retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    retentionCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    circuitBreaker: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean()),
          windowSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
          minExecutions: Type.Optional(Type.Integer({ minimum: 1 })),
          errorRatePercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          consecutiveFailures: Type.Optional(Type.Integer({ minimum: 1 })),
          cooldownSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        strict,
      ),
    ),
    rateLimit: Type.Optional(
      Type.Object(
        {
          requests: Type.Integer({ minimum: 1 }),
          perSeconds: Type.Number({ exclusiveMinimum: 0 }),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const PatternSchema = Type.Object(
  {
    format: Type.Literal(FORMAT),
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 500 })),
    description: Type.Optional(Type.String({ maxLength: 100_000 })),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
    variables: Type.Optional(Type.Array(VariableSchema, { maxItems: 10_000 })),
    settings: Type.Optional(SettingsSchema),
    nodes: Type.Array(NodeSchema, { maxItems: 100_000 }),
    wires: Type.Array(Wire, { maxItems: 400_000 }),
  },
  strict,
);

export type PatternDocument = Static<typeof PatternSchema>;
export type PatternNode = Static<typeof NodeSchema>;
export type PatternWire = Static<typeof Wire>;
export type PatternVariable = Static<typeof VariableSchema>;
export type PatternSettings = Static<typeof SettingsSchema>;
