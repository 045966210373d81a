import { defineData, defineNode, objectLiteral, type PinSpec } from '../sdk/index.js';
import { Type, type Static } from '@sinclair/typebox';

const Config = Type.Object(
  { keys: Type.Array(Type.String(), { default: [], description: 'Property names, one input pin each' }) },
  { additionalProperties: false },
);
type Config = Static<typeof Config>;

const keysOf = (config: Partial<Config> | undefined): readonly string[] => (Array.isArray(config?.keys) ? config.keys : []);

export default defineNode<Config>({
  type: 'MakeObject',
  category: 'Literals',
  label: 'Make Object',
  description:
    'Builds a new object with one property per configured key (each key is also its input pin id); unwired values are null, and keys like __proto__ are plain properties.',
  config: Config,
  inputs: (config) => keysOf(config).map((key): PinSpec => ({ id: key, type: 'Any', default: null })),
  outputs: [{ id: 'object', type: 'Object' }],
  safe: true,
  check: (config, _env, report) => {
    const seen = new Set<string>();
    keysOf(config).forEach((key, i) => {
      if (key === '') report('keys must not be empty', `keys/${i}`);
      else if (seen.has(key)) report(`duplicate key ${JSON.stringify(key)}`, `keys/${i}`);
      seen.add(key);
    });
  },
  make: (config) => {
    const keys = [...keysOf(config)];
    return (...values: unknown[]) => {
      const o: Record<string, unknown> = {};
      // defineData: a key "__proto__" must become an own property, not the object's prototype.
      for (let i = 0; i < keys.length; i++) defineData(o, keys[i]!, values[i] === undefined ? null : values[i]);
      return o;
    };
  },
  // Keys reach the code only as quoted literals; objectLiteral writes "__proto__" as a computed key.
  inline: (g) => objectLiteral(keysOf(g.config).map((key, i) => [key, g.args[i]!] as const)),
  examples: [
    { config: { keys: ['name', 'age'] }, inputs: { name: 'Ada', age: 36 }, output: { name: 'Ada', age: 36 } },
    { config: { keys: ['id', 'tags'] }, inputs: { id: 7 }, output: { id: 7, tags: null } },
  ],
});
