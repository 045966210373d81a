// `dragops pack from-openapi`'s files: the OpenAPI document (JSON or YAML) checked and dereferenced
// by @readme/openapi-parser, the overlay (JSON or YAML), then the generator (generate.ts) and the
// pack validator. The parser and the YAML reader are loaded here, on first use, so that no other
// command pays for them (the CLI bundle leaves @readme/openapi-parser out: scripts/bundle.mjs).
import { readFileSync } from 'node:fs';
import { validatePack } from '../validate.js';
import type { PackDocument } from '../schema.js';
import { packText } from '../json-text.js';
import { generatePack, GenerateError, type Problem, type Warning } from './generate.js';
import { overlayProblems, type Overlay } from './overlay.js';

export interface FromOpenApiOptions {
  slug: string;
  operations?: readonly string[];
  /** An overlay file (JSON or YAML). */
  overlay?: string;
  /** Check the generated pack with the pack validator (default true). */
  validate?: boolean;
}
export interface FromOpenApiResult {
  pack: PackDocument;
  /** The `.dragops-pack.json` text: the same bytes for the same inputs. */
  text: string;
  warnings: Warning[];
}

/** A problem with the user's files: every one, with where it is. */
export class OpenApiInputError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
    readonly warnings: Warning[] = [],
  ) {
    super(`${file}: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`);
  }
}

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OpenApiInputError(file, [{ path: '', message: code === 'ENOENT' ? 'no such file' : `cannot read (${(e as Error).message})` }]);
  }
}

/** JSON (a .json file, or text that starts with `{`) or YAML. */
async function parseData(file: string, text: string): Promise<unknown> {
  if (/\.json$/i.test(file) || text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new OpenApiInputError(file, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  const { parse } = await import('yaml');
  try {
    return parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new OpenApiInputError(file, [{ path: '', message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` }]);
  }
}

/** The OpenAPI 3 document in `file` with every `$ref` resolved (references to other files or URLs
 * are refused: bundle a multi-file document first), and what the OpenAPI schema check found wrong
 * with it: warnings, since vendors' documents often break a rule that does not matter here (the
 * generator reads the document defensively, and the pack it makes is validated). */
export async function readOpenApi(file: string): Promise<{ doc: Record<string, unknown>; warnings: Warning[] }> {
  return prepareOpenApi(await parseData(file, readFile(file)), file);
}

/** A parsed OpenAPI document as readOpenApi makes it: checked, dereferenced (`label` names it in errors). */
export async function prepareOpenApi(doc: unknown, label: string): Promise<{ doc: Record<string, unknown>; warnings: Warning[] }> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new OpenApiInputError(label, [{ path: '', message: 'an OpenAPI document is an object' }]);
  const d = doc as Record<string, unknown>;
  if (d.swagger !== undefined)
    throw new OpenApiInputError(label, [{ path: '/swagger', message: 'Swagger 2.0 is not supported: convert the document to OpenAPI 3 first' }]);
  if (typeof d.openapi !== 'string' || !/^3\.[01]\./.test(d.openapi))
    throw new OpenApiInputError(label, [{ path: '/openapi', message: `only OpenAPI 3.0 and 3.1 documents (openapi: ${JSON.stringify(d.openapi ?? null)})` }]);
  const parser = await import('@readme/openapi-parser');
  const resolve = { external: false };
  const warnings: Warning[] = [];
  const checked = await parser.validate(structuredClone(d) as never, { resolve, validate: { errors: { colorize: false } } });
  if (!checked.valid) {
    for (const e of checked.errors.slice(0, 10)) warnings.push({ operation: null, message: `the document breaks an OpenAPI rule: ${e.message.trim()}` });
    if (checked.additionalErrors > 0) warnings.push({ operation: null, message: `the document breaks ${checked.additionalErrors} more OpenAPI rules` });
  }
  try {
    // Circular references become cycles in the result: the generator reads it only as deep as it
    // needs (the top-level properties, allOf and oneOf to a bounded depth).
    const deref = (await parser.dereference(structuredClone(d) as never, { resolve, dereference: { circular: true } })) as unknown as Record<string, unknown>;
    const left = unresolved(deref);
    if (left.length > 0)
      throw new Error(`${left.slice(0, 5).join(', ')} ${left.length === 1 ? 'is' : 'are'} not in this document (bundle a multi-file document into one first)`);
    return { doc: deref, warnings };
  } catch (e) {
    throw new OpenApiInputError(label, [{ path: '', message: `cannot resolve its references: ${(e as Error).message}` }], warnings);
  }
}

/** The `$ref`s dereferencing left (to other files or URLs, which it does not read). */
function unresolved(root: unknown): string[] {
  const out = new Set<string>();
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (!Array.isArray(v) && typeof (v as Record<string, unknown>).$ref === 'string') out.add((v as Record<string, string>).$ref);
    for (const x of Object.values(v)) stack.push(x);
  }
  return [...out].sort();
}

export async function readOverlay(file: string): Promise<Overlay> {
  const v = await parseData(file, readFile(file));
  const problems = overlayProblems(v);
  if (problems.length > 0) throw new OpenApiInputError(file, problems);
  return v as Overlay;
}

/** The pack for an OpenAPI document file (and an overlay file). */
export async function packFromOpenApi(specFile: string, o: FromOpenApiOptions): Promise<FromOpenApiResult> {
  const overlay = o.overlay === undefined ? undefined : await readOverlay(o.overlay);
  const { doc, warnings } = await readOpenApi(specFile);
  let generated;
  try {
    generated = generatePack(doc, { slug: o.slug, ...(o.operations ? { operations: o.operations } : {}), ...(overlay ? { overlay } : {}) });
  } catch (e) {
    if (e instanceof GenerateError)
      throw new OpenApiInputError(o.overlay ? `${specFile} with ${o.overlay}` : specFile, e.problems, [...warnings, ...e.warnings]);
    throw e;
  }
  if (o.validate !== false) {
    const r = validatePack(generated.pack);
    if (!r.ok)
      throw new OpenApiInputError(
        'the generated pack',
        r.errors.map((p) => ({ path: p.path, message: `${p.message} (INVALID_PACK; fix it in the overlay, or see it with --no-validate)` })),
        [...warnings, ...generated.warnings],
      );
  }
  return { pack: generated.pack, text: packText(generated.pack), warnings: [...warnings, ...generated.warnings] };
}
