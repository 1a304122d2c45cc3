import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access } from '../auth/access.decorator';
import { ApiErrors } from '../common/api-docs';
import { ApiError } from '../common/api-error';
import { ProConnectService, SIGN_IN_PAGE } from './proconnect.service';

const STATE_COOKIE = 'ctg_proconnect_state';
const COOKIE_PATH = '/auth/proconnect';

function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

@ApiTags('auth')
@Controller('auth')
export class ProConnectController {
  constructor(private readonly proConnect: ProConnectService) {}

  @Get('sign-in-options')
  @Access('public')
  @ApiOperation({ summary: 'How administrators sign in here: with a password, and with ProConnect when it is configured' })
  @ApiOkResponse({ description: '`{password: true, proConnect: boolean}`' })
  options() {
    return { password: true, proConnect: this.proConnect.enabled };
  }

  @Get('proconnect')
  @Access('public')
  @ApiOperation({ summary: 'Start a sign-in with ProConnect: a redirection to the provider (302), the state kept in a cookie of this browser' })
  @ApiResponse({ status: 302, description: 'to the provider' })
  @ApiErrors([404, 'ProConnect is not configured'], [503, 'the provider cannot be reached'])
  async start(@Req() request: Request, @Res() res: Response): Promise<void> {
    const { url, state } = await this.proConnect.start();
    res.cookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: COOKIE_PATH, maxAge: 10 * 60_000 });
    res.redirect(302, url);
  }

  @Get('proconnect/callback')
  @Access('public')
  @ApiOperation({
    summary:
      'The return from ProConnect: a redirection to the web interface, with the access token in the fragment, or the reason of the refusal (`#erreur=etat|fournisseur|refus|organisation-inconnue|non-membre`)',
  })
  @ApiResponse({ status: 302, description: 'to the web interface' })
  @ApiErrors([404, 'ProConnect is not configured'])
  async callback(@Query() query: Record<string, unknown>, @Req() request: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.proConnect.finish(query, cookieOf(request, STATE_COOKIE));
    res.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
    const fragment =
      'refused' in outcome
        ? new URLSearchParams({ erreur: outcome.refused })
        : new URLSearchParams({ jeton: outcome.accessToken, expire: outcome.expiresAt, idt: outcome.idToken });
    res.redirect(302, `${SIGN_IN_PAGE}#${fragment}`);
  }

  @Get('proconnect/logout')
  @Access('public')
  @ApiOperation({ summary: 'End the session at ProConnect too: a redirection to its end-session endpoint, then back to the home page' })
  @ApiResponse({ status: 302, description: 'to the provider' })
  @ApiErrors([400, '`id_token_hint` is missing'], [404, 'ProConnect is not configured'])
  async logout(@Query('id_token_hint') idTokenHint: unknown, @Res() res: Response): Promise<void> {
    if (typeof idTokenHint !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(idTokenHint)) {
      throw new ApiError(400, 'id_token_hint: the id token ProConnect gave at sign-in', [{ field: 'id_token_hint', message: 'must be the id token given at sign-in' }]);
    }
    res.redirect(302, await this.proConnect.logoutUrl(idTokenHint));
  }
}
