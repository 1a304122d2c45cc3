import { Module } from '@nestjs/common';
import { WorkflowGatewayModule } from '../workflow-gateway/workflow-gateway.module';
import { CampaignDocumentsController } from './campaign-documents.controller';
import { DocumentsService } from './documents.service';
import { SignatoryDocumentsController } from './signatory-documents.controller';

@Module({
  imports: [WorkflowGatewayModule],
  controllers: [CampaignDocumentsController, SignatoryDocumentsController],
  providers: [DocumentsService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
