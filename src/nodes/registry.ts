import type { NodeDefinition } from './define.js';

/** The node library as a read-only map from type id to definition, with every behaviour version a
 * type has (ARCHITECTURE habit 10: a change in semantics adds a version, old plans keep theirs).
 * A duplicate (type, version) is a programming error. */
export class NodeRegistry {
  /** Each type's definitions, by version; the last is the newest. */
  private readonly byType = new Map<string, NodeDefinition[]>();
  constructor(defs: Iterable<NodeDefinition>) {
    for (const d of defs) {
      const versions = this.byType.get(d.type) ?? [];
      if (versions.some((v) => v.version === d.version)) throw new Error(`node registry: duplicate node type ${d.type} version ${d.version}`);
      versions.push(d);
      versions.sort((a, b) => a.version - b.version);
      this.byType.set(d.type, versions);
    }
  }
  /** A type's definition: of `version` when given (undefined when the type has no such version),
   * else its newest. */
  get(type: string, version?: number): NodeDefinition | undefined {
    const versions = this.byType.get(type);
    if (!versions) return undefined;
    return version === undefined ? versions.at(-1) : versions.find((d) => d.version === version);
  }
  has(type: string): boolean {
    return this.byType.has(type);
  }
  /** The versions a type has, oldest first ([] for an unknown type). */
  versions(type: string): number[] {
    return (this.byType.get(type) ?? []).map((d) => d.version);
  }
  /** The newest definition of every type. */
  all(): NodeDefinition[] {
    return [...this.byType.values()].map((v) => v.at(-1)!);
  }
  get size(): number {
    return this.byType.size;
  }
}
