// What the Encoding & Crypto nodes share: turning a String or Binary input into bytes, and back.
import { DragopsError, toStringValue } from '../sdk/index.js';
import { checkResultText, kindOf } from '../formats/shared.js';

export const HASH_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];
export const DIGEST_ENCODINGS = ['hex', 'base64', 'base64url'] as const;
export type DigestEncoding = (typeof DIGEST_ENCODINGS)[number];

/** Bytes of a value: Binary as it is, a String as UTF-8, numbers and booleans as their text. */
export function bytesOf(v: unknown, pin = 'value'): Buffer {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'number' || typeof v === 'boolean') return Buffer.from(toStringValue(v), 'utf8');
  if (v === null || v === undefined) return Buffer.alloc(0);
  throw new DragopsError('NODE_ERROR', `${pin} is ${kindOf(v)}; give a String or Binary (write objects as JSON first)`, { pin });
}

/** Bytes as a String (UTF-8, strictly: invalid sequences are an error) or as Binary. */
export function decodeBytes(bytes: Buffer, as: 'text' | 'binary', what: string): string | Uint8Array {
  if (as === 'binary') return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return checkResultText(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), 'the decoded text');
  } catch (e) {
    if (e instanceof DragopsError) throw e;
    throw new DragopsError('NODE_ERROR', `${what} is not valid UTF-8 text; decode it "as" binary instead`, { cause: e, pin: 'as' });
  }
}
