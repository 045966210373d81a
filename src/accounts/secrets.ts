// Secrets at rest: AES-256-GCM with a key from configuration (`--secrets-key`, `DRAGOPS_SECRETS_KEY`:
// 32 bytes as 64 hex characters or base64), else a key generated once into the data folder (0600).
// Only ciphertext, IV and tag reach the database; values are decrypted in memory for GetSecret.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Sealed {
  ciphertext: string;
  iv: string;
  tag: string;
}

export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes: 64 hex characters or base64');
  return key;
}

/** The configured key, or the data folder's own (made on first use). */
export function loadKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return parseKey(configured);
  const file = join(dataDir, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return parseKey(readFileSync(file, 'utf8'));
}

/** `aad` binds a ciphertext to its owner and name: it cannot be moved to another row and decrypt. */
export function seal(key: Buffer, value: string, aad: string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([c.update(value, 'utf8'), c.final()]);
  return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

export function unseal(key: Buffer, s: Sealed, aad: string): string {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(s.tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(s.ciphertext, 'base64')), d.final()]).toString('utf8');
}
