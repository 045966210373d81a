// Running one pack node: the request (request.ts) sent through HTTPRequest's own client and outbound
// policy (nodes/http/request.ts, policy.ts), retried on the pack's `defaults.retry` statuses
// (honouring Retry-After, never past the execution's deadline), paginated, and its answer read into
// the node's output pins. A non-2xx answer fails the node with HTTP_REQUEST_FAILED (catchable).
import { DragopsError } from '../errors/error.js';
import { convert } from '../pattern/types.js';
import { defineData } from '../runtime/values.js';
import { performRequest, shownUrl, type HttpResult } from '../nodes/http/request.js';
import type { CompiledPolicy } from '../nodes/http/policy.js';
import type { ResolvedConnection } from '../connections/port.js';
import type { PackDocument, PackNodeSpec } from './schema.js';
import { buildRequest, type BuiltRequest } from './request.js';
import { parseOutputPath, readAt, splitDotPath } from './paths.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_PAGES = 10;
export const DEFAULT_RETRY_ATTEMPTS = 3;
/** First backoff when a retried answer has no Retry-After (doubling per attempt). */
const BACKOFF_MS = 500;

export interface CallEnv {
  policy: CompiledPolicy;
  /** The execution's deadline signal (HTTPRequest's `ctx.signal`). */
  signal: AbortSignal;
  /** The execution's deadline, epoch ms. */
  deadline: number;
  /** Waits, never past the deadline (ExecutionContext.sleep). */
  sleep(ms: number): Promise<void>;
}

const failed = (message: string) => new DragopsError('HTTP_REQUEST_FAILED', message, { type: 'HTTPError' });

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, unknown>, now = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What the service said, for the error message: its `message`/`error` field or the start of its text. */
function answerSnippet(body: unknown): string {
  let text = '';
  if (typeof body === 'string') text = body;
  else if (body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) {
    const o = body as Record<string, unknown>;
    const m = [o.message, o.error, (o.error as Record<string, unknown> | undefined)?.message, o.error_description].find((x) => typeof x === 'string');
    text = typeof m === 'string' ? m : JSON.stringify(body);
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

async function send(pack: PackDocument, req: BuiltRequest, url: URL, env: CallEnv): Promise<HttpResult> {
  const retry = pack.defaults.retry;
  const attempts = retry ? (retry.maxAttempts ?? DEFAULT_RETRY_ATTEMPTS) : 1;
  for (let attempt = 1; ; attempt++) {
    const res = await performRequest(
      { url: url.href, method: req.method, headers: req.headers, body: req.body, timeoutMs: pack.defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      env.policy,
      env.signal,
    );
    if (!retry || attempt >= attempts || !retry.on.includes(res.status)) return res;
    const wait = retryAfterMs(res.headers) ?? BACKOFF_MS * 2 ** (attempt - 1);
    if (Date.now() + wait >= env.deadline)
      throw failed(
        `${req.method} ${shownUrl(url)} answered ${res.status} and asks to wait ${Math.ceil(wait / 1000)} s before retrying, past the execution's deadline`,
      );
    await env.sleep(wait);
  }
}

function ok(req: BuiltRequest, url: URL, res: HttpResult): HttpResult {
  if (res.status >= 200 && res.status < 300) return res;
  throw failed(`${req.method} ${shownUrl(url)} answered ${res.status}${answerSnippet(res.body)}`);
}

/** The `Link: <…>; rel="next"` target, if any. */
export function nextLink(headers: Record<string, unknown>): string | undefined {
  const raw = headers.link;
  const text = Array.isArray(raw) ? raw.join(', ') : typeof raw === 'string' ? raw : '';
  for (const part of text.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

const segmentsOf = (path: string): string[] => {
  const s = path === '' ? [] : splitDotPath(path);
  return typeof s === 'string' ? [] : s;
};

type Paginate = NonNullable<PackNodeSpec['paginate']>;

/** Where the pages are: the state that carries from one page to the next. */
interface Pager {
  url: URL;
  offset: number;
  page: number;
  /** Cursors or links already followed: a service that repeats one would loop. */
  seen: Set<string>;
}

/** The next page's URL after an answer with `got` items, or undefined when this was the last. */
function nextPage(p: Paginate, at: Pager, req: BuiltRequest, last: HttpResult, got: unknown[]): URL | undefined {
  const next = new URL(at.url.href);
  switch (p.type) {
    case 'offset':
      if (got.length < p.pageSize) return undefined;
      at.offset += got.length;
      next.searchParams.set(p.offsetParam, String(at.offset));
      return next;
    case 'page':
      at.page += 1;
      next.searchParams.set(p.pageParam, String(at.page));
      return next;
    case 'cursor': {
      const cursor = readAt(last.body, segmentsOf(p.cursorPath));
      if (cursor === null || cursor === undefined || cursor === '' || cursor === false) return undefined;
      const text = typeof cursor === 'string' ? cursor : JSON.stringify(cursor);
      if (at.seen.has(text)) return undefined;
      at.seen.add(text);
      next.searchParams.set(p.cursorParam, text);
      return next;
    }
    case 'link': {
      const target = p.nextUrlPath !== undefined ? readAt(last.body, segmentsOf(p.nextUrlPath)) : nextLink(last.headers);
      if (typeof target !== 'string' || target === '') return undefined;
      let link: URL;
      try {
        link = new URL(target, at.url);
      } catch {
        throw failed(`${shownUrl(at.url)}: the next page's link is not a URL`);
      }
      // The credentials go only where the pack's base URL is: a link elsewhere is not followed.
      if (link.origin !== req.url.origin) throw failed(`${shownUrl(at.url)}: the next page's link points to another site (${link.origin})`);
      if (at.seen.has(link.href)) return undefined;
      at.seen.add(link.href);
      for (const [k, v] of req.injectQuery) link.searchParams.set(k, v);
      return link;
    }
  }
}

/** Sends every page a node's `paginate` asks for; the last answer and the items of all. */
async function paginate(pack: PackDocument, p: Paginate, req: BuiltRequest, env: CallEnv): Promise<{ last: HttpResult; items: unknown[] }> {
  const maxPages = p.maxPages ?? DEFAULT_MAX_PAGES;
  const maxItems = p.maxItems ?? Infinity;
  const itemsAt = segmentsOf(p.itemsPath);
  const items: unknown[] = [];
  const at: Pager = { url: new URL(req.url.href), offset: 0, page: p.type === 'page' ? (p.startPage ?? 1) : 0, seen: new Set() };
  if (p.type === 'offset') {
    at.url.searchParams.set(p.offsetParam, '0');
    at.url.searchParams.set(p.limitParam, String(p.pageSize));
  } else if (p.type === 'page') at.url.searchParams.set(p.pageParam, String(at.page));
  for (let n = 1; ; n++) {
    const last = ok(req, at.url, await send(pack, req, at.url, env));
    const got = readAt(last.body, itemsAt);
    if (!Array.isArray(got)) throw failed(`${req.method} ${shownUrl(at.url)}: page ${n} has no array at ${JSON.stringify(p.itemsPath)} (paginate.itemsPath)`);
    for (const x of got) {
      if (items.length >= maxItems) break;
      items.push(x);
    }
    if (items.length >= maxItems || n >= maxPages || got.length === 0) return { last, items };
    const next = nextPage(p, at, req, last, got);
    if (!next) return { last, items };
    at.url = next;
  }
}

/** The node's outputs from the answer: each declared pin by its path, converted to its type, and `status`. */
export function outputsOf(node: PackNodeSpec, res: HttpResult, items: unknown[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pin of node.outputs ?? []) {
    const path = parseOutputPath(pin.path);
    if (typeof path === 'string') throw new DragopsError('NODE_ERROR', `output ${pin.pin}: ${path}`); // validated on install
    const v =
      path.kind === 'status'
        ? res.status
        : path.kind === 'header'
          ? res.headers[path.name]
          : path.kind === 'items'
            ? readAt(items ?? [], path.segments)
            : readAt(res.body, path.segments);
    if (v === undefined || v === null) {
      defineData(out, pin.pin, null);
      continue;
    }
    try {
      defineData(out, pin.pin, convert(v, pin.type));
    } catch (e) {
      throw new DragopsError(
        'TYPE_CONVERSION',
        `output ${JSON.stringify(pin.pin)} (path ${JSON.stringify(pin.path ?? '')}): the answer does not fit ${pin.type}: ${(e as Error).message}`,
        { pin: pin.pin, cause: e },
      );
    }
  }
  out.status = res.status;
  return out;
}

/** Runs a pack node once: request, retries, pages, outputs. */
export async function callPackNode(
  pack: PackDocument,
  node: PackNodeSpec,
  inputs: Readonly<Record<string, unknown>>,
  conn: ResolvedConnection | undefined,
  env: CallEnv,
): Promise<Record<string, unknown>> {
  const req = buildRequest(pack, node, inputs, conn);
  if (node.paginate) {
    const { last, items } = await paginate(pack, node.paginate, req, env);
    return outputsOf(node, last, items);
  }
  const res = ok(req, req.url, await send(pack, req, req.url, env));
  return outputsOf(node, res, undefined);
}
