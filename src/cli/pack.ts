// `dragops pack install FILE` and `dragops pack list` (over the HTTP API), and what `dragops run
// --packs DIR --connections FILE` reads: packs from a folder, connections from a JSON file.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { call, remoteOf, withServer } from './client.js';
import { parseJson, readText, table, UsageError, writeJsonLine } from './io.js';
import { validatePack, credentialFields, type PackProblem } from '../packs/validate.js';
import type { PackDocument } from '../packs/schema.js';
import type { ConnectionEntry } from '../runtime/context.js';

type Opts = { server?: string; token?: string; json?: boolean };
const PACK_FILE = /\.dragops-pack\.json$/;

const problems = (file: string, errors: PackProblem[]) =>
  `${file}: not a valid pack (INVALID_PACK), ${errors.length} problem${errors.length > 1 ? 's' : ''}:\n${errors.map((e) => `  ${e.path || '/'}: ${e.message}`).join('\n')}`;

/** Reads and validates one pack file. */
export function readPackFile(file: string): PackDocument {
  const r = validatePack(parseJson(readText(file), file));
  if (!r.ok) throw new UsageError(problems(file, r.errors));
  return r.pack;
}

/** Every `*.dragops-pack.json` in a folder, validated (all problems of all files in one message). */
export function readPackDir(dir: string): PackDocument[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => PACK_FILE.test(n));
  } catch (e) {
    throw new UsageError(`--packs ${dir}: cannot read the folder (${(e as Error).message})`);
  }
  const packs: PackDocument[] = [];
  const failures: string[] = [];
  const slugs = new Map<string, string>();
  for (const n of names.sort()) {
    const file = join(dir, n);
    try {
      const p = readPackFile(file);
      const other = slugs.get(p.metadata.slug);
      if (other) failures.push(`${file}: slug ${JSON.stringify(p.metadata.slug)} is also the slug of ${other}`);
      slugs.set(p.metadata.slug, file);
      packs.push(p);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  if (failures.length > 0) throw new UsageError(failures.join('\n'));
  return packs;
}

/** `{"conn_id": {provider, credentials, displayName?}}` as resolved connections for an offline run. */
export function readConnections(file: string, packs: readonly PackDocument[]): Record<string, ConnectionEntry> {
  const v = parseJson(readText(file), file);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`${file}: must be a JSON object {"conn_id": {"provider", "credentials"}}`);
  const out: Record<string, ConnectionEntry> = Object.create(null);
  for (const [id, c] of Object.entries(v as Record<string, unknown>)) {
    Object.defineProperty(out, id, { value: connectionEntry(file, id, c, packs), enumerable: true });
  }
  return out;
}

/** The fields the provider requires, as the server requires them (OAuth ones give their accessToken). */
function requireFields(file: string, id: string, spec: PackDocument['connection'], credentials: Record<string, string>): void {
  if (spec.authType.startsWith('oauth2_')) return;
  for (const f of credentialFields(spec))
    if (f.required !== false && !credentials[f.name])
      throw new UsageError(
        `${file}: connection ${JSON.stringify(id)}: credentials.${f.name} is required by provider ${spec.provider}${f.label ? ` (${f.label})` : ''}`,
      );
}

function connectionEntry(file: string, id: string, c: unknown, packs: readonly PackDocument[]): ConnectionEntry {
  const o = (typeof c === 'object' && c !== null ? c : {}) as { provider?: unknown; credentials?: unknown; displayName?: unknown };
  if (typeof o.provider !== 'string') throw new UsageError(`${file}: connection ${JSON.stringify(id)} needs a "provider" (a string)`);
  const creds = o.credentials ?? {};
  if (typeof creds !== 'object' || creds === null || Array.isArray(creds))
    throw new UsageError(`${file}: connection ${JSON.stringify(id)}: "credentials" must be an object of name → value`);
  const credentials: Record<string, string> = {};
  for (const [k, x] of Object.entries(creds)) credentials[k] = typeof x === 'string' ? x : JSON.stringify(x);
  const spec = packs.find((p) => p.connection.provider === o.provider)?.connection;
  if (spec) requireFields(file, id, spec, credentials);
  const fields: Record<string, string> = { id, displayName: typeof o.displayName === 'string' ? o.displayName : id };
  for (const f of spec ? credentialFields(spec) : []) if (f.secret !== true && Object.hasOwn(credentials, f.name)) fields[f.name] = credentials[f.name]!;
  return { id, provider: o.provider, authType: spec?.authType ?? 'none', credentials, fields };
}

type FromOpenApiOpts = { slug: string; operations?: string; overlay?: string; out?: string; json?: boolean; validate: boolean };
type Warning = { operation: string | null; message: string };

const warningLine = (w: Warning) => `dragops: warning: ${w.operation ? `${w.operation}: ` : ''}${w.message}\n`;

/** `dragops pack from-openapi SPEC --slug S …`: the generator (src/packs/openapi/) is loaded only here. */
async function fromOpenApi(spec: string, o: FromOpenApiOpts, setExit: (c: number) => void): Promise<void> {
  const { packFromOpenApi, OpenApiInputError } = await import('../packs/openapi/load.js');
  const operations = o.operations
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  let r;
  try {
    r = await packFromOpenApi(spec, {
      slug: o.slug,
      ...(operations ? { operations } : {}),
      ...(o.overlay !== undefined ? { overlay: o.overlay } : {}),
      validate: o.validate,
    });
  } catch (e) {
    if (!(e instanceof OpenApiInputError)) throw e;
    if (o.json) {
      writeJsonLine({ ok: false, errors: e.problems, warnings: e.warnings });
      return setExit(2);
    }
    for (const w of e.warnings) process.stderr.write(warningLine(w));
    const n = e.problems.length;
    throw new UsageError(
      `${e.file}: cannot generate a pack, ${n} problem${n > 1 ? 's' : ''}:\n${e.problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`,
    );
  }
  if (o.out !== undefined) {
    try {
      writeFileSync(o.out, r.text);
    } catch (e) {
      throw new UsageError(`--out ${o.out}: cannot write (${(e as Error).message})`);
    }
  }
  const nodes = r.pack.nodes.map((n) => `${r.pack.metadata.slug}.${n.id}`);
  if (o.json) {
    writeJsonLine({
      ok: true,
      slug: r.pack.metadata.slug,
      version: r.pack.metadata.version,
      nodes,
      out: o.out ?? null,
      ...(o.out === undefined ? { pack: r.pack } : {}),
      warnings: r.warnings,
      errors: [],
    });
    return setExit(0);
  }
  for (const w of r.warnings) process.stderr.write(warningLine(w));
  const summary = `${r.pack.metadata.slug} ${r.pack.metadata.version}, ${nodes.length} node${nodes.length === 1 ? '' : 's'}: ${nodes.join(', ')}\n`;
  if (o.out !== undefined) process.stdout.write(`wrote ${o.out}: ${summary}`);
  else {
    process.stdout.write(r.text);
    process.stderr.write(`dragops: generated ${summary}`);
  }
  setExit(0);
}

export function registerPack(program: Command, setExit: (c: number) => void): void {
  const pack = program
    .command('pack')
    .description('Integration packs: install a *.dragops-pack.json file on a server, list the installed ones, generate one from an OpenAPI document.');
  withServer(
    pack.command('install').description('Install (or upgrade) an integration pack on the server (admin).').argument('<file>', 'a .dragops-pack.json file'),
  ).action(async (file: string, o: Opts) => {
    const doc = readPackFile(file); // every problem at once, before the server says the same
    let res;
    try {
      res = await call(remoteOf(o), 'POST', '/api/packs', doc);
    } catch (e) {
      const details = (e as { details?: { errors?: PackProblem[] } }).details;
      if (details?.errors) throw new UsageError(problems(file, details.errors));
      throw e;
    }
    if (o.json) return writeJsonLine(res);
    process.stdout.write(`installed ${res.data.slug} ${res.data.version}: ${res.data.nodes.join(', ')}\n`);
    setExit(0);
  });
  withServer(pack.command('list').description('List the integration packs installed on the server.')).action(async (o: Opts) => {
    const res = await call(remoteOf(o), 'GET', '/api/packs');
    if (o.json) return writeJsonLine(res);
    if (res.data.length === 0) {
      process.stdout.write('no integration packs installed: dragops pack install FILE\n');
      return;
    }
    process.stdout.write(
      table(
        ['SLUG', 'VERSION', 'NAME', 'AUTH', 'NODES'],
        res.data.map((p: { slug: string; version: string; name: string; authType: string; nodes: string[] }) => [
          p.slug,
          p.version,
          p.name,
          p.authType,
          String(p.nodes.length),
        ]),
      ) + '\n',
    );
  });
  pack
    .command('from-openapi')
    .description(
      'Generate a pack from an OpenAPI 3.0/3.1 document (JSON or YAML): operations become nodes, parameters and JSON body properties typed inputs, the 2xx answer outputs, the security scheme the connection (docs/packs.md, "From an OpenAPI document"). Offline.',
    )
    .argument('<spec>', 'an OpenAPI 3 document, .json or .yaml')
    .requiredOption('--slug <slug>', "the pack's slug (node types are <slug>.<nodeId>)")
    .option('--operations <list>', "only these operations: operationIds (or node ids) and tag:NAME, comma-separated (default: the overlay's, else all)")
    .option('--overlay <file>', 'what the document cannot say: metadata, verify, pagination, renamed or dropped pins and operations (JSON or YAML)')
    .option('--out <file>', 'write the pack to this file (default: standard output)')
    .option('--json', 'print one JSON line: {ok, slug, version, nodes, out, pack (without --out), warnings, errors}')
    .option('--no-validate', 'do not check the generated pack with the pack validator')
    .action((spec: string, o: FromOpenApiOpts) => fromOpenApi(spec, o, setExit));
}
