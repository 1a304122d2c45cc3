import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import * as argon2 from 'argon2';
import nodemailer, { Transporter } from 'nodemailer';
import { AdministratorRepository, InvitationRepository, MemberRole, OrganisationKind, OrganisationRepository, PendingInvitation } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { Principal } from '../auth/access.decorator';
import { AccessToken, AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error';
import { renderInvitationEmail } from './invitation-mail';
import { OrganisationsService } from './organisations.service';

export interface InvitationView {
  organisation: { siren: string; name: string; kind: OrganisationKind };
  email: string;
  role: MemberRole;
  expiresAt: string;
  /** Whether the invited e-mail has an account already: then no password is asked. */
  accountExists: boolean;
}

const UNUSABLE = 'this invitation is invalid, expired, withdrawn or accepted already: ask for a new one';

/**
 * Invitations to join an organisation by e-mail. The API answers 201 once the SMTP server has taken
 * the e-mail; when it could not, nothing is kept (503). The link expires; it is accepted once, by
 * creating the account (with a password) or by joining with the account of that e-mail.
 */
@Injectable()
export class InvitationsService implements OnModuleDestroy {
  private readonly logger = new Logger(InvitationsService.name);
  private readonly transport: Transporter | undefined;

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly members: OrganisationsService,
    private readonly administrators: AdministratorRepository,
    private readonly auth: AuthService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {
    this.transport = settings.smtpUrl
      ? nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 })
      : undefined;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  async invite(principal: Principal, siren: string, email: string, role: MemberRole): Promise<PendingInvitation> {
    const organisation = await this.members.managed(principal, siren);
    if (!this.transport) throw ApiError.unavailable('invitations cannot be e-mailed: this installation has no SMTP_URL');
    const address = email.toLowerCase();
    if ((await this.organisations.members(organisation.id)).some((m) => m.email.toLowerCase() === address)) {
      throw new ApiError(409, `${address} is a member of ${organisation.name} already: change their role instead; nothing changed`);
    }
    const invitedBy = principal.actor.id;
    const { id, token, expiresAt } = await this.invitations.create(organisation.id, address, role, invitedBy, this.settings.invitationTtlDays * 86_400_000);
    const mail = renderInvitationEmail({ organisation: organisation.name, role, invitedBy, expiresAt }, `${this.settings.publicUrl}/invitation?token=${token}`);
    try {
      await this.transport.sendMail({ from: this.settings.mailFrom, to: address, subject: mail.subject, text: mail.text, headers: { 'X-CTG-Organisation': siren } });
    } catch (error) {
      await this.invitations.discard(id);
      this.logger.warn(`the invitation of ${address} to ${siren} was not sent: ${(error as Error).message}`);
      throw ApiError.unavailable('the invitation could not be e-mailed (the mail server refused it or is away): nothing was kept; try again');
    }
    return { email: address, role, invitedBy, createdAt: new Date().toISOString(), expiresAt };
  }

  async pending(principal: Principal, siren: string): Promise<PendingInvitation[]> {
    const organisation = await this.members.managed(principal, siren);
    return this.invitations.pending(organisation.id);
  }

  async withdraw(principal: Principal, siren: string, email: string): Promise<void> {
    const organisation = await this.members.managed(principal, siren);
    if (!(await this.invitations.withdraw(organisation.id, email))) throw new ApiError(404, `no invitation of ${email} awaits an answer`);
  }

  async open(token: string): Promise<InvitationView> {
    const invitation = await this.invitations.open(token);
    if (!invitation) throw new ApiError(404, UNUSABLE);
    const { siren, name, kind } = invitation.organisation;
    return { organisation: { siren, name, kind }, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, accountExists: !!(await this.administrators.findByEmail(invitation.email)) };
  }

  /** Accepts it and signs the person in: a new account needs a password; an existing one does not take one. */
  async accept(token: string, password: string | undefined): Promise<AccessToken> {
    const invitation = await this.invitations.open(token);
    if (!invitation) throw new ApiError(404, UNUSABLE);
    const account = await this.administrators.findByEmail(invitation.email);
    if (account?.disabled) throw new ApiError(403, 'the account of this e-mail is disabled: ask the operator of the installation');
    if (!account && !password) throw ApiError.invalid([{ field: 'password', message: 'is required: choose the new account’s password' }]);
    if (account && password) throw ApiError.invalid([{ field: 'password', message: 'must be left out: this e-mail has an account already; sign in with it' }]);
    const accepted = await this.invitations.accept(invitation, password ? await argon2.hash(password) : undefined);
    if (!accepted) throw new ApiError(404, UNUSABLE);
    const signedIn = await this.administrators.findByEmail(invitation.email);
    return this.auth.issueToken(signedIn!);
  }
}
