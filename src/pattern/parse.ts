// Turning untrusted text or JSON into a checked pattern document. Pure: no I/O.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { PatternSchema, FORMAT, type PatternDocument } from './schema.js';
import { migrate } from './migrate.js';
import { typeOfValue, canConnect, convert } from './types.js';
import type { Diagnostic } from '../compiler/diagnostic.js';

const checker = TypeCompiler.Compile(PatternSchema);

export type ParseResult = { ok: true; document: PatternDocument; diagnostics: Diagnostic[] } | { ok: false; document: null; diagnostics: Diagnostic[] };

const invalid = (path: string, message: string): Diagnostic => ({
  code: 'INVALID_DOCUMENT',
  severity: 'error',
  message,
  path,
  nodeId: null,
  pin: null,
});

/** Parses JSON text; a syntax error is an INVALID_DOCUMENT diagnostic at path "". */
export function parsePatternText(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, document: null, diagnostics: [invalid('', `not valid JSON: ${(e as Error).message}`)] };
  }
  return parsePattern(value);
}

/** Checks a JSON value against the schema (after migrating older formats). Reports every problem. */
export function parsePattern(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, document: null, diagnostics: [invalid('', 'a pattern document must be a JSON object')] };
  }
  const migrated = migrate(value as Record<string, unknown>);
  if (!migrated.ok) return { ok: false, document: null, diagnostics: [invalid('/format', migrated.message)] };
  const doc = migrated.value;
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of checker.Errors(doc)) {
    // A union failure reports each branch; one line per path is enough for a person.
    const key = e.path + '|' + e.type;
    if (seen.has(e.path) && e.type !== ValueErrorType.ObjectAdditionalProperties) continue;
    if (seen.has(key)) continue;
    seen.add(e.path);
    seen.add(key);
    diagnostics.push(invalid(e.path, describe(e.type, e.path, e.message)));
    if (diagnostics.length >= 100) break;
  }
  if (diagnostics.length > 0) return { ok: false, document: null, diagnostics };
  const document = doc as unknown as PatternDocument;
  diagnostics.push(...semanticChecks(document));
  if (diagnostics.length > 0) return { ok: false, document: null, diagnostics };
  return { ok: true, document, diagnostics };
}

function describe(type: ValueErrorType, path: string, message: string): string {
  const where = path === '' ? 'the document' : path;
  if (type === ValueErrorType.ObjectAdditionalProperties) return `${where}: unknown key "${path.split('/').pop()}"`;
  if (type === ValueErrorType.ObjectRequiredProperty) return `${where}: required key is missing`;
  if (path === '/format') return `/format: unknown format; expected "${FORMAT}"`;
  return `${where}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}

/** Rules JSON Schema cannot say: unique node ids and variable names, variable defaults that fit. */
function semanticChecks(doc: PatternDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = new Map<string, number>();
  doc.nodes.forEach((n, i) => {
    if (ids.has(n.id)) out.push({ ...invalid(`/nodes/${i}/id`, `duplicate node id ${JSON.stringify(n.id)} (also /nodes/${ids.get(n.id)})`), nodeId: n.id });
    else ids.set(n.id, i);
  });
  const names = new Set<string>();
  (doc.variables ?? []).forEach((v, i) => {
    if (names.has(v.name)) out.push(invalid(`/variables/${i}/name`, `duplicate variable ${JSON.stringify(v.name)}`));
    names.add(v.name);
    if (v.default !== undefined && v.default !== null && !canConnect(typeOfValue(v.default), v.type)) {
      out.push(
        invalid(`/variables/${i}/default`, `default of variable ${JSON.stringify(v.name)} is ${typeOfValue(v.default)}, which does not fit type ${v.type}`),
      );
    } else if (v.default !== undefined && v.default !== null) {
      // A compatible type can still fail to convert ("abc" for an Integer variable).
      try {
        convert(v.default, v.type);
      } catch (e) {
        out.push(invalid(`/variables/${i}/default`, `default of variable ${JSON.stringify(v.name)} does not fit type ${v.type}: ${(e as Error).message}`));
      }
    }
  });
  return out;
}
