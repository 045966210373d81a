// `dragops push DIR` / `dragops pull DIR` (SPEC §15): a folder of `*.pattern.json` files kept in step
// with the server, so patterns can live in git. Both match by id (a file's `id`, else its name
// without `.pattern.json`), create or update, never delete, and with --dry-run change nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { call, remoteOf, withServer, type Remote } from './client.js';
import { parseJson, readText, UsageError, writeJsonLine } from './io.js';
import { fileId, idMismatch, isPatternId, PATTERN_ID_RULE, patternFileText } from '../pattern/files.js';
import type { PatternDocument } from '../pattern/schema.js';

type Opts = { server?: string; token?: string; json?: boolean; dryRun?: boolean };
type Action = 'created' | 'updated' | 'unchanged' | 'failed';
interface Outcome {
  file: string;
  id: string | null;
  action: Action;
  error?: string;
}
const out = (s: string): void => {
  process.stdout.write(s + '\n');
};

function folder(dir: string, create: boolean): void {
  if (!existsSync(dir)) {
    if (!create) throw new UsageError(`${dir}: no such folder`);
    return;
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a folder`);
}

/** Prints the outcomes (one line each, then a count) or the JSON summary; exit 1 when one failed. */
function report(outcomes: Outcome[], o: Opts, setExit: (c: number) => void): void {
  if (outcomes.some((x) => x.action === 'failed')) setExit(1);
  if (o.json) return writeJsonLine({ dryRun: !!o.dryRun, patterns: outcomes });
  const verb = (a: Action) => (o.dryRun && a !== 'unchanged' && a !== 'failed' ? `would be ${a}` : a);
  for (const x of outcomes) out(`${verb(x.action).padEnd(16)} ${x.id ?? '-'}  ${x.file}${x.error ? `: ${x.error}` : ''}`);
  const count = (a: Action) => outcomes.filter((x) => x.action === a).length;
  out(
    `${outcomes.length} pattern${outcomes.length === 1 ? '' : 's'}: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('failed')} failed${o.dryRun ? ' (dry run: nothing changed)' : ''}`,
  );
}

/** Every pattern of the signed-in user, as `{id, document}` in the export's form. */
async function serverPatterns(r: Remote): Promise<Map<string, PatternDocument>> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call(r, 'GET', `/api/patterns?limit=500&offset=${offset}`);
    ids.push(...page.data.map((p: { id: string }) => p.id));
    if (page.data.length < 500) break;
  }
  const docs = new Map<string, PatternDocument>();
  for (const id of ids) docs.set(id, await call(r, 'GET', `/api/patterns/${encodeURIComponent(id)}/export`));
  return docs;
}

async function push(dir: string, o: Opts): Promise<Outcome[]> {
  folder(dir, false);
  const r = remoteOf(o);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pattern.json'))
    .sort();
  // Every file read and given its id before anything is sent: two files with one id change nothing.
  const local: { file: string; id: string | undefined; doc: Record<string, unknown> | undefined; error?: string }[] = files.map((name) => {
    const file = join(dir, name);
    try {
      const doc = parseJson(readText(file), file);
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        return { file, id: undefined, doc: undefined, error: 'not a pattern document (a JSON object)' };
      const id = fileId(doc as { id?: unknown }, name);
      if (id === undefined || !isPatternId(id))
        return {
          file,
          id: undefined,
          doc: undefined,
          error: `no id to keep: give the document an "id" (${PATTERN_ID_RULE}) or name the file <id>.pattern.json`,
        };
      const mismatch = idMismatch(id, name);
      if (mismatch) process.stderr.write(`warning: ${file}: ${mismatch}\n`);
      return { file, id, doc: { ...(doc as Record<string, unknown>), id } };
    } catch (e) {
      return { file, id: undefined, doc: undefined, error: (e as Error).message.replace(`${file}: `, '') };
    }
  });
  const seen = new Map<string, string>();
  for (const l of local) {
    if (l.id === undefined) continue;
    const first = seen.get(l.id);
    if (first) throw new UsageError(`${first} and ${l.file} are both pattern ${JSON.stringify(l.id)}; nothing was pushed`);
    seen.set(l.id, l.file);
  }
  const outcomes: Outcome[] = [];
  for (const l of local) {
    if (!l.doc || l.id === undefined) {
      outcomes.push({ file: l.file, id: l.id ?? null, action: 'failed', error: l.error! });
      continue;
    }
    const id = l.id;
    try {
      const current = await call(r, 'GET', `/api/patterns/${encodeURIComponent(id)}/export`).catch((e: { code?: string }) => {
        if (e.code === 'NOT_FOUND') return undefined;
        throw e;
      });
      if (current === undefined) {
        if (!o.dryRun) await call(r, 'POST', '/api/patterns', l.doc);
        outcomes.push({ file: l.file, id, action: 'created' });
      } else if (patternFileText(current, id) === patternFileText(l.doc as PatternDocument, id)) {
        outcomes.push({ file: l.file, id, action: 'unchanged' });
      } else {
        if (!o.dryRun) await call(r, 'PUT', `/api/patterns/${encodeURIComponent(id)}`, l.doc);
        outcomes.push({ file: l.file, id, action: 'updated' });
      }
    } catch (e) {
      const details = (e as { details?: { errors?: { message: string }[] } }).details;
      outcomes.push({
        file: l.file,
        id,
        action: 'failed',
        error: details?.errors?.length ? details.errors.map((d) => d.message).join('; ') : (e as Error).message,
      });
    }
  }
  return outcomes;
}

async function pull(dir: string, o: Opts): Promise<Outcome[]> {
  folder(dir, true);
  const docs = await serverPatterns(remoteOf(o));
  if (!o.dryRun) mkdirSync(dir, { recursive: true });
  const outcomes: Outcome[] = [];
  for (const [id, doc] of docs) {
    const file = join(dir, `${id}.pattern.json`);
    const text = patternFileText(doc, id);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const action: Action = before === undefined ? 'created' : before === text ? 'unchanged' : 'updated';
    if (action !== 'unchanged' && !o.dryRun) writeFileSync(file, text);
    outcomes.push({ file, id, action });
  }
  return outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export function registerSync(program: Command, setExit: (c: number) => void): void {
  withServer(
    program
      .command('push')
      .description(
        'Send a folder of .pattern.json files to the server: each file\'s pattern (its "id", else its name without .pattern.json) is created or its draft updated; nothing is deleted or deployed (dragops deploy FILE deploys).',
      )
      .argument('<dir>', 'the folder of .pattern.json files')
      .option('--dry-run', 'say what would change, change nothing'),
  ).action(async (dir: string, o: Opts) => report(await push(dir, o), o, setExit));

  withServer(
    program
      .command('pull')
      .description(
        'Write each of your patterns on the server to DIR/<id>.pattern.json (keys in a stable order, so git diffs show only changes; dragops run --patterns DIR finds callees there); nothing is deleted.',
      )
      .argument('<dir>', 'the folder to write (created if missing)')
      .option('--dry-run', 'say what would change, write nothing'),
  ).action(async (dir: string, o: Opts) => report(await pull(dir, o), o, setExit));
}
