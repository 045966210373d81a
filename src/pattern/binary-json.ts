// Events as JSON that keeps their Binary values (the queue of accepted webhook requests, SPEC §15):
// JSON has no bytes, and base64 text alone could not be told from a String that happens to look
// like base64. So an event holding Binary values is written as {"\u0000binary": [paths], "event": …}
// with each Binary as base64 and the list of where they are; reading it puts the bytes back. An
// event without Binary values is plain JSON, as it always was (older rows read unchanged). The
// marker key cannot collide: events' top-level keys are dragops's own (body, headers, query, …).
import { binaryReplacer } from './types.js';

const MARK = '\u0000binary';
type Path = (string | number)[];

/** Whether a webhook body may hold Binary values as webhook bodies do (the body itself, or a
 * multipart file alone or repeated): a look at two levels, not a walk of the whole value, so a
 * large JSON body costs nothing here. */
export function mayHoldBinary(body: unknown): boolean {
  if (body instanceof Uint8Array) return true;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  for (const k in body) {
    const v = (body as Record<string, unknown>)[k];
    if (v !== null && typeof v === 'object' && (isFile(v) || (Array.isArray(v) && v.some(isFile)))) return true;
  }
  return false;
}

const isFile = (v: unknown): boolean => v !== null && typeof v === 'object' && (v as { data?: unknown }).data instanceof Uint8Array;

function collect(v: unknown, path: Path, out: Path[]): void {
  if (v instanceof Uint8Array) {
    out.push(path);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => collect(x, [...path, i], out));
    return;
  }
  for (const k of Object.keys(v)) collect((v as Record<string, unknown>)[k], [...path, k], out);
}

/** An event as JSON; its body's Binary values kept (see above). */
export function eventToJson(event: unknown): string {
  const body = event !== null && typeof event === 'object' ? (event as { body?: unknown }).body : undefined;
  if (!mayHoldBinary(body)) return JSON.stringify(event ?? null);
  const paths: Path[] = [];
  collect(event, [], paths);
  return JSON.stringify({ [MARK]: paths, event }, binaryReplacer);
}

/** The event eventToJson wrote, Binary values as Uint8Array again. */
export function eventFromJson(text: string): unknown {
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || !Object.hasOwn(v, MARK)) return v;
  const { [MARK]: paths, event } = v as { [MARK]: Path[]; event: unknown };
  for (const path of paths) {
    let holder = event as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) holder = holder[path[i]!] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    // A copy with its own buffer (a small Buffer is a view into a shared pool).
    holder[last] = new Uint8Array(Buffer.from(holder[last] as string, 'base64'));
  }
  return event;
}
