import { timingSafeEqual } from 'node:crypto';

import { loadOpenidClient, type OpenidClient } from './load-openid-client';
import { type Claims, identityFromClaims, type OidcIdentity } from './oidc-claims.mapper';
import { OidcError, safeOauthError } from './oidc-errors';
import { describeLibraryError, mapLibraryError } from './openid-client-errors.mapper';

type Configuration = InstanceType<OpenidClient['Configuration']>;

export interface OidcRpSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** `<publicUrl>/auth/oidc/callback`, registered at the OP. */
  readonly redirectUri: string;
  /** `<publicUrl>/`, registered at the OP as a post_logout_redirect_uri. */
  readonly postLogoutRedirectUri: string;
  readonly groupsClaim: string;
  /** Per HTTP request to the OP (discovery, JWKS, token, UserInfo). Default 10 s. */
  readonly timeoutMs?: number;
}

/** What the session keeps between `begin` and `complete`: single-use, never sent to the browser. */
export interface OidcPending {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

const BASE_SCOPES = ['openid', 'email', 'profile'];

/**
 * Plain http is for the test OP on loopback only: openid-client refuses non-https endpoints unless
 * `allowInsecureRequests` is set, and we set it only for these hosts. Every real OP is https.
 */
const INSECURE_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * An OpenID Connect relying party for one OP and one confidential client: authorization code flow
 * with PKCE (OIDC Core §3.1, RFC 7636), and RP-initiated logout. See README.md for each check.
 */
export class OidcRelyingParty {
  private constructor(
    private readonly client: OpenidClient,
    private readonly config: Configuration,
    private readonly settings: OidcRpSettings,
    private readonly scope: string,
    private readonly claimsRequest: string | undefined,
  ) {}

  /** Fetches the OP's metadata (OIDC Discovery 1.0 §4) once; build one instance at startup and reuse it. */
  static async discover(settings: OidcRpSettings): Promise<OidcRelyingParty> {
    const client = loadOpenidClient();
    let issuer: URL;
    try {
      issuer = new URL(settings.issuer);
    } catch {
      throw new OidcError('oidc/discovery-failed', 'the issuer is not a URL');
    }
    const insecure = issuer.protocol === 'http:' && INSECURE_HOSTS.has(issuer.hostname);
    if (issuer.protocol !== 'https:' && !insecure) {
      throw new OidcError('oidc/discovery-failed', 'the issuer must be https (http only on 127.0.0.1 or localhost)');
    }
    let config: Configuration;
    try {
      config = await client.discovery(
        issuer,
        settings.clientId,
        undefined,
        // OIDC Core §9: client_secret_basic is the default method every OP supports.
        client.ClientSecretBasic(settings.clientSecret),
        { timeout: (settings.timeoutMs ?? 10_000) / 1000, execute: insecure ? [client.allowInsecureRequests] : [] },
      );
    } catch (err) {
      // Discovery causes hold only public metadata or socket errors: keep them for diagnosis.
      const message = `discovery of ${issuer.origin} failed (${describeLibraryError(err)})`;
      throw new OidcError('oidc/discovery-failed', message, { cause: err });
    }
    const metadata = config.serverMetadata();
    // Ask for the groups claim by scope when the OP defines such a scope, else with the claims
    // request parameter (OIDC Core §5.5) when supported; otherwise the OP must release it by policy.
    const groupsScope = metadata.scopes_supported?.includes(settings.groupsClaim) ?? false;
    const scope = [...BASE_SCOPES, ...(groupsScope ? [settings.groupsClaim] : [])].join(' ');
    const claimsRequest =
      !groupsScope && metadata.claims_parameter_supported === true
        ? JSON.stringify({ id_token: { [settings.groupsClaim]: null }, userinfo: { [settings.groupsClaim]: null } })
        : undefined;
    return new OidcRelyingParty(client, config, settings, scope, claimsRequest);
  }

  get issuer(): string {
    return this.config.serverMetadata().issuer;
  }

  /** The authorization request (OIDC Core §3.1.2.1) and what to keep in the session for `complete`. */
  async begin(): Promise<{ url: string; pending: OidcPending }> {
    const { client } = this;
    const pending: OidcPending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const params: Record<string, string> = {
      response_type: 'code',
      redirect_uri: this.settings.redirectUri,
      scope: this.scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (this.claimsRequest) params.claims = this.claimsRequest;
    return { url: client.buildAuthorizationUrl(this.config, params).href, pending };
  }

  /**
   * Finishes the flow from the URL the browser came back with (absolute, or the path and query of the
   * request). Only its query is used: the token request repeats the configured redirect_uri exactly
   * (RFC 6749 §4.1.3), whatever host or proxy the request arrived through.
   */
  async complete(callbackUrl: string, pending: OidcPending): Promise<OidcIdentity> {
    const current = this.callbackParams(callbackUrl);
    const params = current.searchParams;
    if (!sameSecret(params.get('state'), pending.state)) {
      throw new OidcError('oidc/state-mismatch', 'the callback state does not match the pending authorization');
    }
    // RFC 9207 §2.4 (mix-up defence); openid-client checks it too, but would report it as a bad response.
    if (params.has('iss') && params.get('iss') !== this.issuer) {
      throw new OidcError('oidc/invalid-callback', 'the callback names another issuer');
    }
    if (params.has('error')) {
      const oauthError = safeOauthError(params.get('error'));
      throw new OidcError('oidc/denied', `the OP refused the authorization: "${oauthError}"`, { oauthError });
    }
    if (!params.get('code')) throw new OidcError('oidc/invalid-callback', 'the callback has no code');
    const { client } = this;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(this.config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw mapLibraryError(client, err, 'token exchange', 'oidc/token-failed');
    }
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new OidcError('oidc/id-token-invalid', 'the token response has no ID token');
    const userinfo =
      claims[this.settings.groupsClaim] === undefined ? await this.userinfo(tokens, claims.sub) : undefined;
    return identityFromClaims(claims, userinfo, this.settings.groupsClaim, tokens.id_token);
  }

  /** RP-Initiated Logout 1.0 §2: the OP's end_session_endpoint, or undefined when it has none. */
  logoutUrl(idTokenHint?: string): string | undefined {
    if (!this.config.serverMetadata().end_session_endpoint) return undefined;
    const params: Record<string, string> = { post_logout_redirect_uri: this.settings.postLogoutRedirectUri };
    if (idTokenHint) params.id_token_hint = idTokenHint;
    return this.client.buildEndSessionUrl(this.config, params).href;
  }

  /** OIDC Core §5.3: the groups claim from UserInfo when the ID token left it out (§5.4, §5.5). */
  private async userinfo(tokens: { access_token: string }, subject: string): Promise<Claims | undefined> {
    if (!this.config.serverMetadata().userinfo_endpoint) return undefined;
    try {
      return await this.client.fetchUserInfo(this.config, tokens.access_token, subject);
    } catch (err) {
      throw mapLibraryError(this.client, err, 'UserInfo request', 'oidc/userinfo-failed');
    }
  }

  private callbackParams(callbackUrl: string): URL {
    const current = new URL(this.settings.redirectUri);
    try {
      current.search = new URL(callbackUrl, this.settings.redirectUri).search;
    } catch {
      throw new OidcError('oidc/invalid-callback', 'the callback URL cannot be parsed');
    }
    return current;
  }
}

/** Constant-time comparison; a missing value never matches. */
function sameSecret(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
