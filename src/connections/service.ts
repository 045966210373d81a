// Connections (SPEC §14): an owner's saved credentials for a provider, sealed at rest, decrypted
// only to resolve them for a running node (ConnectionResolver) or to test them. Everything the API
// and CLI do with connections goes through this one service; it throws catalog errors
// (DragopsError) and never puts a credential value or token in a message.
import { randomBytes } from 'node:crypto';
import { DragopsError } from '../errors/error.js';
import type { ConnectionRecord, Store } from '../store/types.js';
import type { ConnectionResolver, ProviderCatalog, ProviderSpec, ResolvedConnection } from './port.js';
import { checkCredentials, fieldsOf, isOAuth, mask, publicFields, renderPublic, secretValues } from './providers.js';
import { Vault, type Tokens } from './vault.js';
import { TokenKeeper, connectionError, type KeeperOptions } from './refresh.js';
import { OAuthError, tokenRequest, type OAuthClient, type Send, type TokenAnswer } from './oauth.js';
import { OAuthFlow } from './flow.js';
import { verifyConnection, type TestResult } from './verify.js';
import { checkDisplayName, info, newConnectionId, type ConnectionInfo } from './info.js';

export type { ConnectionInfo } from './info.js';

export interface ConnectionsOptions {
  store: Store;
  /** The secrets' key (AES-256-GCM). */
  key: Buffer;
  providers: ProviderCatalog;
  /** Outbound requests (token endpoint, verify), under the server's HTTP policy. */
  send: Send;
  /** OAuth clients registered on the server, by provider, for providers whose pack does not ask
   * the user for `clientId` (ServerConfig.oauthClients). */
  oauthClients?: Readonly<Record<string, OAuthClient>> | undefined;
  /** This process's name in refresh leases; random by default. */
  holder?: string;
  timeoutMs?: number;
  keeper?: Partial<KeeperOptions>;
}

const notFound = (id: string) => new DragopsError('NOT_FOUND', `connection ${id} not found`);
const invalid = (message: string, field: string) => new DragopsError('VALIDATION_ERROR', message, { details: { field } });

export class Connections implements ConnectionResolver {
  readonly vault: Vault;
  readonly keeper: TokenKeeper;
  readonly oauth: OAuthFlow;
  private readonly timeoutMs: number;

  constructor(private readonly o: ConnectionsOptions) {
    this.vault = new Vault(o.key);
    this.keeper = new TokenKeeper(o.store, this.vault, o.holder ?? `proc_${randomBytes(8).toString('hex')}`, o.keeper);
    this.timeoutMs = o.timeoutMs ?? 15_000;
    this.oauth = new OAuthFlow(this, o.store, this.vault, o.send, this.timeoutMs);
  }

  /** The provider's declaration, or UNKNOWN_PROVIDER. */
  spec(provider: unknown): ProviderSpec {
    if (typeof provider !== 'string' || provider === '') throw invalid('provider must be the name of an installed provider', 'provider');
    const spec = this.o.providers.provider(provider);
    if (!spec)
      throw new DragopsError(
        'UNKNOWN_PROVIDER',
        `no installed integration pack provides ${JSON.stringify(provider.slice(0, 100))} (GET /api/packs lists them)`,
        {
          details: { field: 'provider' },
        },
      );
    return spec;
  }

  /** The OAuth client of a connection: its own `clientId`/`clientSecret` fields, else the server's. */
  client(spec: ProviderSpec, credentials: Record<string, string>): OAuthClient {
    if (credentials.clientId) return { clientId: credentials.clientId, clientSecret: credentials.clientSecret };
    const configured = this.o.oauthClients && Object.hasOwn(this.o.oauthClients, spec.provider) ? this.o.oauthClients[spec.provider] : undefined;
    if (configured) return configured;
    throw new DragopsError(
      'VALIDATION_ERROR',
      `provider ${spec.provider} needs an OAuth client: the server has none configured for it (oauthClients) and its pack asks for no clientId`,
      { details: { field: 'provider' } },
    );
  }

  async create(
    owner: string,
    body: { provider: unknown; displayName: unknown; credentials?: unknown },
    now = new Date().toISOString(),
  ): Promise<ConnectionInfo> {
    const spec = this.spec(body.provider);
    const displayName = checkDisplayName(body.displayName);
    const credentials = checkCredentials(spec, body.credentials ?? {});
    if (isOAuth(spec.authType)) this.client(spec, credentials);
    return info(await this.insert(owner, spec, displayName, credentials, now));
  }

  /** Creates the record; `tokens` for an authorization just made (OAuth callback). */
  async insert(
    owner: string,
    spec: ProviderSpec,
    displayName: string,
    credentials: Record<string, string>,
    now: string,
    tokens?: TokenAnswer,
  ): Promise<ConnectionRecord> {
    const row = { id: newConnectionId(), ownerId: owner };
    const pending = spec.authType === 'oauth2_authorization_code' && !tokens;
    const rec: ConnectionRecord = {
      ...row,
      provider: spec.provider,
      displayName,
      authType: spec.authType,
      status: pending ? 'pending' : 'active',
      statusMessage: pending ? 'not authorized yet: start the OAuth authorization' : null,
      credentials: this.vault.sealCredentials(row, credentials),
      tokens: tokens ? this.vault.sealTokens(row, 0, tokens.tokens) : null,
      tokenVersion: 0,
      tokenExpiresAt: tokens?.expiresAt ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.o.store.createConnection(rec);
    return rec;
  }

  /** `POST /api/connections/api-key`: the provider's one key field (`apiKey`, else its only secret field). */
  async createApiKey(owner: string, body: { provider: unknown; apiKey: unknown; displayName?: unknown }): Promise<ConnectionInfo> {
    const spec = this.spec(body.provider);
    const fields = fieldsOf(spec);
    const field = fields.find((f) => f.name === 'apiKey') ?? (fields.length === 1 ? fields[0] : undefined);
    if (!field || isOAuth(spec.authType))
      throw invalid(
        `provider ${spec.provider} (${spec.authType}) takes ${fields.map((f) => f.name).join(', ') || 'no credentials'}, not one API key: use POST /api/connections`,
        'provider',
      );
    if (typeof body.apiKey !== 'string' || body.apiKey === '') throw invalid('apiKey must be a non-empty string', 'apiKey');
    return this.create(owner, { provider: spec.provider, displayName: body.displayName ?? spec.provider, credentials: { [field.name]: body.apiKey } });
  }

  /** The owner's connection record, or NOT_FOUND (missing and another owner's are alike). */
  async owned(owner: string, id: string): Promise<ConnectionRecord> {
    const rec = await this.o.store.getConnection(id);
    if (!rec || rec.ownerId !== owner) throw notFound(id);
    return rec;
  }

  async list(owner: string): Promise<ConnectionInfo[]> {
    return (await this.o.store.listConnections(owner)).map(info);
  }

  async get(owner: string, id: string): Promise<ConnectionInfo> {
    return info(await this.owned(owner, id));
  }

  /**
   * Renames and/or changes credentials: the fields given replace the stored ones, the others are
   * kept. New credentials of a client-credentials connection drop its token and clear an `error`
   * (the next use fetches a token with them).
   */
  async update(owner: string, id: string, body: { displayName?: unknown; credentials?: unknown }): Promise<ConnectionInfo> {
    const rec = await this.owned(owner, id);
    const now = new Date().toISOString();
    const patch: Parameters<Store['updateConnection']>[1] = {};
    if (body.displayName !== undefined) patch.displayName = checkDisplayName(body.displayName);
    if (body.credentials !== undefined) {
      const spec = this.spec(rec.provider);
      const merged = checkCredentials(spec, body.credentials, this.vault.openCredentials(rec));
      patch.credentials = this.vault.sealCredentials(rec, merged);
      if (spec.authType === 'oauth2_client_credentials') {
        patch.status = 'active';
        patch.statusMessage = null;
        patch.tokens = { expectedVersion: rec.tokenVersion, sealed: null, expiresAt: null };
      } else if (spec.authType !== 'oauth2_authorization_code') {
        patch.status = 'active';
        patch.statusMessage = null;
      }
    }
    const updated = await this.o.store.updateConnection(id, patch, now);
    if (updated) return info(updated);
    // Only a token write can lose (a refresh wrote meanwhile): try once more on what it wrote.
    if (patch.tokens) return this.update(owner, id, body);
    throw notFound(id);
  }

  async delete(owner: string, id: string): Promise<void> {
    if (!(await this.o.store.deleteConnection(owner, id))) throw notFound(id);
  }

  /** ConnectionResolver: the owner's connection, decrypted, with a fresh access token. */
  async resolve(owner: string, id: string): Promise<ResolvedConnection> {
    const rec = await this.owned(owner, id);
    const spec = this.o.providers.provider(rec.provider) ?? this.o.providers.retired?.(rec.provider);
    if (!spec) throw connectionError(id, `provider ${rec.provider} is not installed (its integration pack was removed)`);
    return this.resolveRecord(rec, spec);
  }

  async resolveRecord(rec: ConnectionRecord, spec: ProviderSpec): Promise<ResolvedConnection> {
    if (rec.status === 'error') throw connectionError(rec.id, `${rec.statusMessage ?? 'it failed'} (Reconnect it)`);
    const credentials = this.vault.openCredentials(rec);
    const fields = publicFields(spec, rec, credentials);
    if (isOAuth(spec.authType)) {
      const tokens = await this.keeper.tokens(rec, (r, current) => this.obtain(r, spec, credentials, fields, current));
      credentials.accessToken = tokens.accessToken;
    }
    return { id: rec.id, provider: rec.provider, authType: spec.authType, credentials, fields };
  }

  /** New tokens from the provider: a client-credentials grant, or the refresh token's grant. */
  private async obtain(rec: ConnectionRecord, spec: ProviderSpec, credentials: Record<string, string>, fields: Record<string, string>, current: Tokens | null) {
    const secrets = [...secretValues(spec, credentials), ...[current?.accessToken, current?.refreshToken].filter((v): v is string => !!v)];
    try {
      if (!spec.oauth2?.tokenUrl) throw new OAuthError(`provider ${spec.provider} declares no oauth2.tokenUrl`, true);
      const tokenUrl = renderPublic(spec.oauth2.tokenUrl, fields);
      const client = this.client(spec, credentials);
      const o = { timeoutMs: this.timeoutMs, now: Date.now(), keepRefresh: current?.refreshToken };
      if (spec.authType === 'oauth2_client_credentials') {
        const grant: Record<string, string> = { grant_type: 'client_credentials' };
        if (spec.oauth2.scopes?.length) grant.scope = spec.oauth2.scopes.join(' ');
        return await tokenRequest(this.o.send, tokenUrl, grant, client, o);
      }
      if (!current?.refreshToken) throw new OAuthError('the access token expired and the provider gave no refresh token', true);
      return await tokenRequest(this.o.send, tokenUrl, { grant_type: 'refresh_token', refresh_token: current.refreshToken }, client, o);
    } catch (e) {
      if (e instanceof OAuthError) throw new OAuthError(mask(e.message, secrets), e.definitive);
      if (e instanceof DragopsError) throw new OAuthError(mask(e.message, secrets), true);
      throw e;
    }
  }

  /** `POST /api/connections/:id/test`: resolves the connection (an OAuth token is fetched or
   * refreshed if needed) and sends the provider's `verify` request with the credentials injected. */
  async test(owner: string, id: string): Promise<TestResult> {
    const rec = await this.owned(owner, id);
    const spec = this.o.providers.provider(rec.provider) ?? this.o.providers.retired?.(rec.provider);
    if (!spec) return { ok: false, status: null, message: `provider ${rec.provider} is not installed (its integration pack was removed)` };
    let c: ResolvedConnection;
    try {
      c = await this.resolveRecord(rec, spec);
    } catch (e) {
      if (e instanceof DragopsError) return { ok: false, status: null, message: e.message };
      throw e;
    }
    return verifyConnection(this.o.send, spec, c, this.timeoutMs);
  }
}
