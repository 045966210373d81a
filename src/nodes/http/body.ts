// Reading a response body by its content type: JSON parsed, text decoded, other media as Binary.
// Shared by HTTPRequest and ParseResponse.
import { TextDecoder } from 'node:util';

/** The media type (`application/json`) and charset of a content-type header. */
export function mediaType(contentType: string): { type: string; charset: string | undefined } {
  const [type = '', ...params] = contentType.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p);
    if (m) charset = m[1]!.toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

export const isJsonType = (type: string): boolean => type === 'application/json' || type === 'text/json' || type.endsWith('+json');

export const isTextType = (type: string): boolean =>
  type.startsWith('text/') ||
  isJsonType(type) ||
  type.endsWith('+xml') ||
  type === 'application/xml' ||
  type === 'application/javascript' ||
  type === 'application/ecmascript' ||
  type === 'application/x-www-form-urlencoded' ||
  type === 'application/graphql' ||
  type === 'application/yaml' ||
  type === 'application/x-yaml' ||
  type === 'application/x-ndjson';

/** Bytes as text in the given charset (UTF-8 when unknown); null when `strict` and they are not. */
export function decodeText(bytes: Uint8Array, charset: string | undefined, strict = false): string | null {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8', { fatal: strict });
  } catch {
    decoder = new TextDecoder('utf-8', { fatal: strict });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The body as a value: JSON media types parsed (text when the JSON is invalid), text media types as
 * a String, no content type as a String when the bytes are UTF-8 (else Binary), anything else as
 * Binary. An empty body is "".
 */
export function parseBody(bytes: Uint8Array, contentType: string): unknown {
  if (bytes.length === 0) return '';
  const { type, charset } = mediaType(contentType);
  if (type === '') return decodeText(bytes, charset, true) ?? new Uint8Array(bytes);
  if (!isTextType(type)) return new Uint8Array(bytes);
  const text = decodeText(bytes, charset)!;
  if (isJsonType(type)) {
    try {
      return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      return text;
    }
  }
  return text;
}
