import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { AdministratorEmailPipe } from '../administrators/administrator-email.pipe';
import { ApiErrors } from '../common/api-docs';
import { SirenPipe } from '../territories/siren.pipe';
import { CreateOrganisationDto, MemberRoleDto } from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

const UNKNOWN = [404, 'unknown organisation (or not one of the caller’s)'] as const;
const LAST_MANAGER = [409, 'the last manager of the organisation: name another one first; nothing changed'] as const;

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @Access('admin')
  @ApiOperation({ summary: "The caller's organisations with their role in each (every organisation for the operator)" })
  @ApiOkResponse({ description: '`{organisations: [{siren, name, kind, role}]}`' })
  async list(@CurrentPrincipal() principal: Principal) {
    return { organisations: await this.organisations.list(principal) };
  }

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Create an organisation (the operator only)' })
  @ApiCreatedResponse({ description: '`{siren, name, kind, role: null}`' })
  @ApiErrors(400, [409, 'an organisation with this SIREN exists'], 413)
  create(@Body() body: CreateOrganisationDto, @CurrentPrincipal() principal: Principal) {
    return this.organisations.create(principal, body.siren, body.name, body.kind);
  }

  @Get(':siren')
  @Access('admin')
  @ApiOperation({ summary: 'One organisation and its members (its members and the operator)' })
  @ApiOkResponse({ description: '`{siren, name, kind, role, members: [{email, role, addedAt, disabled}]}`' })
  @ApiErrors(400, [...UNKNOWN])
  get(@Param('siren', SirenPipe) siren: string, @CurrentPrincipal() principal: Principal) {
    return this.organisations.get(principal, siren);
  }

  @Put(':siren/members/:email')
  @Access('admin')
  @ApiOperation({ summary: "Add a member with a role, or change a member's role (the organisation's managers, and the operator)" })
  @ApiOkResponse({ description: '`{members: [...]}`, the organisation’s members after the change' })
  @ApiErrors(400, [404, 'unknown organisation, or no account with this e-mail'], [...LAST_MANAGER], 413)
  async setMember(
    @Param('siren', SirenPipe) siren: string,
    @Param('email', AdministratorEmailPipe) email: string,
    @Body() body: MemberRoleDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { members: await this.organisations.setMember(principal, siren, email, body.role) };
  }

  @Delete(':siren/members/:email')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ summary: 'Remove a member: their sessions end at once (the organisation’s managers, and the operator)' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(400, [404, 'unknown organisation, or not a member'], [...LAST_MANAGER])
  removeMember(@Param('siren', SirenPipe) siren: string, @Param('email', AdministratorEmailPipe) email: string, @CurrentPrincipal() principal: Principal) {
    return this.organisations.removeMember(principal, siren, email);
  }
}
