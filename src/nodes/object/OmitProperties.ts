import { defineData, defineNode, toStringValue } from '../sdk/index.js';

export default defineNode({
  type: 'OmitProperties',
  category: 'Object/Map',
  label: 'Omit Properties',
  description: 'A new object with every own property except the named top-level ones; a null object gives {}.',
  inputs: [
    { id: 'object', type: 'Object' },
    { id: 'keys', type: 'Array' },
  ],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (object: Record<string, unknown> | null, keys: unknown[] | null) => {
    const drop = new Set((keys ?? []).map((k) => toStringValue(k)));
    const out: Record<string, unknown> = {};
    if (object == null) return out;
    for (const k of Object.keys(object)) if (!drop.has(k)) defineData(out, k, object[k]);
    return out;
  },
  examples: [{ inputs: { object: { id: 1, name: 'Ada', secret: 'x' }, keys: ['secret'] }, output: { id: 1, name: 'Ada' } }],
});
