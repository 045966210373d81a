// Paths into a response (SPEC §14 output `path`): dot and bracket segments (`ticket.tags[0]`,
// `items[0]["full.name"]`), `""` for the whole body, `$status`, `$headers.<name>` and `$items`
// (the concatenated items of every page). Only own properties are read (runtime/values.ts).
import { getIn } from '../runtime/values.js';

export type OutputPath = { kind: 'body'; segments: string[] } | { kind: 'status' } | { kind: 'header'; name: string } | { kind: 'items'; segments: string[] };

/** Splits a dot/bracket path into segments; an error message when malformed. */
export function splitDotPath(path: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return `unclosed [ at position ${i}`;
      const inner = path.slice(i + 1, end);
      if (/^\d+$/.test(inner)) out.push(String(Number(inner)));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) {
        try {
          out.push(JSON.parse(inner) as string);
        } catch {
          return `malformed quoted key ${inner}`;
        }
      } else return `[${inner}] is neither an index nor a quoted key`;
      i = end + 1;
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (expectKey) return `empty segment at position ${i}`;
      i++;
      expectKey = true;
      if (i >= path.length) return 'the path ends with a dot';
      continue;
    }
    if (!expectKey) return `expected . or [ at position ${i}`;
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push(path.slice(i, j));
    i = j;
    expectKey = false;
  }
  return out;
}

/** Parses an output path; an error message when malformed. */
export function parseOutputPath(path: string | undefined): OutputPath | string {
  if (path === undefined || path === '') return { kind: 'body', segments: [] };
  if (path === '$status') return { kind: 'status' };
  if (path.startsWith('$headers.')) {
    const name = path.slice('$headers.'.length).toLowerCase();
    return /^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name) ? { kind: 'header', name } : `${JSON.stringify(path)}: not a header name`;
  }
  if (path === '$items' || path.startsWith('$items[') || path.startsWith('$items.')) {
    const rest = path.slice('$items'.length).replace(/^\./, '');
    const s = rest === '' ? [] : splitDotPath(rest);
    return typeof s === 'string' ? `${JSON.stringify(path)}: ${s}` : { kind: 'items', segments: s };
  }
  if (path.startsWith('$')) return `${JSON.stringify(path)}: unknown; paths starting with $ are $status, $headers.<name> and $items`;
  const s = splitDotPath(path);
  return typeof s === 'string' ? `${JSON.stringify(path)}: ${s}` : { kind: 'body', segments: s };
}

/** The value at pre-split segments, `undefined` when any step is missing. */
export const readAt = (v: unknown, segments: readonly string[]): unknown => (segments.length === 0 ? v : getIn(v, segments));
