// The OAuth authorization-code flow (RFC 6749 §4.1 with PKCE S256, RFC 7636): `start` records a
// pending authorization — a random `state` (stored as its SHA-256, so the database alone cannot
// complete a flow) and the sealed PKCE verifier, valid 10 minutes — and answers the provider's
// authorization URL; `callback` takes that state once (any instance can: it is in the database),
// exchanges the code with the verifier and stores the tokens, in a new connection or in the one
// being reconnected (which leaves `error` for `active`).
import { DragopsError } from '../errors/error.js';
import type { OAuthStateRecord, Store } from '../store/types.js';
import type { ProviderSpec } from './port.js';
import type { Connections } from './service.js';
import { checkDisplayName, info, type ConnectionInfo } from './info.js';
import { authorizationUrl, challengeOf, hashState, newAuthorization, OAuthError, tokenRequest, type Send, type TokenAnswer } from './oauth.js';
import { checkCredentials, mask, publicFields, renderPublic, secretValues } from './providers.js';
import type { Vault } from './vault.js';

export const STATE_TTL_MS = 10 * 60_000;

export interface StartAnswer {
  authorizationUrl: string;
  state: string;
  expiresAt: string;
}

const invalid = (message: string, field: string) => new DragopsError('VALIDATION_ERROR', message, { details: { field } });

export class OAuthFlow {
  constructor(
    private readonly connections: Connections,
    private readonly store: Store,
    private readonly vault: Vault,
    private readonly send: Send,
    private readonly timeoutMs: number,
  ) {}

  private authorizationCode(spec: ProviderSpec): NonNullable<ProviderSpec['oauth2']> {
    if (spec.authType !== 'oauth2_authorization_code')
      throw invalid(
        `provider ${spec.provider} uses ${spec.authType}, not the OAuth authorization-code flow: create its connection with POST /api/connections`,
        'provider',
      );
    if (!spec.oauth2?.authorizationUrl || !spec.oauth2.tokenUrl)
      throw invalid(`provider ${spec.provider} declares no oauth2 authorizationUrl and tokenUrl`, 'provider');
    return spec.oauth2;
  }

  /** A new authorization for `provider` (named `displayName`), or a Reconnect of `connectionId`. */
  async start(
    owner: string,
    q: { provider?: string | undefined; displayName?: string | undefined; connectionId?: string | undefined },
    redirectUri: string,
  ): Promise<StartAnswer> {
    let spec: ProviderSpec;
    let displayName: string;
    let credentials: Record<string, string>;
    if (q.connectionId) {
      const rec = await this.connections.owned(owner, q.connectionId);
      spec = this.connections.spec(rec.provider);
      displayName = rec.displayName;
      credentials = this.vault.openCredentials(rec);
    } else {
      spec = this.connections.spec(q.provider);
      displayName = checkDisplayName(q.displayName ?? spec.provider);
      try {
        credentials = checkCredentials(spec, {});
      } catch (e) {
        throw invalid(
          `${(e as Error).message}: create the connection with POST /api/connections first, then start its authorization with ?connectionId=`,
          'provider',
        );
      }
    }
    this.authorizationCode(spec);
    const a = newAuthorization();
    const now = Date.now();
    const stateHash = hashState(a.state);
    const st: OAuthStateRecord = {
      stateHash,
      ownerId: owner,
      provider: spec.provider,
      displayName,
      connectionId: q.connectionId ?? null,
      verifier: this.vault.sealVerifier(stateHash, owner, a.verifier),
      redirectUri,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + STATE_TTL_MS).toISOString(),
    };
    await this.store.putOAuthState(st);
    return this.answerFor(st, a.state, spec, credentials, a.verifier);
  }

  /** The authorization URL of one of the owner's pending authorizations, again (continued in a
   * browser: src/connections/binding.ts); NOT_FOUND for another user's, a used or an expired one. */
  async continue(owner: string, state: string): Promise<StartAnswer> {
    const st = await this.store.peekOAuthState(hashState(state), new Date().toISOString());
    if (!st || st.ownerId !== owner)
      throw new DragopsError(
        'NOT_FOUND',
        'no authorization of yours is pending with this state (used already, expired, or started by another user): start it again',
      );
    const spec = this.connections.spec(st.provider);
    const credentials = st.connectionId ? this.vault.openCredentials(await this.connections.owned(owner, st.connectionId)) : checkCredentials(spec, {});
    return this.answerFor(st, state, spec, credentials, this.vault.openVerifier(st.stateHash, st.ownerId, st.verifier));
  }

  private answerFor(st: OAuthStateRecord, state: string, spec: ProviderSpec, credentials: Record<string, string>, verifier: string): StartAnswer {
    const oauth2 = this.authorizationCode(spec);
    const client = this.connections.client(spec, credentials);
    const fields = publicFields(spec, { id: st.connectionId ?? '', displayName: st.displayName }, credentials);
    const url = authorizationUrl(renderPublic(oauth2.authorizationUrl!, fields), {
      clientId: client.clientId,
      redirectUri: st.redirectUri,
      scopes: oauth2.scopes ?? [],
      state,
      challenge: oauth2.pkce === false ? null : challengeOf(verifier),
    });
    return { authorizationUrl: url, state, expiresAt: st.expiresAt };
  }

  /** The provider's redirect back: `?code&state`, or `?error&state`. */
  async callback(q: {
    state?: string | undefined;
    code?: string | undefined;
    error?: string | undefined;
    error_description?: string | undefined;
  }): Promise<ConnectionInfo> {
    if (!q.state) throw new DragopsError('OAUTH_STATE_INVALID', 'the OAuth callback has no state');
    const st = await this.store.takeOAuthState(hashState(q.state), new Date().toISOString());
    if (!st) throw new DragopsError('OAUTH_STATE_INVALID', 'the OAuth state is unknown, used already or expired: start the authorization again');
    if (q.error) {
      const why = `${q.error}${q.error_description ? `: ${q.error_description}` : ''}`.slice(0, 300);
      throw new DragopsError('OAUTH_FAILED', `the provider refused the authorization (${why})`);
    }
    if (!q.code) throw new DragopsError('OAUTH_FAILED', 'the provider redirected back without a code');
    const spec = this.connections.spec(st.provider);
    const oauth2 = this.authorizationCode(spec);
    const rec = st.connectionId ? await this.connections.owned(st.ownerId, st.connectionId) : undefined;
    const credentials = rec ? this.vault.openCredentials(rec) : checkCredentials(spec, {});
    const client = this.connections.client(spec, credentials);
    const fields = publicFields(spec, { id: rec?.id ?? '', displayName: st.displayName }, credentials);
    const grant: Record<string, string> = { grant_type: 'authorization_code', code: q.code, redirect_uri: st.redirectUri };
    if (oauth2.pkce !== false) grant.code_verifier = this.vault.openVerifier(st.stateHash, st.ownerId, st.verifier);
    let answer: TokenAnswer;
    try {
      answer = await tokenRequest(this.send, renderPublic(oauth2.tokenUrl, fields), grant, client, { timeoutMs: this.timeoutMs, now: Date.now() });
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      throw new DragopsError('OAUTH_FAILED', `the code exchange failed: ${mask(e.message, [...secretValues(spec, credentials), q.code])}`);
    }
    const now = new Date().toISOString();
    if (!rec) return info(await this.connections.insert(st.ownerId, spec, st.displayName, credentials, now, answer));
    // Reconnect: new tokens over whatever version is there (a refresh racing it loses: ours are newer).
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await this.connections.owned(st.ownerId, rec.id);
      const written = await this.store.updateConnection(
        rec.id,
        {
          status: 'active',
          statusMessage: null,
          tokens: { expectedVersion: cur.tokenVersion, sealed: this.vault.sealTokens(cur, cur.tokenVersion + 1, answer.tokens), expiresAt: answer.expiresAt },
        },
        now,
      );
      if (written) return info(written);
    }
    throw new DragopsError('CONFLICT', `connection ${rec.id} kept changing while its new tokens were stored; start the authorization again`);
  }
}
