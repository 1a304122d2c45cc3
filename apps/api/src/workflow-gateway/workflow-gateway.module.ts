import { Module } from '@nestjs/common';
import { CampaignGateway } from './campaign-gateway.service';

@Module({ providers: [CampaignGateway], exports: [CampaignGateway] })
export class WorkflowGatewayModule {}
