// Issuing tokens: random, shown once, stored as their SHA-256 (passwords.ts), each with an expiry.
import type { Store, Token } from '../store/types.js';
import { newToken, randomId } from './passwords.js';

/** Sessions (login, register) expire this long after sign-in, however much they are used. */
export const SESSION_DAYS = 30;
/** API tokens expire this long after creation unless asked otherwise. */
export const API_TOKEN_DAYS = 90;

/** A new token for the user: `days` until it expires, or null for never. Returns the token (to show
 * once) and its record. */
export async function issueToken(
  store: Store,
  userId: string,
  name: string,
  kind: Token['kind'],
  days: number | null,
): Promise<{ token: string; record: Token }> {
  const { token, hash } = newToken();
  const now = Date.now();
  const record: Token = {
    id: randomId('tok'),
    userId,
    name,
    kind,
    createdAt: new Date(now).toISOString(),
    expiresAt: days === null ? null : new Date(now + days * 86_400_000).toISOString(),
    lastUsedAt: null,
  };
  await store.createToken({ ...record, hash });
  return { token, record };
}
