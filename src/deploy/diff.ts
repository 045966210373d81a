// A structural diff of two pattern versions: nodes, wires and settings added, removed or changed.
import type { PatternDocument, PatternNode, PatternWire } from '../pattern/schema.js';
import { equal } from '../runtime/values.js';

const wireKey = (w: PatternWire) => JSON.stringify([w.from.node, w.from.pin, w.to.node, w.to.pin]);

export function diffDocuments(a: PatternDocument, b: PatternDocument) {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const changed: { id: string; fields: string[]; before: PatternNode; after: PatternNode }[] = [];
  for (const [id, n] of after) {
    const old = before.get(id);
    if (!old) continue;
    const fields = (['type', 'name', 'description', 'config', 'defaults', 'position'] as const).filter((f) => !equal(old[f] ?? null, n[f] ?? null));
    if (fields.length) changed.push({ id, fields, before: old, after: n });
  }
  const wa = new Map(a.wires.map((w) => [wireKey(w), w]));
  const wb = new Map(b.wires.map((w) => [wireKey(w), w]));
  const top = (['name', 'description', 'tags', 'variables', 'settings'] as const).filter((f) => !equal(a[f] ?? null, b[f] ?? null));
  return {
    nodes: {
      added: [...after.values()].filter((n) => !before.has(n.id)),
      removed: [...before.values()].filter((n) => !after.has(n.id)),
      changed,
    },
    wires: { added: [...wb].filter(([k]) => !wa.has(k)).map(([, w]) => w), removed: [...wa].filter(([k]) => !wb.has(k)).map(([, w]) => w) },
    changedFields: top,
  };
}
