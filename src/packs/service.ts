// Installing, listing and removing integration packs: the store keeps every version (by digest),
// the library (in memory) what compiles see. Shared by the API (api/packs.ts); the CLI goes through it.
import type { Store } from '../store/types.js';
import type { PackLibrary, InstalledPack } from './library.js';
import { digestOf } from './library.js';
import { credentialFields, validatePack, type PackProblem } from './validate.js';
import { compareVersions } from './semver.js';
import type { PackDocument } from './schema.js';

export type InstallResult =
  | { ok: true; pack: InstalledPack }
  | { ok: false; reason: 'invalid'; errors: PackProblem[] }
  | { ok: false; reason: 'older'; current: string; version: string };

export async function installPack(store: Store, library: PackLibrary, input: unknown, userId: string | null, now: string): Promise<InstallResult> {
  const v = validatePack(input);
  if (!v.ok) return { ok: false, reason: 'invalid', errors: v.errors };
  const doc: PackDocument = v.pack;
  const digest = digestOf(doc);
  const r = await store.installPack({ slug: doc.metadata.slug, version: doc.metadata.version, digest, document: doc, userId, now }, compareVersions);
  if (!r.installed) return { ok: false, reason: 'older', current: r.current, version: doc.metadata.version };
  return { ok: true, pack: library.add(doc, digest, now) };
}

/** What GET /api/packs shows of a pack. */
export function packSummary(p: InstalledPack & { installedAt: string }) {
  const m = p.document.metadata;
  return {
    slug: p.slug,
    name: m.name,
    description: m.description ?? '',
    version: p.version,
    category: m.category ?? null,
    tags: m.tags ?? [],
    provider: p.document.connection.provider,
    authType: p.document.connection.authType,
    // The names and labels of the fields a user fills in for a connection (never a value).
    credentials: credentialFields(p.document.connection).map((f) => ({
      name: f.name,
      label: f.label ?? f.name,
      secret: f.secret === true,
      required: f.required !== false,
    })),
    nodes: [...p.nodes.keys()],
    digest: p.digest,
    installedAt: p.installedAt,
  };
}
