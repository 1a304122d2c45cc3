import { Module } from '@nestjs/common';
import { WorkflowGatewayModule } from '../workflow-gateway/workflow-gateway.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [WorkflowGatewayModule],
  controllers: [CampaignsController],
  providers: [CampaignsService],
})
export class CampaignsModule {}
