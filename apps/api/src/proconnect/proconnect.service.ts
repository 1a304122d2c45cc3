import { Inject, Injectable, Logger } from '@nestjs/common';
import { AdministratorRepository, OrganisationRepository, SignInAttemptRepository } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error';
import { ProConnectClient, ProConnectRefusal } from './proconnect-client';

/** Where the web interface takes the outcome of a sign-in (in the fragment: never sent to a server, never logged). */
export const SIGN_IN_PAGE = '/connexion-proconnect';

/** Why a sign-in gives no session, as the web interface names it (fr.ts). */
export type SignInRefusal = 'etat' | 'fournisseur' | 'refus' | 'organisation-inconnue' | 'non-membre';

export type SignInOutcome = { refused: SignInRefusal } | { accessToken: string; expiresAt: string; idToken: string };

/**
 * Sign-in of public agents through ProConnect. An agent is let in when the provider vouches for
 * their e-mail and their establishment's SIRET, an organisation has that SIRET's SIREN, and the
 * account of that e-mail is a member of it (an account disabled, or a member removed, is refused).
 */
@Injectable()
export class ProConnectService {
  private readonly logger = new Logger(ProConnectService.name);
  private readonly client: ProConnectClient | undefined;

  constructor(
    private readonly attempts: SignInAttemptRepository,
    private readonly administrators: AdministratorRepository,
    private readonly organisations: OrganisationRepository,
    private readonly auth: AuthService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {
    this.client = settings.proConnect ? new ProConnectClient(settings.proConnect, this.callbackUrl) : undefined;
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  get callbackUrl(): string {
    return `${this.settings.publicUrl}/auth/proconnect/callback`;
  }

  /** The provider's authorization URL, and the state the browser keeps (in a cookie) to come back with. */
  async start(): Promise<{ url: string; state: string }> {
    const client = this.require();
    const { url, state, nonce, codeVerifier } = await client.start().catch((error: Error) => {
      this.logger.warn(`ProConnect discovery failed: ${error.message}`);
      throw ApiError.unavailable('ProConnect cannot be reached: try again in a moment, or sign in with a password');
    });
    await this.attempts.begin(state, { nonce, codeVerifier });
    return { url, state };
  }

  /** The return from the provider: `query` as received, `browserState` from the browser's cookie. */
  async finish(query: Record<string, unknown>, browserState: string | undefined): Promise<SignInOutcome> {
    const client = this.require();
    const state = typeof query.state === 'string' ? query.state : '';
    // The state must be this browser's own: a return started elsewhere (a forged link) is refused.
    if (!state || state !== browserState) return { refused: 'etat' };
    const attempt = await this.attempts.take(state);
    if (!attempt) return { refused: 'etat' };
    if (typeof query.error === 'string') return { refused: 'refus' };
    const callback = new URL(this.callbackUrl);
    for (const [name, value] of Object.entries(query)) if (typeof value === 'string') callback.searchParams.set(name, value);
    let signedIn: Awaited<ReturnType<ProConnectClient['finish']>>;
    try {
      signedIn = await client.finish(callback, { state, ...attempt });
    } catch (error) {
      if (!(error instanceof ProConnectRefusal)) throw error;
      this.logger.warn(`ProConnect sign-in refused: ${error.message}`);
      return { refused: 'fournisseur' };
    }
    const { email, siret } = signedIn.claims;
    const organisation = await this.organisations.bySiren(siret.slice(0, 9));
    if (!organisation) return { refused: 'organisation-inconnue' };
    const account = await this.administrators.findByEmail(email);
    const member = account && !account.disabled && (await this.organisations.membershipsOf(account.id)).some((m) => m.id === organisation.id);
    if (!account || !member) return { refused: 'non-membre' };
    const { accessToken, expiresAt } = await this.auth.issueToken(account);
    return { accessToken, expiresAt, idToken: signedIn.idToken };
  }

  /** The provider's end of session, back to the web interface's home. */
  async logoutUrl(idTokenHint: string): Promise<string> {
    return this.require().endSessionUrl(idTokenHint, `${this.settings.publicUrl}/`);
  }

  private require(): ProConnectClient {
    if (!this.client) throw new ApiError(404, 'ProConnect sign-in is not configured on this installation (PROCONNECT_ISSUER)');
    return this.client;
  }
}
