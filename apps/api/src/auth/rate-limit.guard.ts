import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { ACCESS_RULE, AccessRule } from './access.decorator';
import { AuthenticatedRequest } from './access.guard';
import { ApiError } from '../common/api-error';

const LIMITED_BY_ADDRESS = 'ctg:limited-by-address';

/** A public route reached by a secret in its path (a calendar feed): limited per client address, as guessing pays there too. */
export const LimitedByAddress = () => SetMetadata(LIMITED_BY_ADDRESS, true);

/**
 * Rate limits where guessing pays: login attempts per IP, requests made with a personal link
 * per link, and public routes that take a secret per IP. Administrators' authenticated calls are not limited.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (rule === 'login') return false;
    if (this.reflector.get<boolean>(LIMITED_BY_ADDRESS, context.getHandler())) return false;
    const kind = request.principal?.actor.kind;
    return kind !== 'secretary' && kind !== 'signer';
  }

  /** Each limit applies to its own kind of request: `login` to the login route, `default` to links. */
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [request.context.getHandler(), request.context.getClass()]);
    if ((request.throttler.name === 'login') !== (rule === 'login')) return true;
    return super.handleRequest(request);
  }

  protected override async getTracker(raw: Record<string, unknown>): Promise<string> {
    const request = raw as unknown as AuthenticatedRequest;
    return request.principal ? `link:${request.principal.actor.id}` : `ip:${request.ip}`;
  }

  protected override async throwThrottlingException(_: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ApiError(429, `too many requests: try again in ${Math.ceil(detail.timeToBlockExpire / 1000) || 60} s`);
  }
}
