// Sealing a connection's values with the secrets' key (AES-256-GCM, src/accounts/secrets.ts). The
// additional data binds each ciphertext to its row and its role — connection id, owner, and for
// tokens the token version they were written as — so a ciphertext copied to another row, another
// owner or back over newer tokens does not decrypt.
import { seal, unseal } from '../accounts/secrets.js';
import type { ConnectionRecord, SealedValue } from '../store/types.js';

/** OAuth tokens as kept (sealed) in a connection's `tokens`. */
export interface Tokens {
  accessToken: string;
  refreshToken?: string | undefined;
  tokenType?: string | undefined;
  scope?: string | undefined;
}

type Row = Pick<ConnectionRecord, 'id' | 'ownerId'>;
const aad = (c: Row, role: string) => `connection\u0000${c.id}\u0000${c.ownerId}\u0000${role}`;

export class Vault {
  constructor(private readonly key: Buffer) {}

  sealCredentials(c: Row, values: Record<string, string>): SealedValue {
    return seal(this.key, JSON.stringify(values), aad(c, 'credentials'));
  }

  openCredentials(c: Row & { credentials: SealedValue }): Record<string, string> {
    return Object.assign(Object.create(null), JSON.parse(unseal(this.key, c.credentials, aad(c, 'credentials')))) as Record<string, string>;
  }

  /** `version`: the token version the row will have once they are written. */
  sealTokens(c: Row, version: number, t: Tokens): SealedValue {
    return seal(this.key, JSON.stringify(t), aad(c, `tokens\u0000${version}`));
  }

  openTokens(c: Row & { tokens: SealedValue | null; tokenVersion: number }): Tokens | null {
    return c.tokens ? (JSON.parse(unseal(this.key, c.tokens, aad(c, `tokens\u0000${c.tokenVersion}`))) as Tokens) : null;
  }

  sealVerifier(stateHash: string, ownerId: string, verifier: string): SealedValue {
    return seal(this.key, verifier, `oauth-state\u0000${stateHash}\u0000${ownerId}`);
  }

  openVerifier(stateHash: string, ownerId: string, s: SealedValue): string {
    return unseal(this.key, s, `oauth-state\u0000${stateHash}\u0000${ownerId}`);
  }
}
