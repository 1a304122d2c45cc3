import { Module } from '@nestjs/common';
import { CampaignGateway } from './campaign-gateway.service';
import { ProjectionWaiter } from './projection-waiter.service';

@Module({ providers: [CampaignGateway, ProjectionWaiter], exports: [CampaignGateway] })
export class WorkflowGatewayModule {}
