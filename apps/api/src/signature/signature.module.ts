import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { WorkflowGatewayModule } from '../workflow-gateway/workflow-gateway.module';
import { SignatureController } from './signature.controller';
import { SignatureService } from './signature.service';
import { SigningController } from './signing.controller';

@Module({
  imports: [WorkflowGatewayModule, DocumentsModule],
  controllers: [SignatureController, SigningController],
  providers: [SignatureService],
})
export class SignatureModule {}
