import { defineData, defineNode } from '../sdk/index.js';

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

function merge(a: Record<string, unknown>, b: Record<string, unknown>, deep: boolean, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(a)) defineData(out, k, a[k]);
  for (const k of Object.keys(b)) {
    const mine = Object.hasOwn(out, k) ? out[k] : undefined;
    const theirs = b[k];
    // A depth cap keeps hostile nesting from overflowing the stack; deeper levels are replaced whole.
    defineData(out, k, deep && depth < 1000 && isPlain(mine) && isPlain(theirs) ? merge(mine, theirs, true, depth + 1) : theirs);
  }
  return out;
}

export default defineNode({
  type: 'Merge',
  category: 'Object/Map',
  label: 'Merge',
  description:
    'A new object with the properties of a, then those of b (b wins on the same key); with deep, objects under the same key are merged the same way while arrays and other values are replaced; a null object counts as empty, and keys like __proto__ are plain data.',
  inputs: [
    { id: 'a', type: 'Object' },
    { id: 'b', type: 'Object' },
    { id: 'deep', type: 'Boolean', default: false },
  ],
  outputs: [{ id: 'result', type: 'Object' }],
  eval: (a: Record<string, unknown> | null, b: Record<string, unknown> | null, deep: boolean) => merge(a ?? {}, b ?? {}, deep, 0),
  examples: [
    { inputs: { a: { x: 1, y: { p: 1 } }, b: { y: { q: 2 }, z: 3 } }, output: { x: 1, y: { q: 2 }, z: 3 } },
    { inputs: { a: { x: 1, y: { p: 1 } }, b: { y: { q: 2 }, z: 3 }, deep: true }, output: { x: 1, y: { p: 1, q: 2 }, z: 3 } },
    { inputs: { a: null, b: { k: [1] } }, output: { k: [1] } },
  ],
});
