import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { ACCESS_RULE, AccessRule } from './access.decorator';
import { AuthenticatedRequest } from './access.guard';
import { ApiError } from '../common/api-error';

/**
 * Rate limits where guessing pays: login attempts per IP, and requests made with a personal link
 * per link. Administrators' authenticated calls are not limited.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (rule === 'login') return false;
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
