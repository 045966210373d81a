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

  /** The key must be the one the database's secrets were sealed with (SPEC §13: every instance
   * shares it): a value sealed by the first server to start is opened at each start. Throws, saying
   * so, when it cannot be. */
  async checkKey(): Promise<void> {
    const mine = JSON.stringify(seal(this.key, 'dragops', 'key-check'));
    const stored = await this.store.claimValue('secrets:key-check', mine);
    try {
      unseal(this.key, JSON.parse(stored) as Parameters<typeof unseal>[1], 'key-check');
    } catch {
      throw new Error(
        'the secrets key (--secrets-key, $DRAGOPS_SECRETS_KEY or secrets.key in the data folder) is not the one this database was started with; every instance must use the same key',
      );
    }
  }

  /** Loads (and decrypts) an owner's secrets once; later reads are from memory. */
  async load(ownerId: string): Promise<Map<string, string>> {
    let m = this.byOwner.get(ownerId);
    if (m) return m;
    m = await this.read(ownerId);
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
    this.onChange?.(ownerId);
  }

  /** Told after an owner's secrets changed here (the other instances read them again). */
  onChange: ((ownerId: string) => void) | undefined;
  /** Changed elsewhere: read again, and swapped in whole once read (executions running meanwhile
   * keep reading the values they started with, never an empty map). */
  async refresh(ownerId: string): Promise<void> {
    if (this.byOwner.has(ownerId)) this.byOwner.set(ownerId, await this.read(ownerId));
  }

  /** An owner's secrets, read from the store and decrypted. */
  private async read(ownerId: string): Promise<Map<string, string>> {
    const m = new Map<string, string>();
    for (const r of await this.store.listSecrets(ownerId)) m.set(r.name, unseal(this.key, r, this.aad(ownerId, r.name)));
    return m;
  }
  async refreshAll(): Promise<void> {
    for (const id of [...this.byOwner.keys()]) await this.refresh(id);
  }

  async delete(ownerId: string, name: string): Promise<boolean> {
    const gone = await this.store.deleteSecret(ownerId, name);
    this.byOwner.get(ownerId)?.delete(name);
    if (gone) this.onChange?.(ownerId);
    return gone;
  }

  async list(ownerId: string): Promise<{ name: string; updatedAt: string }[]> {
    return (await this.store.listSecrets(ownerId)).map((r) => ({ name: r.name, updatedAt: r.updatedAt }));
  }
}
