// Encoding & Crypto: examples, known vectors, binary, unicode, malformed input, randomness.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import defs from './index.js';
import { DragopsError } from '../../errors/error.js';
import { callNode, examplesOf, runExample } from '../testing.js';
import { pattern, run } from '../../../test/helpers.js';
import Base64Encode from './Base64Encode.js';
import Base64Decode from './Base64Decode.js';
import URLEncode from './URLEncode.js';
import URLDecode from './URLDecode.js';
import Hash from './Hash.js';
import HMAC from './HMAC.js';
import UUID from './UUID.js';
import RandomString from './RandomString.js';
import HexEncode from './HexEncode.js';
import HexDecode from './HexDecode.js';
import SecureCompare from './SecureCompare.js';

const error = (f: () => unknown): DragopsError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DragopsError);
    return e as DragopsError;
  }
  throw new Error('expected a DragopsError');
};
const bin = (...b: number[]) => new Uint8Array(b);

describe('encoding examples', () => {
  it.each(examplesOf(defs))('%s', (_name, def, ex) => {
    expect(runExample(def, ex)).toEqual(ex.output);
  });
  it('metadata: category, pure, UUID and RandomString nondeterministic', () => {
    for (const d of defs) {
      expect(d.category).toBe('Encoding & Crypto');
      expect(d.execIn).toBe(false);
      expect(d.deterministic).toBe(!['UUID', 'RandomString'].includes(d.type));
    }
  });
});

describe('Base64', () => {
  it('text, binary, empty, null, URL-safe', () => {
    expect(callNode(Base64Encode, { value: '' })).toBe('');
    expect(callNode(Base64Encode, { value: null })).toBe('');
    expect(callNode(Base64Encode, { value: bin(0xfb, 0xff, 0xfe) })).toBe('+//+');
    expect(callNode(Base64Encode, { value: bin(0xfb, 0xff, 0xfe), urlSafe: true })).toBe('-__-');
    expect(callNode(Base64Encode, { value: 42 })).toBe('NDI=');
  });
  it('an object is an error, not "[object Object]"', () => {
    expect(error(() => callNode(Base64Encode, { value: { a: 1 } })).message).toMatch(/is an object/);
  });
  it('decode: both alphabets, missing padding, whitespace, to binary', () => {
    expect(callNode(Base64Decode, { value: '+//+', as: 'binary' })).toEqual(bin(0xfb, 0xff, 0xfe));
    expect(callNode(Base64Decode, { value: '-__-', as: 'binary' })).toEqual(bin(0xfb, 0xff, 0xfe));
    expect(callNode(Base64Decode, { value: 'aMOpbGxv\nIPCfkYs' })).toBe('héllo 👋');
    expect(callNode(Base64Decode, { value: '' })).toBe('');
  });
  it('decode: bad characters, impossible lengths, bytes that are not UTF-8', () => {
    expect(error(() => callNode(Base64Decode, { value: 'ab!d' })).message).toMatch(/unexpected "!" at position 2/);
    expect(error(() => callNode(Base64Decode, { value: 'abcde' })).message).toMatch(/length/);
    expect(error(() => callNode(Base64Decode, { value: 'ab=c' })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(Base64Decode, { value: '+//+' })).message).toMatch(/not valid UTF-8/);
  });
  it('round trip of every byte value', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    for (const urlSafe of [false, true]) {
      expect(callNode(Base64Decode, { value: callNode(Base64Encode, { value: all, urlSafe }), as: 'binary' })).toEqual(all);
    }
  });
});

describe('URL encoding', () => {
  it('matches encodeURIComponent; unicode; lone surrogates are errors', () => {
    const s = "AZaz09-_.!~*'() /?#[]@!$&+,;=%ü👍";
    expect(callNode(URLEncode, { value: s })).toBe(encodeURIComponent(s));
    expect(callNode(URLDecode, { value: encodeURIComponent(s) })).toBe(s);
    expect(error(() => callNode(URLEncode, { value: 'a\ud800b' })).code).toBe('NODE_ERROR');
    expect(callNode(URLEncode, { value: '' })).toBe('');
  });
  it('malformed sequences are NODE_ERROR with a position', () => {
    expect(error(() => callNode(URLDecode, { value: 'ok%ZZ' })).message).toMatch(/position 2/);
    expect(error(() => callNode(URLDecode, { value: '%E0%A4%A' })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(URLDecode, { value: '%C3' })).message).toMatch(/not valid UTF-8/);
  });
});

describe('Hash and HMAC', () => {
  it('known vectors for each algorithm', () => {
    const h = (algorithm: string, value: unknown = 'abc') => callNode(Hash, { value, algorithm });
    expect(h('md5')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(h('sha1')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(h('sha512')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(h('sha256', bin(0x61, 0x62, 0x63))).toBe(h('sha256', 'abc'));
    expect(h('sha256', null)).toBe(h('sha256', ''));
    expect(callNode(Hash, { value: 'abc', encoding: 'base64' })).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
  it('unicode is hashed as UTF-8', () => {
    expect(callNode(Hash, { value: 'é' })).toBe(callNode(Hash, { value: bin(0xc3, 0xa9) }));
  });
  it('HMAC: RFC 4231 test case 2, binary keys, the GitHub signature form', () => {
    expect(callNode(HMAC, { value: 'what do ya want for nothing?', key: 'Jefe' })).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(callNode(HMAC, { value: 'x', key: bin(1, 2, 3), algorithm: 'sha1' })).toBe(
      createHmac('sha1', Buffer.from([1, 2, 3]))
        .update('x')
        .digest('hex'),
    );
    expect(callNode(HMAC, { value: 'x', key: '' })).toMatch(/^[0-9a-f]{64}$/);
  });
  it('an array value is an error naming the pin', () => {
    expect(error(() => callNode(HMAC, { value: 'x', key: [1] })).message).toMatch(/^key is an array/);
  });
});

describe('random values', () => {
  it('UUID v4 shape, unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => callNode(UUID) as string));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('RandomString: length, charset, unicode charset, edge lengths', () => {
    expect(callNode(RandomString)).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(callNode(RandomString, { length: 0 })).toBe('');
    expect(callNode(RandomString, { length: 5, charset: 'x' })).toBe('xxxxx');
    const emoji = callNode(RandomString, { length: 50, charset: '👍é' }) as string;
    expect(Array.from(emoji)).toHaveLength(50);
    expect(Array.from(emoji).every((c) => c === '👍' || c === 'é')).toBe(true);
    expect(error(() => callNode(RandomString, { length: -1 })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(RandomString, { charset: '' })).code).toBe('NODE_ERROR');
    expect(error(() => callNode(RandomString, { length: 1e9 })).code).toBe('LIMIT_EXCEEDED');
  });
  it('RandomString is uniform enough (no modulo bias across a 62-character set)', () => {
    const s = callNode(RandomString, { length: 620_000 }) as string;
    const counts = new Map<string, number>();
    for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(600);
  });
});

describe('hex and secure compare', () => {
  it('hex round trip, separators, case, odd length, bad characters', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(callNode(HexDecode, { value: callNode(HexEncode, { value: all }), as: 'binary' })).toEqual(all);
    expect(callNode(HexDecode, { value: 'DE:AD be ef', as: 'binary' })).toEqual(bin(0xde, 0xad, 0xbe, 0xef));
    expect(error(() => callNode(HexDecode, { value: 'abc' })).message).toMatch(/odd/);
    expect(error(() => callNode(HexDecode, { value: '0g' })).message).toMatch(/"g"/);
    expect(error(() => callNode(HexDecode, { value: 'ff' })).message).toMatch(/UTF-8/);
    expect(callNode(HexEncode, { value: null })).toBe('');
  });
  it('secure compare: equal, different, different lengths, binary against text', () => {
    expect(callNode(SecureCompare, { a: 'abc', b: 'abc' })).toBe(true);
    expect(callNode(SecureCompare, { a: 'abc', b: 'abcd' })).toBe(false);
    expect(callNode(SecureCompare, { a: '', b: null })).toBe(true);
    expect(callNode(SecureCompare, { a: bin(0x61), b: 'a' })).toBe(true);
  });
});

describe('through the compiler', () => {
  it('verifies a webhook signature with HMAC and Secure Compare', async () => {
    const body = '{"action":"opened"}';
    const sig = createHmac('sha256', 's3cret').update(body).digest('hex');
    const doc = pattern(
      [
        { id: 's', type: 'OnStart' },
        { id: 'mac', type: 'HMAC', defaults: { value: body, key: 's3cret' } },
        { id: 'eq', type: 'SecureCompare', defaults: { b: sig } },
        { id: 'l', type: 'Log' },
      ],
      ['s.then -> l.exec', 'mac.result -> eq.a', 'eq.result -> l.message'],
    );
    const r = await run(doc);
    expect(r.logs.map((l) => l.message)).toEqual(['true']);
  });
});
