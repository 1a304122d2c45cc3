import { Module } from '@nestjs/common';
import { WorkflowGatewayModule } from '../workflow-gateway/workflow-gateway.module';
import { LegalFollowUpController } from './legal-follow-up.controller';
import { LegalFollowUpService } from './legal-follow-up.service';

@Module({
  imports: [WorkflowGatewayModule],
  controllers: [LegalFollowUpController],
  providers: [LegalFollowUpService],
})
export class LegalFollowUpModule {}
