// The installed integration packs, in memory: the current version of each (what new compiles,
// GET /api/nodes and the connection side's ProviderCatalog see) and every version a deployed plan
// may have been compiled with (by digest), so a deployment keeps its pack until it is redeployed.
import { createHash } from 'node:crypto';
import type { NodeDefinition } from '../nodes/define.js';
import type { PackNodes, PackRef } from '../compiler/index.js';
import type { ProviderCatalog, ProviderSpec } from '../connections/port.js';
import type { PackDocument } from './schema.js';
import { packNodeDefinition, packNodeType } from './node.js';
import { credentialFields } from './validate.js';
import { compareVersions } from './semver.js';

export interface InstalledPack {
  readonly slug: string;
  readonly version: string;
  readonly digest: string;
  readonly document: PackDocument;
  /** By node type (`<slug>.<nodeId>`). */
  readonly nodes: ReadonlyMap<string, NodeDefinition>;
}

/** What a version records of the packs it was compiled with, by slug. */
export type PackPins = Record<string, { version: string; digest: string }>;

/** The digest that names one pack document: its JSON text's SHA-256. */
export const digestOf = (doc: PackDocument): string => createHash('sha256').update(JSON.stringify(doc)).digest('hex');

/** A pack document's node definitions (validated documents only). */
export function installed(document: PackDocument, digest = digestOf(document)): InstalledPack {
  const nodes = new Map<string, NodeDefinition>();
  for (const n of document.nodes) nodes.set(packNodeType(document.metadata.slug, n.id), packNodeDefinition(document, n));
  return { slug: document.metadata.slug, version: document.metadata.version, digest, document, nodes };
}

const refOf = (p: InstalledPack): PackRef => ({ slug: p.slug, version: p.version, digest: p.digest, document: p.document });

/** `acme.getTicket` → `acme`; undefined when the type names no pack. */
export const slugOfType = (type: string): string | undefined => {
  const i = type.indexOf('.');
  return i > 0 ? type.slice(0, i) : undefined;
};

/** Pack nodes for the compiler from a fixed set of packs (an execution process, a pinned version). */
export function packNodesOf(packs: Iterable<InstalledPack>): PackNodes {
  const bySlug = new Map<string, InstalledPack>();
  for (const p of packs) bySlug.set(p.slug, p);
  return {
    node(type) {
      const slug = slugOfType(type);
      const p = slug === undefined ? undefined : bySlug.get(slug);
      const def = p?.nodes.get(type);
      return p && def ? { def, pack: refOf(p) } : undefined;
    },
  };
}

export class PackLibrary implements ProviderCatalog {
  private readonly current = new Map<string, InstalledPack & { installedAt: string }>();
  /** Every version known, by `slug@digest`. */
  private readonly versions = new Map<string, InstalledPack>();

  /** Makes a document known (and, with `installedAt`, the current version of its slug). */
  add(document: PackDocument, digest: string, installedAt?: string): InstalledPack {
    const key = `${document.metadata.slug}@${digest}`;
    let p = this.versions.get(key);
    if (!p) this.versions.set(key, (p = installed(document, digest)));
    if (installedAt !== undefined) this.current.set(p.slug, { ...p, installedAt });
    return p;
  }
  remove(slug: string): boolean {
    return this.current.delete(slug);
  }
  get(slug: string): (InstalledPack & { installedAt: string }) | undefined {
    return this.current.get(slug);
  }
  has(slug: string, digest: string): boolean {
    return this.versions.has(`${slug}@${digest}`);
  }
  list(): (InstalledPack & { installedAt: string })[] {
    return [...this.current.values()].sort((a, b) => a.slug.localeCompare(b.slug));
  }
  /** The current packs' node definitions (GET /api/nodes). */
  nodes(): NodeDefinition[] {
    return this.list().flatMap((p) => [...p.nodes.values()]);
  }

  /** For the compiler: the current packs, or (`pins`) exactly the versions a deployed version was
   * compiled with — a pack it pinned and no longer known, or one it did not use, is unknown. */
  resolver(pins?: PackPins | null): PackNodes {
    if (!pins) return packNodesOf(this.current.values());
    const list: InstalledPack[] = [];
    for (const [slug, pin] of Object.entries(pins)) {
      const p = this.versions.get(`${slug}@${pin.digest}`);
      if (p) list.push(p);
    }
    return packNodesOf(list);
  }

  /** ProviderCatalog (src/connections/port.ts): the current pack that declares a provider. */
  provider(name: string): ProviderSpec | undefined {
    const p = this.list().find((x) => x.document.connection.provider === name);
    return p ? specOf(p) : undefined;
  }

  /** ProviderCatalog: a provider no current pack declares any more, as the newest known version of a
   * removed pack declared it — the deployments compiled with that pack keep running until they are
   * redeployed (docs/packs.md, "Versions"). */
  retired(name: string): ProviderSpec | undefined {
    let best: InstalledPack | undefined;
    for (const p of this.versions.values()) if (p.document.connection.provider === name && (!best || compareVersions(p.version, best.version) > 0)) best = p;
    return best ? specOf(best) : undefined;
  }
}

function specOf(p: InstalledPack): ProviderSpec {
  const c = p.document.connection;
  const d = p.document.defaults;
  return {
    provider: c.provider,
    authType: c.authType,
    credentials: credentialFields(c),
    ...(c.inject ? { inject: c.inject } : {}),
    ...(c.verify ? { verify: c.verify } : {}),
    ...(c.oauth2 ? { oauth2: c.oauth2 } : {}),
    baseUrl: d.baseUrl,
    ...(d.headers ? { headers: d.headers } : {}),
    ...(d.timeoutMs !== undefined ? { timeoutMs: d.timeoutMs } : {}),
    pack: { slug: p.slug, version: p.version },
  };
}

/** The pins a compiled plan's packs make for its version record. */
export function pinsOf(packs: Readonly<Record<string, PackRef>>): PackPins | null {
  const out: PackPins = {};
  for (const [slug, p] of Object.entries(packs)) out[slug] = { version: p.version, digest: p.digest };
  return Object.keys(out).length > 0 ? out : null;
}
