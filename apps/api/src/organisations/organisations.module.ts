import { Module } from '@nestjs/common';
import { CampaignOrganisationsController } from './campaign-organisations.controller';
import { CampaignOrganisationsService } from './campaign-organisations.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';

@Module({
  controllers: [OrganisationsController, CampaignOrganisationsController],
  providers: [OrganisationsService, CampaignOrganisationsService],
})
export class OrganisationsModule {}
