import { Module } from '@nestjs/common';
import { WorkflowGatewayModule } from '../workflow-gateway/workflow-gateway.module';
import { DeliberationsController } from './deliberations.controller';
import { DeliberationsService } from './deliberations.service';

@Module({
  imports: [WorkflowGatewayModule],
  controllers: [DeliberationsController],
  providers: [DeliberationsService],
})
export class DeliberationsModule {}
