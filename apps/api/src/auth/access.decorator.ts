import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor } from '../../../../libs/domain/src';

/**
 * Who may call a route (API.md's table): anyone, administrators only, administrators or a
 * secretary of the campaign in `:id`, administrators or the secretary of `:id`/`:sid`, or anyone
 * with valid credentials (to learn who they are).
 */
export type AccessRule = 'public' | 'admin' | 'campaign' | 'signatory' | 'login' | 'authenticated';

export const ACCESS_RULE = 'ctg:access';
export const Access = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);

export interface Principal {
  actor: Actor;
  /** Set for a secretary: the only campaign and signatory their link opens. */
  scope?: { campaignId: string; signatoryId: string };
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest();
  return request.principal.actor;
});

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest().principal;
});
