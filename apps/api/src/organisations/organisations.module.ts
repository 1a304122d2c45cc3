import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { CampaignOrganisationsController } from './campaign-organisations.controller';
import { CampaignOrganisationsService } from './campaign-organisations.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [AuthModule],
  controllers: [OrganisationsController, CampaignOrganisationsController, InvitationsController],
  providers: [OrganisationsService, CampaignOrganisationsService, InvitationsService],
  // Webhooks are managed by the organisation's managers: the webhooks module asks who they are.
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
