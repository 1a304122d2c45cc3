import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { Access, CurrentPrincipal, Principal } from './access.decorator';
import { AccessToken, AuthService, Identity } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Access('login')
  @ApiOkResponse({ description: '`{accessToken, expiresAt}`: an access token for the Authorization: Bearer header' })
  @ApiErrors(400, [401, 'unknown e-mail or wrong password (the same answer for both)'], 413)
  login(@Body() body: LoginDto): Promise<AccessToken> {
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @Access('authenticated')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token belongs to: an administrator, or the secretary of one signatory of one campaign' })
  @ApiOkResponse({ description: '`{kind: "administrator", email}` or `{kind: "secretary", campaignId, signatory}`' })
  me(@CurrentPrincipal() principal: Principal): Promise<Identity> {
    return this.auth.identify(principal);
  }
}
