import { _, defineNode, join, type PinSpec } from '../sdk/index.js';
import { Type, type Static } from '@sinclair/typebox';

const Config = Type.Object(
  { count: Type.Integer({ default: 2, minimum: 0, maximum: 100, description: 'Number of item pins' }) },
  { additionalProperties: false },
);
type Config = Static<typeof Config>;

const countOf = (config: Partial<Config> | undefined): number => Math.max(0, Math.min(100, Math.trunc(Number(config?.count ?? 2)) || 0));

export default defineNode<Config>({
  type: 'MakeArray',
  category: 'Literals',
  label: 'Make Array',
  description: 'Builds a new array from its item pins, in order (config count, 0–100); unwired items are null.',
  config: Config,
  inputs: (config) => Array.from({ length: countOf(config) }, (_unused, i): PinSpec => ({ id: `item${i}`, type: 'Any', default: null })),
  outputs: [{ id: 'array', type: 'Array' }],
  safe: true,
  // Inputs arrive in pin order, so the rest parameter is exactly the item list (a fresh array per call).
  eval: (...items: unknown[]) => items.map((v) => (v === undefined ? null : v)),
  inline: ({ args }) => _`[${join(args)}]`,
  examples: [
    { config: { count: 3 }, inputs: { item0: 1, item1: 'two', item2: { three: 3 } }, output: [1, 'two', { three: 3 }] },
    { inputs: { item0: true }, output: [true, null] },
    { config: { count: 0 }, output: [] },
  ],
});
