// Passwords are hashed with scrypt, a memory-hard function (node:crypto, no dependency).
import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

export interface HashCost {
  N: number;
  r: number;
  p: number;
}
/** 2^15 × 8 × 128 bytes = 32 MiB of memory per hash, ~50–100 ms here. Tests pass a smaller cost. */
export const DEFAULT_COST: HashCost = { N: 2 ** 15, r: 8, p: 1 };

export async function hashPassword(password: string, cost: HashCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { ...cost, maxmem: 256 * cost.N * cost.r });
  return timingSafeEqual(got, expected);
}

/** Tokens are random; only their SHA-256 is stored, so a leaked database leaks no usable token. */
export function newToken(): { token: string; hash: string } {
  const token = `dgo_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const randomId = (prefix: string, bytes = 12) => `${prefix}_${randomBytes(bytes).toString('base64url').replace(/[-_]/g, '').slice(0, 20)}`;
