// The server's secrets: sealed in the database, decrypted once into memory (per owner) so that
// GetSecret, which runs synchronously inside generated code, can read them.
import type { Store } from '../store/types.js';
import { seal, unseal } from './secrets.js';

export class SecretStore {
  private readonly byOwner = new Map<string, Map<string, string>>();
  constructor(
    private readonly store: Store,
    private readonly key: Buffer,
  ) {}

  private aad(ownerId: string, name: string) {
    return `${ownerId}\u0000${name}`;
  }

  /** Loads (and decrypts) an owner's secrets once; later reads are from memory. */
  async load(ownerId: string): Promise<Map<string, string>> {
    let m = this.byOwner.get(ownerId);
    if (m) return m;
    m = new Map();
    for (const r of await this.store.listSecrets(ownerId)) m.set(r.name, unseal(this.key, r, this.aad(ownerId, r.name)));
    this.byOwner.set(ownerId, m);
    return m;
  }

  /** True once `load(ownerId)` has run: executions of the owner need not wait for it. */
  loaded(ownerId: string): boolean {
    return this.byOwner.has(ownerId);
  }

  /** Synchronous read for running executions (loaded before the run starts). */
  get(ownerId: string, name: string): string | undefined {
    return this.byOwner.get(ownerId)?.get(name);
  }

  async put(ownerId: string, name: string, value: string): Promise<void> {
    await this.store.putSecret(ownerId, name, seal(this.key, value, this.aad(ownerId, name)), new Date().toISOString());
    (await this.load(ownerId)).set(name, value);
  }

  async delete(ownerId: string, name: string): Promise<boolean> {
    const gone = await this.store.deleteSecret(ownerId, name);
    this.byOwner.get(ownerId)?.delete(name);
    return gone;
  }

  async list(ownerId: string): Promise<{ name: string; updatedAt: string }[]> {
    return (await this.store.listSecrets(ownerId)).map((r) => ({ name: r.name, updatedAt: r.updatedAt }));
  }
}
