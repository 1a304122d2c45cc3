import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { ApiErrors } from '../common/api-docs';
import { IdPipe } from '../common/id.pipe';
import { SirenPipe } from '../territories/siren.pipe';
import { CampaignOrganisationsService } from './campaign-organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('campaigns/:id/organisations')
export class CampaignOrganisationsController {
  constructor(private readonly holders: CampaignOrganisationsService) {}

  @Get()
  @Access('admin')
  @ApiOperation({ summary: 'The organisations holding the campaign: the one that launched it (`owner`) and its partners' })
  @ApiOkResponse({ description: '`{organisations: [{siren, name, kind, relation}]}`, the owner first' })
  @ApiErrors(400, 404)
  async list(@Param('id', IdPipe) id: string) {
    return { organisations: await this.holders.list(id) };
  }

  @Put(':siren')
  @Access('admin')
  @ApiOperation({ summary: "Share the campaign with a partner organisation, whose members then see it by their role (the owner's managers)" })
  @ApiOkResponse({ description: '`{organisations: [...]}` after the change; sharing again changes nothing' })
  @ApiErrors(400, [403, "not a manager of the campaign's owner"], [404, 'unknown campaign or organisation'])
  async share(@Param('id', IdPipe) id: string, @Param('siren', SirenPipe) siren: string, @CurrentPrincipal() principal: Principal) {
    return { organisations: await this.holders.share(id, siren, principal) };
  }

  @Delete(':siren')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ summary: "Stop sharing the campaign with a partner (the owner's managers); the owner stays" })
  @ApiNoContentResponse({ description: 'no longer shared' })
  @ApiErrors(400, [403, "not a manager of the campaign's owner"], [404, 'unknown campaign, or not a partner of it'], [409, 'the owner cannot be removed'])
  unshare(@Param('id', IdPipe) id: string, @Param('siren', SirenPipe) siren: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.holders.unshare(id, siren, principal);
  }
}
