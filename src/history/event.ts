// What the execution history keeps of an execution's event (its trigger data), as JSON text:
// credentials a webhook caller sends — in headers, and in token-like query parameters (in `query` and
// in `url`) — are replaced by *** (the execution itself sees them). This runs on every webhook
// request: Set lookups, and no copy when there is nothing to mask (most requests).
import { mayHoldBinary } from '../pattern/binary-json.js';
import { binaryReplacer } from '../pattern/types.js';
import { preview } from '../runtime/preview.js';
import type { TriggeredBy } from '../store/types.js';
import { redactUrl, secretParam } from '../server/redact.js';

const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-api-token',
  'x-gitlab-token',
  'x-amz-security-token',
  'x-webhook-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-dragops-signature',
]);
/** Node gives header names in lower case; events built by hand (replays, tests) may not. */
const sensitive = (k: string): boolean => SENSITIVE_HEADERS.has(k) || (/[A-Z]/.test(k) && SENSITIVE_HEADERS.has(k.toLowerCase()));

/** The headers as JSON, credentials masked. No copy when there is nothing to mask (most requests). */
export function headersJson(h: Record<string, unknown>): string {
  return maskedJson(h, sensitive);
}

/** `o` as JSON with the values of the keys `secret` picks as `***`. No copy when none is picked. */
function maskedJson(o: Record<string, unknown>, secret: (k: string) => boolean): string {
  let any = false;
  for (const k in o)
    if (secret(k)) {
      any = true;
      break;
    }
  if (!any) return JSON.stringify(o);
  const out: Record<string, unknown> = {};
  for (const k in o) if (Object.hasOwn(o, k)) out[k] = secret(k) ? '***' : o[k];
  return JSON.stringify(out);
}

/** A query object as JSON, credential parameters masked. No copy when there is nothing to mask. */
export function queryJson(q: Record<string, unknown>): string {
  return maskedJson(q, secretParam);
}

/** An event's copy for the history as JSON: its `headers`, `query` and `url` (when it has them)
 * masked. `bodyJson`: the body's JSON when the caller has it already (a webhook's JSON body as sent). */
export function eventJson(event: Record<string, unknown>, bodyJson?: string): string {
  const h = event.headers,
    q = event.query,
    u = event.url;
  const maskHeaders = !!h && typeof h === 'object';
  const maskQuery = !!q && typeof q === 'object';
  const maskUrl = typeof u === 'string' && u.includes('?');
  // Binary values of a body (SPEC §15) as base64 (JSON.stringify alone writes a Uint8Array as an
  // object of numbered keys); the replacer only then, since it makes JSON.stringify several times slower.
  if (bodyJson === undefined && mayHoldBinary(event.body)) bodyJson = JSON.stringify(event.body, binaryReplacer);
  if (!maskHeaders && !maskQuery && !maskUrl && bodyJson === undefined) return JSON.stringify(event);
  // Written as the event's own keys in order, those three replaced by their masked JSON.
  let out = '';
  for (const k in event) {
    if (!Object.hasOwn(event, k) || event[k] === undefined) continue;
    const v =
      k === 'headers' && maskHeaders
        ? headersJson(h as Record<string, unknown>)
        : k === 'query' && maskQuery
          ? queryJson(q as Record<string, unknown>)
          : k === 'url' && maskUrl
            ? JSON.stringify(redactUrl(u as string))
            : k === 'body' && bodyJson !== undefined
              ? bodyJson
              : JSON.stringify(event[k]);
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${v}`;
  }
  return `{${out}}`;
}

/** What the history keeps of an execution's event: the whole event, so the run can be replayed
 * exactly (webhook bodies are bounded by the body limit); a pattern call's inputs are in-memory values
 * of any size, so a preview. `triggerJson`: the stored form when the trigger made it already (a
 * webhook has the body's text). */
export function triggerJsonOf(event: Record<string, unknown>, meta: { triggeredBy: TriggeredBy; triggerJson?: string | undefined }): string {
  return meta.triggerJson ?? (meta.triggeredBy === 'pattern_call' ? JSON.stringify(preview(event)) : eventJson(event));
}
