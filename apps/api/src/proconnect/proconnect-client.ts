import * as oidc from 'openid-client';
import { ProConnectSettings } from '../api-settings';

/** What the provider says of the agent once the id token and the user info are checked. */
export interface AgentClaims {
  email: string;
  /** The SIRET of the agent's establishment (14 digits), whose first 9 are its organisation's SIREN. */
  siret: string;
}

export interface ProConnectStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a return from the provider gives no session, in the words the web interface shows. */
export class ProConnectRefusal extends Error {
  constructor(
    readonly reason: 'provider' | 'claims',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The OpenID Connect client of ProConnect, through `openid-client`: authorization code with PKCE,
 * `state` and `nonce`; the id token's signature, issuer, audience, expiry and nonce are checked by
 * the library against the provider's published keys, and so is the signed user info.
 */
export class ProConnectClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: ProConnectSettings,
    private readonly redirectUri: string,
  ) {}

  async start(): Promise<ProConnectStart> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code of the return to `callbackUrl`; the claims and the id token (for the logout). */
  async finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<{ claims: AgentClaims; idToken: string }> {
    const config = await this.config();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    let info: oidc.UserInfoResponse;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const subject = tokens.claims()?.sub as string;
      info = await oidc.fetchUserInfo(config, tokens.access_token, subject);
    } catch (error) {
      throw new ProConnectRefusal('provider', `the provider's answer was refused: ${(error as Error).message}`);
    }
    const email = typeof info.email === 'string' ? info.email.toLowerCase() : '';
    const siret = typeof info.siret === 'string' ? info.siret : '';
    if (!email || !/^\d{14}$/.test(siret)) throw new ProConnectRefusal('claims', 'the provider gave no e-mail or no SIRET for this agent');
    return { claims: { email, siret }, idToken: tokens.id_token as string };
  }

  async endSessionUrl(idTokenHint: string, postLogoutRedirectUri: string): Promise<string> {
    return oidc.buildEndSessionUrl(await this.config(), { id_token_hint: idTokenHint, post_logout_redirect_uri: postLogoutRedirectUri, state: oidc.randomState() }).href;
  }

  /** The provider's discovery document, read once (again after a failure). */
  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private discover(): Promise<oidc.Configuration> {
    const issuer = new URL(this.settings.issuer);
    // The id token comes straight from the token endpoint, where the protocol lets a client trust
    // TLS instead of the signature: ProConnect's partners check the signature, and so does this one.
    // The settings allow plain HTTP on loopback only (a provider that the tests run).
    const execute = [oidc.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])];
    return oidc.discovery(
      issuer,
      this.settings.clientId,
      { client_secret: this.settings.clientSecret, id_token_signed_response_alg: 'RS256', userinfo_signed_response_alg: 'RS256' },
      oidc.ClientSecretPost(this.settings.clientSecret),
      { execute },
    );
  }
}
