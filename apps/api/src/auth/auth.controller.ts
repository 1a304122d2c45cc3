import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Access } from './access.decorator';
import { AccessToken, AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Access('login')
  @ApiOkResponse({ description: 'an access token for the Authorization: Bearer header' })
  @ApiUnauthorizedResponse({ description: 'unknown e-mail or wrong password (the same answer for both)' })
  login(@Body() body: LoginDto): Promise<AccessToken> {
    return this.auth.login(body.email, body.password);
  }
}
