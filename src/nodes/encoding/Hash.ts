import { defineNode } from '../sdk/index.js';
import { createHash } from 'node:crypto';
import { bytesOf, DIGEST_ENCODINGS, HASH_ALGORITHMS, type DigestEncoding, type HashAlgorithm } from './shared.js';

export default defineNode({
  type: 'Hash',
  category: 'Encoding & Crypto',
  label: 'Hash',
  description:
    'The digest of a String (its UTF-8 bytes) or Binary value with `algorithm` (md5, sha1, sha256, sha512), as lowercase hex by default or base64/base64url. Null hashes as empty input. md5 and sha1 are for checksums and legacy APIs, not for security.',
  inputs: [
    { id: 'value', type: 'Any' },
    { id: 'algorithm', type: 'Enum', options: HASH_ALGORITHMS, default: 'sha256' },
    { id: 'encoding', type: 'Enum', options: DIGEST_ENCODINGS, default: 'hex' },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (value: unknown, algorithm: HashAlgorithm, encoding: DigestEncoding): string => createHash(algorithm).update(bytesOf(value)).digest(encoding),
  examples: [
    { inputs: { value: 'abc' }, output: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
    { inputs: { value: '', algorithm: 'md5' }, output: 'd41d8cd98f00b204e9800998ecf8427e' },
  ],
});
