import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import type { DocumentVersion } from '@ctg/domain';
import { AdministratorRecord, AdministratorRepository, CampaignReadRepository, Membership, OrganisationRepository } from '@ctg/persistence';
import { Principal } from './access.decorator';
import type { AdministratorClaims } from './access.guard';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';

export type Identity =
  | { kind: 'administrator'; email: string; operator: boolean; organisations: Membership[] }
  | {
      kind: 'secretary';
      campaignId: string;
      /** `acts`: the signed extracts the body sent, so its page shows them and asks why a new one. */
      signatory: {
        id: string;
        name: string;
        kind: string;
        status: string;
        sessionDate: string | null;
        acts: DocumentVersion[];
        /** Who signs for the body, once named: the page offers to name or change it after an adoption. */
        signingAuthority: { name: string; capacity: string } | null;
      };
    }
  | { kind: 'signer'; campaignId: string; signatoryId: string };

export interface AccessToken {
  accessToken: string;
  expiresAt: string;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly administrators: AdministratorRepository,
    private readonly campaigns: CampaignReadRepository,
    private readonly organisations: OrganisationRepository,
    private readonly jwt: JwtService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** The first administrator, the operator, comes from ADMIN_EMAIL / ADMIN_PASSWORD; their organisation from FIRST_ORGANISATION_*. */
  async onApplicationBootstrap(): Promise<void> {
    const added = await this.administrators.addFirst(this.settings.adminEmail, await argon2.hash(this.settings.adminPassword));
    if (added) this.logger.log(`administrator ${this.settings.adminEmail} created, operator of the installation`);
    const first = this.settings.firstOrganisation;
    if (first && (await this.organisations.addFirst(first.siren, first.name, first.kind, this.settings.adminEmail))) {
      this.logger.log(`organisation ${first.name} (${first.siren}) created, managed by ${this.settings.adminEmail}`);
    }
  }

  async login(email: string, password: string): Promise<AccessToken> {
    const administrator = await this.administrators.findByEmail(email);
    const hash = administrator?.passwordHash ?? (await (this.decoyHash ??= argon2.hash('decoy-password-never-valid')));
    const valid = await argon2.verify(hash, password).catch(() => false);
    // A disabled account gets the same answer: the answer tells nothing about which accounts exist.
    if (!administrator || !valid || administrator.disabled) throw new ApiError(401, 'unknown e-mail or wrong password');
    return this.issueToken(administrator);
  }

  /** An access token for this version of the account: a password change, disabling or removal ends it. */
  async issueToken(administrator: Pick<AdministratorRecord, 'id' | 'email' | 'tokenVersion'>): Promise<AccessToken> {
    const expiresAt = new Date(Date.now() + this.settings.accessTokenTtlSeconds * 1000).toISOString();
    const claims: AdministratorClaims = { sub: administrator.id, email: administrator.email, role: 'administrator', ver: administrator.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.settings.jwtSecret,
      expiresIn: this.settings.accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
    return { accessToken, expiresAt };
  }

  async identify(principal: Principal): Promise<Identity> {
    if (principal.signer) {
      const { campaignId, signatoryId } = principal.signer;
      return { kind: 'signer', campaignId, signatoryId };
    }
    if (!principal.scope) {
      const organisations = await this.organisations.membershipsOf(principal.administratorId as string);
      return { kind: 'administrator', email: principal.actor.id, operator: principal.operator === true, organisations };
    }
    const { campaignId, signatoryId } = principal.scope;
    const [row] = await this.campaigns.signatories(campaignId, signatoryId);
    if (!row) throw new ApiError(404, `unknown signatory ${signatoryId} in campaign ${campaignId}`);
    return {
      kind: 'secretary',
      campaignId,
      signatory: {
        id: row.id,
        name: row.name,
        kind: row.kind,
        status: row.status,
        sessionDate: row.sessionDate,
        acts: row.acts ?? [],
        signingAuthority: row.signingAuthority ? { name: row.signingAuthority.name, capacity: row.signingAuthority.capacity } : null,
      },
    };
  }
}
