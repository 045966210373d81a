import type { NodeDefinition } from './define.js';

/** The node library as a read-only map from type id to definition. Duplicates are a programming error. */
export class NodeRegistry {
  private readonly byType = new Map<string, NodeDefinition>();
  constructor(defs: Iterable<NodeDefinition>) {
    for (const d of defs) {
      if (this.byType.has(d.type)) throw new Error(`node registry: duplicate node type ${d.type}`);
      this.byType.set(d.type, d);
    }
  }
  get(type: string): NodeDefinition | undefined {
    return this.byType.get(type);
  }
  has(type: string): boolean {
    return this.byType.has(type);
  }
  all(): NodeDefinition[] {
    return [...this.byType.values()];
  }
  get size(): number {
    return this.byType.size;
  }
}
