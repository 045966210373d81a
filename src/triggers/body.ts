// The body of a webhook request as OnWebhook's `body` pin gives it (SPEC §7, §15), for live runs and
// for the editor's captured samples alike: one reading of the content type, one parse.
//   JSON types (application/json, application/*+json)  parsed; invalid → 400 INVALID_JSON
//   application/x-www-form-urlencoded                  Object of Strings, a repeated key an Array
//   multipart/form-data                                Object: fields Strings, files {filename, contentType, data: Binary}
//   application/octet-stream                           Binary
//   anything else, or no content type                  String (UTF-8), as before
// An empty body is null whatever its type. The raw body was read with the webhook's size limit
// (readBody); a form's fields and a multipart body's parts are capped too (MAX_FIELDS), so that a
// small body of `&&&…` or of empty parts cannot turn into a huge object.
import { ApiError } from '../api/errors.js';
import { binaryReplacer } from '../pattern/types.js';
import { mediaType } from '../nodes/http/body.js';
import { jsonDepthWithin, MAX_JSON_DEPTH } from './json-depth.js';
import { boundaryOf, parseMultipart } from './multipart.js';

/** Fields of a form, or parts of a multipart body, at most (PHP's `max_input_vars`, qs's `parameterLimit`). */
export const MAX_FIELDS = 1000;
/** Bytes of one multipart part's headers, at most. */
export const MAX_PART_HEADER_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/([\w.+-]*\+)?json$/;

export type BodyKind = 'json' | 'form' | 'multipart' | 'binary' | 'text';

/** How a body of this content type is read. */
export function bodyKind(contentType: string | undefined): BodyKind {
  const { type } = mediaType(contentType ?? '');
  if (JSON_TYPE.test(type)) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'multipart/form-data') return 'multipart';
  if (type === 'application/octet-stream') return 'binary';
  return 'text';
}

export interface WebhookBody {
  body: unknown;
  /** The body as the history keeps it (JSON; Binary as base64): a JSON body's own text, which
   * parsed, rather than the parsed value written out again. */
  json: string;
}

/** The body of a request; throws ApiError INVALID_JSON / INVALID_BODY (400) for a malformed body and
 * PAYLOAD_TOO_LARGE (413) past MAX_FIELDS. */
export function parseWebhookBody(raw: Buffer, contentType: string | undefined): WebhookBody {
  if (raw.length === 0) return { body: null, json: 'null' };
  switch (bodyKind(contentType)) {
    case 'json': {
      const text = raw.toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw new ApiError('INVALID_JSON', `the body is not valid JSON: ${(e as Error).message}`);
      }
      if (!jsonDepthWithin(text)) throw new ApiError('INVALID_JSON', `the body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels, the limit`);
      return { body, json: text };
    }
    case 'form': {
      const body = parseForm(raw.toString('utf8'));
      return { body, json: JSON.stringify(body) };
    }
    case 'multipart': {
      const body = formObject(parseMultipart(raw, boundaryOf(contentType!), { parts: MAX_FIELDS, headerBytes: MAX_PART_HEADER_BYTES }));
      return { body, json: JSON.stringify(body, binaryReplacer) };
    }
    case 'binary': {
      // A copy of exactly its bytes: a Uint8Array (not a Buffer, whose toJSON is not base64), and
      // not a view into a larger pooled buffer (V8 serialization sends a view's whole buffer).
      const body = new Uint8Array(raw);
      return { body, json: JSON.stringify(body, binaryReplacer) };
    }
    case 'text': {
      const text = raw.toString('utf8');
      return { body: text, json: JSON.stringify(text) };
    }
  }
}

/** Adds a field; a repeated name turns into an Array of its values in order. `__proto__` is a plain
 * key, as JSON.parse makes it. */
function add(o: Record<string, unknown>, name: string, value: unknown): void {
  if (Object.hasOwn(o, name)) {
    const had = o[name];
    if (Array.isArray(had)) had.push(value);
    else o[name] = [had, value];
  } else if (name === '__proto__') Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
  else o[name] = value;
}

function decodeFormPart(s: string, n: number, what: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    const shown = s.length > 40 ? `${s.slice(0, 40)}…` : s;
    throw new ApiError(
      'INVALID_BODY',
      `field ${n} of the form body has a malformed percent-escape in its ${what} (${JSON.stringify(shown)}): a % must be followed by two hex digits of UTF-8 (write a literal % as %25)`,
    );
  }
}

/** application/x-www-form-urlencoded (WHATWG URL §5.1): `&`-separated `name=value` pairs, `+` for a
 * space, %XX escapes of UTF-8; empty pairs skipped, a pair without `=` has the value "". Unlike
 * URLSearchParams, a broken escape is an error rather than kept as text. */
export function parseForm(text: string): Record<string, string | string[]> {
  const o: Record<string, string | string[]> = {};
  let n = 0;
  for (let at = 0; at <= text.length;) {
    let end = text.indexOf('&', at);
    if (end < 0) end = text.length;
    if (end > at) {
      if (++n > MAX_FIELDS) throw new ApiError('PAYLOAD_TOO_LARGE', `the form body has more than ${MAX_FIELDS} fields, the limit`);
      const pair = text.slice(at, end);
      const eq = pair.indexOf('=');
      const name = decodeFormPart(eq < 0 ? pair : pair.slice(0, eq), n, 'name');
      add(o, name, eq < 0 ? '' : decodeFormPart(pair.slice(eq + 1), n, 'value'));
    }
    at = end + 1;
  }
  return o;
}

/** A multipart body's parts as an Object: fields as Strings (UTF-8), files (parts with a filename)
 * as {filename, contentType, data: Binary}; a repeated name as an Array. */
function formObject(parts: ReturnType<typeof parseMultipart>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const p of parts) {
    add(
      o,
      p.name,
      p.filename === undefined
        ? Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('utf8')
        : { filename: p.filename, contentType: p.contentType ?? 'application/octet-stream', data: p.data },
    );
  }
  return o;
}
