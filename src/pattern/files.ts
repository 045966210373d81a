// Patterns as files (SPEC §15): the ids a document may keep, and the one way a pattern file is
// written (`dragops pull`, export), so that a git diff of a pulled folder shows only what changed.
import type { TSchema } from '@sinclair/typebox';
import { PatternSchema, type PatternDocument } from './schema.js';

/** An id a document may keep on the server: it names a file (`<id>.pattern.json`) and a URL path
 * segment, so letters, digits, `_`, `-` and `.`, starting with a letter or digit, at most 100. */
export const PATTERN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
export const PATTERN_ID_RULE = 'a pattern id is 1 to 100 letters, digits, "_", "-" or ".", starting with a letter or digit';

export const isPatternId = (id: unknown): id is string => typeof id === 'string' && PATTERN_ID.test(id);

/** The id a file stands for: its document's `id`, else its name without `.pattern.json` (as
 * `dragops run --patterns DIR` finds callees), when that is an id; undefined otherwise. */
export function fileId(doc: { id?: unknown }, fileName: string): string | undefined {
  if (doc.id !== undefined) return typeof doc.id === 'string' ? doc.id : undefined;
  const stem = fileStem(fileName);
  return isPatternId(stem) ? stem : undefined;
}

/** A file's name without its folder and `.pattern.json` (or `.json`). */
export const fileStem = (fileName: string): string =>
  fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.pattern\.json$/, '')
    .replace(/\.json$/, '');

/** Said when a file's `id` is not its name: offline (`--patterns DIR`) callers find it by its name,
 * the server by its id, so a call would resolve differently. */
export function idMismatch(id: string, fileName: string): string | undefined {
  const stem = fileStem(fileName);
  return id === stem
    ? undefined
    : `its id ${JSON.stringify(id)} is not its file name (${stem}.pattern.json): dragops run --patterns finds it as ${JSON.stringify(stem)}, the server as ${JSON.stringify(id)}; rename the file to ${id}.pattern.json`;
}

/** Keys in the schema's order (format, id, name, … nodes, wires; a node's id, type, name, …) at every
 * level the schema describes; values it does not (config, defaults, variable defaults) keep theirs. */
function ordered(value: unknown, schema: TSchema): unknown {
  if (Array.isArray(value)) return schema.type === 'array' && schema.items ? value.map((v) => ordered(v, schema.items as TSchema)) : value;
  if (typeof value !== 'object' || value === null || schema.type !== 'object' || !schema.properties) return value;
  const props = schema.properties as Record<string, TSchema>;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(props)) if (src[k] !== undefined) out[k] = ordered(src[k], props[k]!);
  for (const k of Object.keys(src).sort()) if (!Object.hasOwn(props, k) && src[k] !== undefined) out[k] = src[k];
  return out;
}

/** The document with `id`, in the stable key order. */
export const canonicalDocument = (doc: PatternDocument, id: string): PatternDocument => ordered({ ...doc, id }, PatternSchema) as PatternDocument;

/** A pattern file's text: the canonical document, two-space indented, with a final newline. */
export const patternFileText = (doc: PatternDocument, id: string): string => JSON.stringify(canonicalDocument(doc, id), null, 2) + '\n';
