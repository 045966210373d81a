// Pattern files in and out of the Patterns page, the pure parts: reading a chosen file into a
// document for POST /api/patterns/import (the server checks it fully; this only refuses what is
// plainly not a pattern file, with a message that says why), and the name an export is saved under.

export type ReadFile = { ok: true; doc: Record<string, unknown> } | { ok: false; error: string };

export function readPatternFile(text: string, fileName = 'the file'): ReadFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName} is not JSON: ${(e as Error).message}` };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: `${fileName} is not a pattern: a pattern file holds one JSON object` };
  const doc = v as Record<string, unknown>;
  if (!Array.isArray(doc.nodes) || !Array.isArray(doc.wires)) return { ok: false, error: `${fileName} is not a pattern: it has no "nodes" and "wires" lists` };
  return { ok: true, doc };
}

/** `<id>.pattern.json`, as `dragops pull` names files; the server's name when it gave one. */
export function exportFileName(id: string, given?: string | null): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return given ? safe(given) : `${safe(id)}.pattern.json`;
}

/** A document whose CallPattern nodes call `map`'s new ids instead of the old ones (an example's
 * callee imported under another id); other nodes and unmapped calls are left as they are. */
export function rewriteCalls(doc: Record<string, unknown>, map: ReadonlyMap<string, string>): Record<string, unknown> {
  if (!Array.isArray(doc.nodes) || map.size === 0) return doc;
  const nodes = (doc.nodes as { type?: unknown; config?: Record<string, unknown> }[]).map((n) => {
    const to = n.type === 'CallPattern' && typeof n.config?.pattern === 'string' ? map.get(n.config.pattern) : undefined;
    return to === undefined ? n : { ...n, config: { ...n.config, pattern: to } };
  });
  return { ...doc, nodes };
}
