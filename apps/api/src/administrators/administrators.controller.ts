import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { AccessToken } from '../auth/auth.service';
import { ApiErrors } from '../common/api-docs';
import { AdministratorEmailPipe } from './administrator-email.pipe';
import { AdministratorsService } from './administrators.service';
import { AccessTokenDto, AddAdministratorDto, AdministratorAccountDto, AdministratorListDto, ChangePasswordDto } from './dto/administrator.dto';

const UNKNOWN = [404, 'unknown administrator'] as const;
const LAST_ACTIVE = [409, 'the last active administrator: add or enable another one first; nothing changed'] as const;

@ApiTags('administrators')
@ApiBearerAuth()
@Controller('administrators')
export class AdministratorsController {
  constructor(private readonly accounts: AdministratorsService) {}

  @Get()
  @Access('operator')
  @ApiOperation({ summary: 'List the administrator accounts, disabled ones included' })
  @ApiOkResponse({ type: AdministratorListDto })
  async list(): Promise<AdministratorListDto> {
    return { administrators: await this.accounts.list() };
  }

  @Post()
  @Access('operator')
  @ApiOperation({ summary: 'Add an administrator, who can log in at once' })
  @ApiCreatedResponse({ type: AdministratorAccountDto })
  @ApiErrors(400, [409, 'an administrator with this e-mail exists; nothing changed'], 413)
  add(@Body() body: AddAdministratorDto): Promise<AdministratorAccountDto> {
    return this.accounts.add(body.email, body.password);
  }

  @Put('me/password')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: "Change one's own password; every token issued before stops working, and the answer carries a new one" })
  @ApiOkResponse({ type: AccessTokenDto, description: 'a new access token: the one sent no longer works' })
  @ApiErrors(400, 413, [422, '`currentPassword` is wrong, or `newPassword` is the same; nothing changed'])
  changeOwnPassword(@Body() body: ChangePasswordDto, @CurrentPrincipal() principal: Principal): Promise<AccessToken> {
    return this.accounts.changeOwnPassword(principal, body.currentPassword, body.newPassword);
  }

  @Post(':email/disable')
  @HttpCode(200)
  @Access('operator')
  @ApiOperation({ summary: 'Disable an administrator: no login, and their tokens are refused at once (409 for the last active one)' })
  @ApiOkResponse({ type: AdministratorAccountDto })
  @ApiErrors(400, [...UNKNOWN], [...LAST_ACTIVE])
  disable(@Param('email', AdministratorEmailPipe) email: string): Promise<AdministratorAccountDto> {
    return this.accounts.disable(email);
  }

  @Post(':email/enable')
  @HttpCode(200)
  @Access('operator')
  @ApiOperation({ summary: 'Enable a disabled administrator again; the tokens they had before stay refused' })
  @ApiOkResponse({ type: AdministratorAccountDto })
  @ApiErrors(400, [...UNKNOWN])
  enable(@Param('email', AdministratorEmailPipe) email: string): Promise<AdministratorAccountDto> {
    return this.accounts.enable(email);
  }

  @Delete(':email')
  @HttpCode(204)
  @Access('operator')
  @ApiOperation({ summary: 'Remove an administrator: their tokens are refused at once (409 for the last active one); the record keeps their e-mail' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(400, [...UNKNOWN], [...LAST_ACTIVE])
  remove(@Param('email', AdministratorEmailPipe) email: string): Promise<void> {
    return this.accounts.remove(email);
  }
}
