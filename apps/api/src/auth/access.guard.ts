import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { isValidId } from '@ctg/domain';
import { AdministratorRepository, OrganisationRepository, SignatoryLinkRepository } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import { ACCESS_RULE, AccessRule, Principal } from './access.decorator';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** What an administrator's access token says (see AuthService.issueToken). */
export interface AdministratorClaims {
  sub: string;
  email: string;
  role: string;
  /** The account's token version when it was issued. */
  ver: number;
}

function tokenOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1] : undefined;
  }
  const query = request.query.token;
  return typeof query === 'string' ? query : undefined;
}

/**
 * The single place that decides access, from each route's rule: 401 without valid credentials,
 * 403 for a secretary outside their campaign and signatory. Routes without a rule are
 * administrators' only, so a forgotten rule closes rather than opens.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly links: SignatoryLinkRepository,
    private readonly administrators: AdministratorRepository,
    private readonly organisations: OrganisationRepository,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule =
      this.reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [context.getHandler(), context.getClass()]) ?? 'admin';
    if (rule === 'public' || rule === 'login') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenOf(request);
    if (!token) throw new ApiError(401, 'authentication required: send an administrator token or a personal link token');
    const ip = request.ip;

    if (token.startsWith('sl_') || token.startsWith('sg_')) {
      const scope = await this.links.resolve(token);
      if (!scope) throw new ApiError(401, 'this personal link is invalid, expired or revoked');
      const { campaignId, signatoryId, linkId } = scope;
      const { id, sid } = request.params;
      const own = id === campaignId && sid === signatoryId;
      let allowed: boolean;
      if (scope.purpose === 'signature') {
        request.principal = { actor: { kind: 'signer', id: linkId, ip }, signer: { campaignId, signatoryId, linkId, locked: scope.locked, failedCodes: scope.failedCodes } };
        allowed = rule === 'authenticated' || (rule === 'signer' && own);
      } else {
        // A forwarded link names its holder in whatever they record: who acted for the body.
        const actor = { kind: 'secretary' as const, id: linkId, ip, ...(scope.holder ? { name: `${scope.holder.name} <${scope.holder.email}>` } : {}) };
        request.principal = { actor, scope: { campaignId, signatoryId } };
        allowed = rule === 'authenticated' || (rule === 'campaign' && id === campaignId) || (rule === 'signatory' && own);
      }
      if (!allowed) throw new ApiError(403, 'this personal link does not give access to this resource');
      return true;
    }
    const claims = await this.administratorClaims(token);
    // A signature proves the token was issued, not that its administrator still holds the account.
    const account = await this.administrators.active(claims.sub, claims.ver);
    if (!account) {
      throw new ApiError(401, 'this access token no longer opens anything: its administrator was disabled or removed, or changed their password');
    }
    request.principal = { actor: { kind: 'administrator', id: account.email, ip }, administratorId: claims.sub, operator: account.operator };
    if (rule === 'signer') throw new ApiError(403, "only the body's signature link signs for it");
    if (rule === 'operator' && !account.operator) throw new ApiError(403, "only the installation's operator manages accounts");
    const campaignId = request.params.id;
    // A malformed id is left to the route's pipe, which names the field (400).
    if (typeof campaignId === 'string' && isValidId(campaignId) && request.route?.path?.startsWith('/campaigns/:id')) {
      await this.requireCampaignRole(claims.sub, campaignId, request.method);
    }
    return true;
  }

  /**
   * An administrator's role on the campaign, through the organisations holding it. A campaign none
   * of theirs holds is unknown to them (404, as one that does not exist: its existence is not theirs
   * to know), and an observer reads but changes nothing.
   */
  private async requireCampaignRole(administratorId: string, campaignId: string, method: string): Promise<void> {
    const role = await this.organisations.campaignRole(administratorId, campaignId);
    if (!role) throw new ApiError(404, `unknown campaign ${campaignId}`);
    if (role === 'observer' && method !== 'GET' && method !== 'HEAD') {
      throw new ApiError(403, "an observer reads the campaign and downloads its record and documents, but changes nothing: ask one of the campaign's managers");
    }
  }

  private async administratorClaims(token: string): Promise<AdministratorClaims> {
    try {
      const claims = await this.jwt.verifyAsync<AdministratorClaims>(token, { secret: this.settings.jwtSecret, algorithms: ['HS256'] });
      if (claims.role !== 'administrator') throw new Error('not an administrator token');
      return claims;
    } catch {
      throw new ApiError(401, 'invalid or expired access token');
    }
  }
}
