import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { AdministratorEmailPipe } from '../administrators/administrator-email.pipe';
import { ApiErrors } from '../common/api-docs';
import { SirenPipe } from '../territories/siren.pipe';
import { AcceptInvitationDto, InvitationTokenDto, InviteDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

const UNUSABLE = [404, 'the invitation is invalid, expired, withdrawn or accepted already'] as const;

@ApiTags('organisations')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('organisations/:siren/invitations')
  @Access('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Invite a person by e-mail to join the organisation with a role (its managers, and the operator); a new invitation replaces the one awaiting an answer' })
  @ApiCreatedResponse({ description: '`{email, role, invitedBy, createdAt, expiresAt}`: the SMTP server took the e-mail' })
  @ApiErrors(400, [404, 'unknown organisation'], [409, 'a member already'], 413, [503, 'the e-mail could not be sent: nothing was kept'])
  invite(@Param('siren', SirenPipe) siren: string, @Body() body: InviteDto, @CurrentPrincipal() principal: Principal) {
    return this.invitations.invite(principal, siren, body.email, body.role);
  }

  @Get('organisations/:siren/invitations')
  @Access('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The invitations awaiting an answer (the organisation’s managers, and the operator)' })
  @ApiOkResponse({ description: '`{invitations: [{email, role, invitedBy, createdAt, expiresAt}]}`' })
  @ApiErrors(400, [404, 'unknown organisation'])
  async pending(@Param('siren', SirenPipe) siren: string, @CurrentPrincipal() principal: Principal) {
    return { invitations: await this.invitations.pending(principal, siren) };
  }

  @Delete('organisations/:siren/invitations/:email')
  @HttpCode(204)
  @Access('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Withdraw an invitation awaiting an answer: its link stops working' })
  @ApiNoContentResponse({ description: 'withdrawn' })
  @ApiErrors(400, [404, 'unknown organisation, or no invitation of this e-mail awaits an answer'])
  withdraw(@Param('siren', SirenPipe) siren: string, @Param('email', AdministratorEmailPipe) email: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.invitations.withdraw(principal, siren, email);
  }

  @Post('invitations/open')
  @HttpCode(200)
  @Access('login')
  @ApiOperation({ summary: 'What the invitation link opens: the organisation, the role, and whether the e-mail has an account' })
  @ApiOkResponse({ description: '`{organisation: {siren, name, kind}, email, role, expiresAt, accountExists}`' })
  @ApiErrors(400, [...UNUSABLE], 413)
  open(@Body() body: InvitationTokenDto) {
    return this.invitations.open(body.token);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @Access('login')
  @ApiOperation({ summary: 'Accept the invitation: the account is created (with `password`) or joins with the one of that e-mail; the answer signs the person in' })
  @ApiOkResponse({ description: '`{accessToken, expiresAt}`' })
  @ApiErrors(400, [403, 'the account of this e-mail is disabled'], [...UNUSABLE], 413, [422, '`password` is required for a new account, or must be left out'])
  accept(@Body() body: AcceptInvitationDto) {
    return this.invitations.accept(body.token, body.password);
  }
}
