import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor } from '@ctg/domain';
import { ApiErrors, ErrorStatus } from '../common/api-docs';

/**
 * Who may call a route (API.md's table): anyone, administrators only (on a campaign, the members
 * of the organisations holding it: managers, and observers for reads), the installation's
 * operator, administrators or a
 * secretary of the campaign in `:id`, administrators or the secretary of `:id`/`:sid`, the
 * signature link of `:id`/`:sid` only (`signer`), or anyone with valid credentials (to learn who
 * they are).
 */
export type AccessRule = 'public' | 'admin' | 'operator' | 'campaign' | 'signatory' | 'signer' | 'login' | 'authenticated';

export const ACCESS_RULE = 'ctg:access';

/**
 * What the guards answer before a route runs, by its rule: 401 without valid credentials, 403
 * outside one's scope (none for `authenticated`), 429 where the rate limits apply (login, and
 * personal links), 503 when PostgreSQL, which holds administrators and links, is down.
 */
const GUARD_ERRORS: Record<AccessRule, ErrorStatus[]> = {
  public: [],
  login: [429, 503],
  admin: [401, 403, 503],
  operator: [401, 403, 503],
  campaign: [401, 403, 429, 503],
  signatory: [401, 403, 429, 503],
  signer: [401, 403, 429, 503],
  authenticated: [401, 429, 503],
};

/** The route's rule, and its guards' answers in the OpenAPI document. */
export const Access = (rule: AccessRule) => applyDecorators(SetMetadata(ACCESS_RULE, rule), ApiErrors(...GUARD_ERRORS[rule]));

export interface Principal {
  actor: Actor;
  /** Set for an administrator: their account's id. */
  administratorId?: string;
  /** Set for an administrator: whether they are the installation's operator (accounts and organisations). */
  operator?: boolean;
  /** Set for a secretary: the only campaign and signatory their link opens. */
  scope?: { campaignId: string; signatoryId: string };
  /** Set for a body's signing authority: the only campaign and body their signature link signs for. */
  signer?: { campaignId: string; signatoryId: string; linkId: string; locked: boolean; failedCodes: number };
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest();
  return request.principal.actor;
});

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest().principal;
});
