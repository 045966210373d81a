// Where connections (src/connections) and integration packs (src/packs) meet (SPEC §14). Packs know
// how a provider authenticates (a pack's `connection` section); connections hold the owner's
// credentials for it. Neither imports the other's internals: each side implements one interface here.

/** A pack's `connection` section, with the pack's request defaults the verify request needs. */
export interface ProviderSpec {
  provider: string;
  authType: 'none' | 'api_key' | 'bearer' | 'basic' | 'oauth2_client_credentials' | 'oauth2_authorization_code';
  /** The credential fields a user fills in (`secret: true` ones are never shown again). */
  credentials: { name: string; label?: string; secret?: boolean; required?: boolean }[];
  /** Where the credentials go on every request: templates over `credentials` and `connection` only. */
  inject?: { headers?: Record<string, string>; query?: Record<string, string> };
  verify?: { method: string; path: string; expectStatus?: number[] };
  oauth2?: { authorizationUrl?: string; tokenUrl: string; scopes?: string[]; pkce?: boolean };
  /** From the pack's `defaults`. */
  baseUrl: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The pack that declares it (slug and `metadata.version`). */
  pack: { slug: string; version: string };
}

/** Installed providers, by name (implemented by src/packs). */
export interface ProviderCatalog {
  provider(name: string): ProviderSpec | undefined;
  /** A provider whose pack was removed, as its newest known version declared it: existing
   * connections keep working for the deployments compiled with that pack (not for new connections). */
  retired?(name: string): ProviderSpec | undefined;
}

/** A connection ready for one execution: values decrypted, OAuth access token fresh. */
export interface ResolvedConnection {
  id: string;
  provider: string;
  authType: ProviderSpec['authType'];
  /** Decrypted values for `{{credentials.x}}`; OAuth2 connections carry `accessToken` here. Masked in logs. */
  credentials: Record<string, string>;
  /** Non-secret values for `{{connection.x}}` (`id`, `displayName`, non-secret credential fields). */
  fields: Record<string, string>;
}

/** Resolves an owner's connection for a running node (implemented by src/connections). Rejects with
 * a DragopsError: NOT_FOUND when the id is unknown or another user's, CONNECTION_ERROR when its
 * status is `error` or a refresh failed. */
export interface ConnectionResolver {
  resolve(owner: string, id: string): Promise<ResolvedConnection>;
}
