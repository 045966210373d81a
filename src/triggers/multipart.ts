// multipart/form-data (RFC 7578) read from a whole, already size-limited body. The webhook has the
// raw bytes anyway (signatures are computed over them), so a parser over one Buffer is simpler and
// no slower than a streaming one; what it must not do is let a hostile body make it work or allocate
// beyond that body: parts and header lines are counted and capped, every search moves forward, and
// each value is one copy of its own bytes.
import { ApiError } from '../api/errors.js';

const malformed = (message: string): ApiError => new ApiError('INVALID_BODY', message);

/** One part: a field (no filename) or a file. `data` is a copy of the part's bytes. */
export interface Part {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Uint8Array;
}

export interface MultipartLimits {
  /** Parts in one body, at most. */
  parts: number;
  /** Bytes of one part's header block, at most. */
  headerBytes: number;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The value of parameter `name` of a header value (`form-data; name="a"`), unquoted; undefined when
 * absent. Browsers and fetch write a `"` inside a quoted value as %22 and a backslash as it is
 * (`C:\dir\f.txt`), curl writes `\"`: a quoted value ends at the first `"` followed by `;` or the
 * end, and only `\"` is unescaped. */
export function headerParam(value: string, name: string): string | undefined {
  let at = value.indexOf(';');
  while (at >= 0) {
    const eq = value.indexOf('=', at);
    if (eq < 0) return undefined;
    const bare = value.indexOf(';', at + 1);
    if (bare >= 0 && bare < eq) {
      at = bare;
      continue;
    } // a parameter without a value
    const key = value
      .slice(at + 1, eq)
      .trim()
      .toLowerCase();
    let v = eq + 1;
    while (value[v] === ' ' || value[v] === '\t') v++;
    let text: string;
    if (value[v] === '"') {
      let close = v + 1;
      for (; ; close++) {
        close = value.indexOf('"', close);
        if (close < 0) {
          close = value.length;
          break;
        }
        if (/^[ \t]*(;|$)/.test(value.slice(close + 1))) break;
      }
      text = value.slice(v + 1, close).replace(/\\"/g, '"');
      at = value.indexOf(';', close);
    } else {
      const semi = value.indexOf(';', v);
      text = value.slice(v, semi < 0 ? value.length : semi).trim();
      at = semi;
    }
    if (key === name) return text;
  }
  return undefined;
}

/** RFC 5987 `filename*=UTF-8''%e2%82%ac.txt`; undefined when absent or not in a charset we read. */
function extendedParam(value: string, name: string): string | undefined {
  const v = headerParam(value, `${name}*`);
  const m = v === undefined ? null : /^(utf-8|iso-8859-1)'[^']*'(.*)$/i.exec(v);
  if (!m) return undefined;
  try {
    return m[1]!.toLowerCase() === 'utf-8' ? decodeURIComponent(m[2]!) : unescape(m[2]!);
  } catch {
    return undefined;
  }
}

/** The boundary of a multipart content type (RFC 2046: 1–70 characters). */
export function boundaryOf(contentType: string): string {
  const b = headerParam(contentType, 'boundary');
  if (b === undefined || b === '')
    throw malformed('the multipart/form-data content type has no boundary parameter (Content-Type: multipart/form-data; boundary=…)');
  if (b.length > 70) throw malformed('the multipart boundary is longer than 70 characters (RFC 2046)');
  return b;
}

export function parseMultipart(body: Buffer, boundary: string, limits: MultipartLimits): Part[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  // The first delimiter may follow a preamble; later ones always follow a CRLF.
  let at = body.indexOf(delimiter);
  if (at < 0) throw malformed(`the multipart body has no boundary line "--${boundary}" (is the boundary in the content type the one used in the body?)`);
  if (at > 0 && (at < 2 || body[at - 2] !== 0x0d || body[at - 1] !== 0x0a)) throw malformed('the first multipart boundary does not start a line');
  const next = Buffer.concat([CRLF, delimiter]);
  const parts: Part[] = [];
  for (;;) {
    at += delimiter.length;
    // After a delimiter: `--` closes the body; else optional spaces (transport padding) and CRLF.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) {
      throw malformed(
        at >= body.length
          ? 'the multipart body ends before its closing boundary'
          : 'a multipart boundary line is followed by something other than a line break',
      );
    }
    at += 2;
    if (parts.length === limits.parts) throw new ApiError('PAYLOAD_TOO_LARGE', `the multipart body has more than ${limits.parts} parts, the limit`);
    // A part without headers is allowed by RFC 2046 but not by form-data (it needs a name).
    if (body[at] === 0x0d && body[at + 1] === 0x0a) throw malformed(`multipart part ${parts.length + 1} has no Content-Disposition header`);
    // The header block is looked for within its limit only, so no part makes the parser scan the body.
    const windowEnd = Math.min(body.length, at + limits.headerBytes + HEADER_END.length);
    const rel = body.subarray(at, windowEnd).indexOf(HEADER_END);
    if (rel < 0) {
      throw windowEnd === body.length
        ? malformed('the multipart body ends inside the headers of a part')
        : malformed(`the headers of multipart part ${parts.length + 1} are longer than ${limits.headerBytes} bytes, the limit`);
    }
    const headEnd = at + rel;
    const headers = readHeaders(body.toString('utf8', at, headEnd), parts.length + 1);
    const start = headEnd + 4;
    const end = body.indexOf(next, start);
    if (end < 0) throw malformed('the multipart body ends before its closing boundary');
    parts.push({ ...headers, data: new Uint8Array(body.subarray(start, end)) });
    at = end + 2;
  }
}

function readHeaders(block: string, n: number): Omit<Part, 'data'> {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`multipart part ${n} has a malformed header line (no "name: value")`);
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  if (disposition === undefined) throw malformed(`multipart part ${n} has no Content-Disposition header`);
  if (!/^form-data\s*(;|$)/i.test(disposition)) throw malformed(`multipart part ${n} is not form-data (Content-Disposition: ${disposition.slice(0, 60)})`);
  const name = extendedParam(disposition, 'name') ?? headerParam(disposition, 'name');
  if (name === undefined) throw malformed(`multipart part ${n} has no name in its Content-Disposition`);
  const filename = extendedParam(disposition, 'filename') ?? headerParam(disposition, 'filename');
  return { name, filename, contentType };
}
