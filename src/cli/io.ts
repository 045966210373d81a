// Reading the user's files and flags. Every failure is one clear line and a non-zero exit.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parsePattern } from '../pattern/parse.js';
import type { PatternDocument } from '../pattern/schema.js';
import type { PatternSource } from '../runtime/calls.js';

/** A problem with what the user gave us: printed as `dragops: <message>`, exit code 2. */
export class UsageError extends Error {}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${file}: no such file`
        : code === 'EISDIR'
          ? `${file}: is a directory, not a pattern file`
          : `${file}: cannot read (${(e as Error).message})`,
    );
  }
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** `--event '{"body":1}'` or `--event @file.json`. */
export function readEvent(arg: string | undefined): Record<string, unknown> {
  if (arg === undefined) return {};
  const text = arg.startsWith('@') ? readText(arg.slice(1)) : arg;
  const v = parseJson(text, arg.startsWith('@') ? arg.slice(1) : '--event');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError('--event must be a JSON object, e.g. {"body": {...}} or {"inputs": {...}}');
  return v as Record<string, unknown>;
}

/** Checks the event against the trigger it will start (SPEC §10 event shapes). */
export function checkEvent(event: Record<string, unknown>, triggerType: string): void {
  const objectField = (k: string) => {
    const v = event[k];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v)))
      throw new UsageError(`--event: "${k}" must be an object for ${triggerType}`);
  };
  if (triggerType === 'OnPatternCall') objectField('inputs');
  if (triggerType === 'OnWebhook') {
    objectField('headers');
    objectField('query');
    for (const k of ['method', 'url']) if (event[k] !== undefined && typeof event[k] !== 'string') throw new UsageError(`--event: "${k}" must be a string`);
  }
  if (triggerType === 'OnSchedule' && event.timestamp !== undefined && (typeof event.timestamp !== 'string' || Number.isNaN(Date.parse(event.timestamp)))) {
    throw new UsageError('--event: "timestamp" must be an ISO 8601 date string');
  }
}

/** Callees for `--patterns DIR`: `DIR/<id>.pattern.json`; by default the pattern file's own folder. */
export function folderSource(dir: string): PatternSource {
  return {
    load(id) {
      if (!/^[A-Za-z0-9_.-]+$/.test(id) || id.startsWith('.')) return undefined; // ids never walk the file system
      const file = join(dir, `${id}.pattern.json`);
      if (!existsSync(file)) return undefined;
      const r = parsePattern(parseJson(readText(file), file));
      return r.ok ? (r.document as PatternDocument) : undefined;
    },
  };
}

export const defaultPatternsDir = (file: string) => dirname(file);

export function writeJsonLine(v: unknown): void {
  process.stdout.write(JSON.stringify(v) + '\n');
}

/** A commander parser for a whole number ≥ 1, with the flag's name in its error. */
export const positiveInt =
  (flag: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a whole number of at least 1, got ${JSON.stringify(v)}`);
    return n;
  };

/** Rows under a header, each column as wide as its widest cell (the last one unpadded). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
