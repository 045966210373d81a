import { defineNode } from '../sdk/index.js';
import { createHmac } from 'node:crypto';
import { bytesOf, DIGEST_ENCODINGS, HASH_ALGORITHMS, type DigestEncoding, type HashAlgorithm } from './shared.js';

export default defineNode({
  type: 'HMAC',
  category: 'Encoding & Crypto',
  label: 'HMAC',
  description:
    "The HMAC (RFC 2104) of `value` keyed with `key`, each a String (UTF-8 bytes) or Binary, with `algorithm` (md5, sha1, sha256, sha512), as lowercase hex by default or base64/base64url: what webhook signatures such as GitHub's `X-Hub-Signature-256` are. Compare signatures with Secure Compare. An empty key is allowed (and weak).",
  inputs: [
    { id: 'value', type: 'Any' },
    { id: 'key', type: 'Any' },
    { id: 'algorithm', type: 'Enum', options: HASH_ALGORITHMS, default: 'sha256' },
    { id: 'encoding', type: 'Enum', options: DIGEST_ENCODINGS, default: 'hex' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: unknown, key: unknown, algorithm: HashAlgorithm, encoding: DigestEncoding): string =>
    createHmac(algorithm, bytesOf(key, 'key')).update(bytesOf(value)).digest(encoding),
  examples: [
    {
      inputs: { value: 'The quick brown fox jumps over the lazy dog', key: 'key' },
      output: 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    },
    { inputs: { value: 'The quick brown fox jumps over the lazy dog', key: 'key', algorithm: 'md5' }, output: '80070713463e7749b90c2dc24911e275' },
  ],
});
