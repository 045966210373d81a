// `dragops pack install FILE` and `dragops pack list` (over the HTTP API), and what `dragops run
// --packs DIR --connections FILE` reads: packs from a folder, connections from a JSON file.
import { readdirSync } from 'node:fs';
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

function connectionEntry(file: string, id: string, c: unknown, packs: readonly PackDocument[]): ConnectionEntry {
  const o = (typeof c === 'object' && c !== null ? c : {}) as { provider?: unknown; credentials?: unknown; displayName?: unknown };
  if (typeof o.provider !== 'string') throw new UsageError(`${file}: connection ${JSON.stringify(id)} needs a "provider" (a string)`);
  const creds = o.credentials ?? {};
  if (typeof creds !== 'object' || creds === null || Array.isArray(creds))
    throw new UsageError(`${file}: connection ${JSON.stringify(id)}: "credentials" must be an object of name → value`);
  const credentials: Record<string, string> = {};
  for (const [k, x] of Object.entries(creds)) credentials[k] = typeof x === 'string' ? x : JSON.stringify(x);
  const spec = packs.find((p) => p.connection.provider === o.provider)?.connection;
  const fields: Record<string, string> = { id, displayName: typeof o.displayName === 'string' ? o.displayName : id };
  for (const f of spec ? credentialFields(spec) : []) if (f.secret !== true && Object.hasOwn(credentials, f.name)) fields[f.name] = credentials[f.name]!;
  return { id, provider: o.provider, authType: spec?.authType ?? 'none', credentials, fields };
}

export function registerPack(program: Command, setExit: (c: number) => void): void {
  const pack = program.command('pack').description('Integration packs: install a *.dragops-pack.json file on a server, list the installed ones.');
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
}
